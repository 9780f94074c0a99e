// The sandbox's embedded PostgreSQL, run as its own process (activations-database.ts starts it):
// PGlite (PostgreSQL compiled to WebAssembly) executes queries on the thread that calls it, so in
// the engine's process it would hold up the workers; here it has a thread of its own.
// Usage: node database-server.mjs <data directory>; prints `listening <port>` once it serves.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const [dataDir, rows = '120'] = process.argv.slice(2);
const PLANS = ['free', 'starter', 'pro', 'enterprise'];

mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create({ dataDir });
await db.exec(`
  CREATE TABLE IF NOT EXISTS sample_customers (
    customer_id text PRIMARY KEY,
    email text NOT NULL,
    full_name text,
    plan text,
    seats integer,
    signed_up timestamptz
  );
`);
const { rows: counted } = await db.query('SELECT count(*)::int AS count FROM sample_customers');
if ((counted[0]?.count ?? 0) === 0) {
  // Deterministic sample rows; the sample activation upserts them as contacts by email.
  const values = Array.from({ length: Number(rows) }, (_, index) => {
    const n = index + 1;
    return `('cust-${String(n).padStart(4, '0')}', 'customer${n}@sample-warehouse.test', 'Sample Customer ${n}', '${PLANS[n % PLANS.length]}', ${(n % 9) + 1}, timestamptz '2024-01-01' + interval '${n} days')`;
  });
  await db.exec(`INSERT INTO sample_customers VALUES ${values.join(',\n')}`);
}
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
await server.start();
process.stdout.write(`listening ${server.server.address().port}\n`);

const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent gone (killed without a chance to stop us): stop too.
process.stdin.on('end', () => void stop());
process.stdin.resume();
