/**
 * `npm run op -- <operation> ...`: runs one operation through the engine's API (POST /operations/<name>),
 * follows a 202 to the run's end, and prints the result as JSON. Thin on purpose: the API validates, runs
 * and answers; this only speaks HTTP. Exit code 0 on success, 1 when the API or Intercom refused, 2 on a
 * usage mistake.
 */
import { OP_USAGE, parseOpArgs, type OpCommand } from './op-args';

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
const fail = (message: string, code: number): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

async function request(url: string, token: string | undefined, init: RequestInit = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...init.headers },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: shown as text
  }
  return { status: response.status, body };
}

function refusal(status: number, body: unknown): string {
  const problem = body as { detail?: string; errors?: Array<{ path: string; message: string }> } | undefined;
  const lines = [`${status}: ${problem?.detail ?? JSON.stringify(body)}`];
  for (const error of problem?.errors ?? []) lines.push(`  ${error.path}: ${error.message}`);
  return lines.join('\n');
}

async function run(command: OpCommand): Promise<void> {
  const query = command.wait === undefined ? '' : `?wait=${command.wait}`;
  const answer = await request(
    `${command.api}/operations/${encodeURIComponent(command.operation)}${query}`,
    command.token,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(command.idempotencyKey === undefined ? {} : { 'idempotency-key': command.idempotencyKey }),
      },
      body: JSON.stringify(command.input),
    },
  );
  if (answer.status === 200) return print(answer.body);
  if (answer.status !== 202) return fail(refusal(answer.status, answer.body), 1);
  const accepted = answer.body as { run: string };
  if (!command.follow) return print(answer.body);
  process.stderr.write(`still running: following ${accepted.run}\n`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const view = await request(`${command.api}${accepted.run}`, command.token);
    const run = view.body as { status?: string; result?: unknown; failure?: string };
    if (view.status !== 200) return fail(refusal(view.status, view.body), 1);
    if (run.status === 'RUNNING') continue;
    if (run.status === 'COMPLETED') return print(run.result);
    return fail(`the run ended ${run.status}: ${run.failure ?? 'no reason given'}`, 1);
  }
}

async function main(): Promise<void> {
  const parsed = parseOpArgs(process.argv.slice(2), process.env);
  if ('help' in parsed) return void process.stdout.write(`${OP_USAGE}\n`);
  if ('error' in parsed) return fail(`${parsed.error}\n\n${OP_USAGE}`, 2);
  if ('list' in parsed) {
    const answer = await request(`${parsed.list.api}/operations`, parsed.list.token);
    if (answer.status !== 200) return fail(refusal(answer.status, answer.body), 1);
    const { operations } = answer.body as { operations: Array<{ name: string; summary: string }> };
    const width = Math.max(...operations.map((operation) => operation.name.length));
    for (const operation of operations) process.stdout.write(`${operation.name.padEnd(width)}  ${operation.summary}\n`);
    return;
  }
  await run(parsed.command);
}

main().catch((error: unknown) => fail(`npm run op: ${error instanceof Error ? error.message : String(error)}`, 1));
