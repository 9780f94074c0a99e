export default async function globalTeardown(): Promise<void> {
  await Promise.allSettled([globalThis.__TEMPORAL_TEST_SERVER__?.stop(), globalThis.__POSTGRES_TEST_SERVER__?.stop()]);
}
