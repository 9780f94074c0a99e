/**
 * The API and the schedules start workflows by the names in src/shared/workflow-types.ts: each name
 * must be a workflow the worker registers, under that very name, and every registered workflow must
 * have a name there. The type below fails `npm run typecheck` when a name is not an exported workflow.
 */
import { WORKFLOW_TYPES, type WorkflowTypeName } from '../../src/shared/workflow-types';
import * as workflows from '../../src/workflows';

type Registered = keyof typeof workflows;
const everyNameIsRegistered: Record<WorkflowTypeName, Registered> = Object.fromEntries(
  Object.values(WORKFLOW_TYPES).map((name) => [name, name]),
) as Record<WorkflowTypeName, WorkflowTypeName>;

describe('workflow type names', () => {
  it('name every registered workflow, each by its function name', () => {
    expect(Object.values(WORKFLOW_TYPES).sort()).toEqual(Object.keys(workflows).sort());
    for (const name of Object.keys(everyNameIsRegistered) as WorkflowTypeName[]) {
      expect(workflows[name].name).toBe(name);
    }
  });
});
