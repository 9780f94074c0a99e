/**
 * The registry of operations, by name. The API documents and validates one route per operation from it;
 * the `runOperation` activity executes an operation by name.
 */
import { companyOperations } from './companies';
import { contactOperations } from './contacts';
import { conversationOperations } from './conversations';
import type { AnyOperation } from './definition';
import { rawCallOperation } from './raw-call';
import { tagOperations } from './tags';
import { workspaceOperations } from './workspace';

export type { AnyOperation, OperationCall, Resource } from './definition';
export { RESOURCES } from './definition';

export const OPERATIONS: readonly AnyOperation[] = [
  ...contactOperations,
  ...companyOperations,
  ...tagOperations,
  ...workspaceOperations,
  ...conversationOperations,
  rawCallOperation,
];

const byName = new Map(OPERATIONS.map((operation) => [operation.name, operation]));
if (byName.size !== OPERATIONS.length) throw new Error('two operations share a name');

export const operationNames = (): string[] => OPERATIONS.map((operation) => operation.name);

export function findOperation(name: string): AnyOperation | undefined {
  return byName.get(name);
}
