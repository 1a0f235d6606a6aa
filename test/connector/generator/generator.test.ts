import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { createKinesisClient } from "../../../src/connector/aws/clients";
import { BLOG_TEMPLATE, type GeneratorStatus, formatPeek, peekRecords, startGenerator } from "../../../src/connector/generator";
import { createTestStream, readAllRecords, testConnection, uniqueName } from "../../helpers/aws";

describe("generator against the embedded Kinesis", () => {
  it("sends exactly the asked count, partition keys from a field, and .peek shows them", async () => {
    const conn = testConnection();
    const stream = uniqueName("gen");
    await createTestStream(conn, stream, 2);
    const gen = startGenerator(conn, { streams: [stream], template: "blog", rate: 200, count: 57, seed: 1, partitionKeyField: "id" });
    const summary = await gen.done;
    expect(summary.sent).toBe(57);
    expect(summary.failed).toBe(0);
    expect(summary.running).toBe(false);

    const back = await readAllRecords(conn, stream);
    expect(back).toHaveLength(57);
    for (const r of back) {
      const ev = JSON.parse(r.data) as { id: number };
      expect(r.partitionKey).toBe(String(ev.id));
    }

    const peeked = await peekRecords(conn, stream, { from: "TRIM_HORIZON", n: 10 });
    expect(peeked).toHaveLength(10);
    const text = formatPeek(peeked);
    expect(text).toContain("10 record(s)");
    expect(text).toContain(peeked[0]!.sequenceNumber);
    expect(text).toMatch(/"data":"(Spain|Portugal|Finland|France)"/);
  });

  it("writes to several streams and stops cleanly with a summary", async () => {
    const conn = testConnection();
    const a = uniqueName("gen-a");
    const b = uniqueName("gen-b");
    await Promise.all([createTestStream(conn, a, 1), createTestStream(conn, b, 1)]);
    const gen = startGenerator(conn, { streams: [a, b], template: BLOG_TEMPLATE, rate: 100 });
    await new Promise((r) => setTimeout(r, 600));
    const summary = await gen.stop();
    expect(summary.running).toBe(false);
    const [ra, rb] = await Promise.all([readAllRecords(conn, a), readAllRecords(conn, b)]);
    expect(ra.length).toBeGreaterThan(0);
    expect(ra.length).toBe(rb.length);
    expect(summary.sent).toBe(ra.length + rb.length);
  });

  it("peek decodes binary as base64", async () => {
    const conn = testConnection();
    const stream = uniqueName("peek");
    await createTestStream(conn, stream, 1);
    const { putTestRecords } = await import("../../helpers/aws");
    await putTestRecords(conn, stream, [{ data: new Uint8Array([0xff, 0x00, 0x01]), partitionKey: "k" }]);
    const text = formatPeek(await peekRecords(conn, stream, { from: "TRIM_HORIZON" }));
    expect(text).toContain("(base64) /wAB");
  });
});

describe("generator self-throttling", () => {
  it("does not burst to catch up with a slow endpoint, reports it, and still sends exactly the count", async () => {
    const conn = testConnection("kinesalite");
    const stream = uniqueName("slow");
    await createTestStream(conn, stream, 1);
    const client = createKinesisClient(conn);
    const batchSizes: number[] = [];
    // A slow endpoint: every PutRecords waits 1.3 s before it reaches the emulator.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutRecordsCommand") {
          batchSizes.push((args.input as { Records?: unknown[] }).Records?.length ?? 0);
          await new Promise((r) => setTimeout(r, 1300));
        }
        return next(args);
      },
      { step: "initialize", name: "slowEndpoint" },
    );
    const rate = 50;
    const seen: GeneratorStatus[] = [];
    const gen = startGenerator(conn, { streams: [stream], template: "blog", rate, count: 120, client, onProgress: (s) => seen.push(s) });
    const summary = await gen.done;
    client.destroy();
    expect(summary.sent).toBe(120);
    expect(summary.failed).toBe(0);
    // Never more than one second of records in one call, however far behind the schedule it is.
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(rate);
    expect(summary.skippedBySelfThrottle).toBeGreaterThan(0);
    expect(seen.some((s) => s.throttled)).toBe(true);
    expect(summary.achievedRate).toBeLessThan(rate);
    expect(await readAllRecords(conn, stream)).toHaveLength(120);
  });
});

describe("npm run generate", () => {
  it("creates the missing local stream, sends exactly --count seeded records and prints the summary", async () => {
    const conn = testConnection();
    const stream = uniqueName("cli");
    const root = path.join(__dirname, "../../..");
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ["-r", "ts-node/register/transpile-only", "scripts/generate.ts", "--stream", stream, "--rate", "100", "--count", "25", "--seed", "42", "--shards", "1"],
          { cwd: root, env: { ...process.env, TSPARK_KINESIS_ENDPOINT: conn.kinesisEndpoint }, stdio: ["ignore", "pipe", "pipe"] },
        );
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.once("exit", (code) => resolve({ code, out, err }));
      });
    const first = await run();
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain(`created local stream ${stream} with 1 shard(s)`);
    expect(first.out).toMatch(new RegExp(`^Sent 25 record\\(s\\) to ${stream} in .* 0 retried, 0 failed\\)`));
    // The same seed in-process gives the same records (ids and countries; the date follows the clock).
    const again = uniqueName("cli-again");
    await createTestStream(conn, again, 1);
    expect((await startGenerator(conn, { streams: [again], template: "blog", rate: 500, count: 25, seed: 42 }).done).sent).toBe(25);
    const back = [...(await readAllRecords(conn, stream)), ...(await readAllRecords(conn, again))].map(
      (r) => JSON.parse(r.data) as { id: number; data: string },
    );
    expect(back).toHaveLength(50);
    const strip = (r: { id: number; data: string }) => `${r.id}/${r.data}`;
    expect(back.slice(25).map(strip)).toEqual(back.slice(0, 25).map(strip));
  });
});

describe("peek on KPL-aggregated records", () => {
  it("shows the user records inside an aggregate with their own partition keys", async () => {
    const { aggregate } = await import("../../../src/connector/kinesis/kpl/aggregate");
    const { putTestRecords } = await import("../../helpers/aws");
    const conn = testConnection();
    const stream = uniqueName("peek-kpl");
    await createTestStream(conn, stream, 1);
    const agg = aggregate([
      { partitionKey: "a", data: Buffer.from('{"n":1}') },
      { partitionKey: "b", data: Buffer.from('{"n":2}') },
    ]);
    await putTestRecords(conn, stream, [{ data: agg, partitionKey: "a" }]);
    const recs = await peekRecords(conn, stream, { from: "TRIM_HORIZON" });
    expect(recs.map((r) => [r.partitionKey, Buffer.from(r.data).toString()])).toEqual([
      ["a", '{"n":1}'],
      ["b", '{"n":2}'],
    ]);
  });
});
