/** Every query the engine's workflows answer. Definitions only. */
import { defineQuery } from '@temporalio/workflow';
import type { FailureRecord } from './failures';
import type { FetchProgress } from './fetch';

/** An entity workflow's kept failures, without the work they keep. */
export const failuresQuery = defineQuery<FailureRecord[]>('failures');

/** A fetch run's progress (GET /runs/:id reads the memo copy, which answers with no worker up). */
export const progressQuery = defineQuery<FetchProgress>('progress');
