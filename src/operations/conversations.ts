/** Conversations: filled in by the next commit. */
import type { AnyOperation } from './definition';

export const conversationOperations: AnyOperation[] = [];
