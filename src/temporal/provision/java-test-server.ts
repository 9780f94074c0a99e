import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProvisioningError } from './ensure-cli';
import { findFreePort } from './network';
import { startServerProcess } from './server-process';
import { TOOLS_CACHE_DIR } from './paths';
import { startTicker, type ProgressLog } from './progress';
import { runCommand } from './run-command';

const TEST_SERVER_VERSION = '1.38.0';
const JAVA_DIR = join(TOOLS_CACHE_DIR, 'java-test-server');

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.hull-intercom-sync</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

async function fetchJars(log: ProgressLog): Promise<string> {
  const libDir = join(JAVA_DIR, 'lib');
  if (existsSync(libDir) && readdirSync(libDir).some((f) => f.startsWith('temporal-test-server'))) return libDir;
  mkdirSync(JAVA_DIR, { recursive: true });
  writeFileSync(join(JAVA_DIR, 'pom.xml'), POM);
  log.info(`fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its dependencies from Maven Central`);
  const stopTicker = startTicker(log, 'still fetching the Java test server', 'Maven downloads ~40 jars once');
  try {
    const result = await runCommand(
      'mvn',
      ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`, '-DincludeScope=runtime'],
      { cwd: JAVA_DIR },
    );
    if (result.code !== 0) {
      throw new ProvisioningError(`mvn exited with ${result.code}: ${result.stdout.slice(-400)}${result.stderr}`);
    }
  } finally {
    stopTicker();
  }
  return libDir;
}

/**
 * (e) Test-suite fallback only: Temporal's Java test server from Maven Central. It has no Web UI, no
 * Schedules and limited visibility queries, so it cannot serve `npm start`, and the suites that
 * exercise schedules need the dev server.
 */
export async function startJavaTestServer(log: ProgressLog) {
  const libDir = await fetchJars(log);
  const port = await findFreePort();
  const server = await startServerProcess(
    'java',
    ['-cp', join(libDir, '*'), 'io.temporal.testserver.TestServer', String(port)],
    { host: '127.0.0.1', port, timeoutMs: 60_000, name: 'Java test server' },
  );
  log.warn('running the Java test server: Schedules, the Web UI and advanced visibility are unavailable');
  return { address: `127.0.0.1:${port}`, stop: () => server.stop() };
}
