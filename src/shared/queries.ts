/** Every query the engine's workflows answer. Definitions only. */
import { defineQuery } from '@temporalio/workflow';
import type { FailureRecord, KeptFailure } from './failures';
import type { ActivationProgress } from './activations';
import type { FetchProgress } from './fetch';

/** An entity workflow's kept failures, without the work they keep. */
export const failuresQuery = defineQuery<FailureRecord[]>('failures');

/** The same, each with the work it keeps (the Hull message or Intercom notification): GET /failures?include=payload. */
export const failuresWithWorkQuery = defineQuery<Array<KeptFailure<unknown>>>('failuresWithWork');

/** A fetch run's progress (GET /runs/:id reads the memo copy, which answers with no worker up). */
export const progressQuery = defineQuery<FetchProgress>('progress');

/** An activation run's progress (GET /runs/:id and GET /activations/:name/runs/:id read the memo copy). */
export const activationProgressQuery = defineQuery<ActivationProgress>('activationProgress');
