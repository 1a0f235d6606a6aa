import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { type LocalServices, startLocalServices } from "../../src/connector/local/services";

/**
 * Starts the embedded services ONCE per vitest run: kinesis-local (default Kinesis), kinesalite (second backend),
 * dynalite and s3rver, all on 127.0.0.1 at free ports. Endpoints reach the tests both through `inject()` and through
 * TSPARK_TEST_* env vars (set before the workers fork, so child processes of tests see them too). The teardown stops
 * them; if vitest itself dies, the children's stdin watchdog ends them.
 */
declare module "vitest" {
  export interface ProvidedContext {
    kinesisEndpoint: string;
    kinesaliteEndpoint: string;
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Tests never touch the user's ~/.tspark (data kept between sessions, running-shell files): every shell a test
  // starts, in-process or as `bin/tspark`, uses this run's own state directory (state-dir.ts).
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-test-state-"));
  process.env.TSPARK_STATE_DIR = stateDir;
  const started: LocalServices[] = [];
  try {
    const [main, alt] = await Promise.all([
      startLocalServices({ fastTimings: true }),
      startLocalServices({ kinesisBackend: "kinesalite", services: ["kinesis"] }),
    ]);
    started.push(main, alt);
    const env = {
      TSPARK_TEST_KINESIS_ENDPOINT: main.endpoints.kinesis!,
      TSPARK_TEST_KINESALITE_ENDPOINT: alt.endpoints.kinesis!,
      TSPARK_TEST_DYNAMODB_ENDPOINT: main.endpoints.dynamodb!,
      TSPARK_TEST_S3_ENDPOINT: main.endpoints.s3!,
    };
    Object.assign(process.env, env);
    project.provide("kinesisEndpoint", env.TSPARK_TEST_KINESIS_ENDPOINT);
    project.provide("kinesaliteEndpoint", env.TSPARK_TEST_KINESALITE_ENDPOINT);
    project.provide("dynamodbEndpoint", env.TSPARK_TEST_DYNAMODB_ENDPOINT);
    project.provide("s3Endpoint", env.TSPARK_TEST_S3_ENDPOINT);
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
}
