/**
 * When a long-lived workflow continues as new: when Temporal suggests it (history near its limits),
 * or after a fixed number of steps, so histories stay short enough to read in the UI and replay fast.
 */
import { workflowInfo } from '@temporalio/workflow';

/** Pages of a fetch run per workflow run. */
export const PAGES_PER_RUN = 250;

export const continueAsNewDue = (stepsThisRun: number, stepsPerRun: number): boolean =>
  workflowInfo().continueAsNewSuggested || stepsThisRun >= stepsPerRun;
