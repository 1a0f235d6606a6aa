import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { AwsConnection } from "../../src/connector/aws/connection";
import type { ShellEnvironment, startLocalEnvironment } from "../../src/shell/environment";
import type { createSessionFor } from "../../src/shell/session-factory";
import { type Driven, driveShell, loadNative } from "./helpers/drive";

/**
 * `tspark` with embedded services shows its prompt while the emulators boot (real kinesis-local, dynalite and
 * s3rver, started here as the shell starts them): input typed before they answer waits and then works, the
 * outcome is printed above the prompt, and a service that fails to start leaves the shell running.
 */
const environment = () =>
  loadNative<{ startLocalEnvironment: typeof startLocalEnvironment }>("src/shell/environment.ts");
const sessions = () => loadNative<{ createSessionFor: typeof createSessionFor }>("src/shell/session-factory.ts");
const defaultConnection = () =>
  loadNative<{ setDefaultConnection(c: AwsConnection | undefined): void }>("src/connector/aws/default-connection.ts");

function occupyPort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

describe("shell start-up with embedded services in the background", () => {
  let d: Driven | undefined;
  let env: ShellEnvironment | undefined;
  let busy: net.Server | undefined;
  afterEach(async () => {
    await d?.close(); // stops the services too
    if (!d) await env?.services?.stop();
    d = undefined;
    env = undefined;
    busy?.close();
    busy = undefined;
    defaultConnection().setDefaultConnection(undefined);
  });

  it("input typed before the services are ready waits for them, then a Kinesis query and .shards work", async () => {
    env = await environment().startLocalEnvironment({}, { fastTimings: true });
    d = driveShell({ session: sessions().createSessionFor(env), services: env.services });
    d.line(".shards kinesis-source");
    d.line("const q = spark.readStream.format('aws-kinesis').");
    d.line("  option('kinesis.streamName', 'kinesis-source').");
    d.line("  option('kinesis.startingposition', 'TRIM_HORIZON').");
    d.line("  load().writeStream.format('memory').queryName('early').start()");
    d.line("await q.processAllAvailable()");
    d.line("[q.isActive, q.lastProgress.batchId >= 0]");
    // Nothing ran yet: kinesis-local needs about two seconds to answer.
    expect(d.raw()).not.toContain("Local services ready");
    const out = await d.waitFor("[ true, true ]", { timeoutMs: 60_000 });
    expect(out).toContain("(waiting for the local services to finish starting...)");
    expect(out).toMatch(/Local services ready: kinesis-local, dynalite, s3rver; streams kinesis-source, kinesis-sink/);
    expect(out.indexOf("Local services ready")).toBeLessThan(out.indexOf("Stream kinesis-source: 2 shards (2 open)"));
    expect(out).not.toMatch(/terminated with exception|Error/);
  });

  it("a service that fails to start is reported above the prompt; the shell and the other services keep working", async () => {
    busy = await occupyPort();
    const port = (busy.address() as net.AddressInfo).port;
    env = await environment().startLocalEnvironment({}, { fastTimings: true, ports: { s3: port } });
    d = driveShell({ session: sessions().createSessionFor(env), services: env.services });
    d.line("1 + 1");
    const failed = await d.waitFor("Local services: start-up failed", { timeoutMs: 60_000 });
    expect(failed).toContain("2\n");
    const report = await d.waitFor("(.local shows each service's state)");
    expect(report).toContain(`s3rver on 127.0.0.1:${port}`);
    expect(report).not.toContain("Local services ready");

    let mark = d.mark();
    d.line(".local");
    const local = await d.waitFor("Environment for other tools", { from: mark });
    expect(local).toMatch(/kinesis-local +http:\/\/127\.0\.0\.1:\d+ +\(pid \d+\)/);
    expect(local).toMatch(/dynalite +http:\/\/127\.0\.0\.1:\d+ +\(pid \d+\)/);
    expect(local).toContain(`s3rver        http://127.0.0.1:${port}  (failed to start)`);

    mark = d.mark();
    d.line(".shards kinesis-source");
    await d.waitFor("Stream kinesis-source: 2 shards (2 open)", { from: mark, timeoutMs: 30_000 });
    mark = d.mark();
    d.line("'still here'");
    await d.waitFor("'still here'", { from: mark });
  });
});
