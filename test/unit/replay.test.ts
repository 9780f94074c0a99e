/**
 * Determinism guard (sdk-typescript's own practice): histories recorded from every workflow type
 * (test/fixtures/histories, protobuf `.bin` as `npm run histories:record` writes them) must replay against the current workflow
 * code. A failure here means workflows already running in production would break on deploy: keep
 * the old behaviour behind `patched()`, or re-record on purpose and say why in the commit.
 * `<type>-previous.bin` is the recording made by the code before the last change of that workflow
 * type's commands: it proves that runs started before the deploy replay on the new code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../src/workflows';
import { installTestRuntime, workflowBundle } from '../helpers/temporal';

const FIXTURES = join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.bin'));

describe('recorded workflow histories', () => {
  beforeAll(() => installTestRuntime());

  it('cover every workflow type the worker registers', () => {
    const types = new Set(files.map((name) => name.replace(/(-[a-z]+)?\.bin$/, '')));
    expect([...types].sort()).toEqual(Object.keys(workflows).sort());
  });

  it.each(files)('%s replays against the current workflow code', async (name) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(FIXTURES, name)));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });
});
