/**
 * Fault soak: every Kinesis API call of the query (and of the producer) goes through the fault proxy, which fails
 * about 10% of them (throttling, LimitExceeded, 500, 503, connection resets, expired iterators), for a given time.
 * Afterwards every record put must have reached the sink exactly once and the query must still be running.
 */
import { createKinesisClient } from "../../src/connector/aws/clients";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { setDefaultConnection } from "../../src/connector/aws/default-connection";
import { startFaultProxy } from "../../test/helpers/fault-proxy";
import { SoakProducer, audit, startCollectingQuery } from "./in-process-query";
import { createSoakStream } from "./streams";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface FaultSoakResult {
  seconds: number;
  put: number;
  faults: Record<string, number>;
  requests: number;
  lost: number;
  duplicated: number;
  stillRunning: boolean;
}

export async function faultSoak(conn: AwsConnection, opts: { seconds: number; seed: number; ratePerSec: number; log: (s: string) => void }): Promise<FaultSoakResult> {
  const proxy = await startFaultProxy({ target: conn.kinesisEndpoint!, seed: opts.seed });
  const faulty: AwsConnection = { ...conn, kinesisEndpoint: proxy.url };
  const stream = `soak-fault-${process.pid}-${Date.now().toString(36)}`;
  await createSoakStream(conn, stream, 2);
  // Four rules at 2.6% each: about 10% of all calls fail; GetRecords also sees expired iterators.
  proxy.setRules([
    { operation: "GetRecords", fault: "expired", rate: 0.02 },
    { fault: "throttle", rate: 0.026 },
    { fault: "limit", rate: 0.01 },
    { fault: "500", rate: 0.016 },
    { fault: "503", rate: 0.016 },
    { fault: "reset", rate: 0.016 },
  ]);
  setDefaultConnection(faulty);
  const k = createKinesisClient(faulty);
  const producer = new SoakProducer(k, stream);
  const q = await startCollectingQuery(stream, { "kinesis.clientNumRetries": "20", "kinesis.clientRetryIntervalsMs": "50", "kinesis.clientMaxRetryIntervalMs": "1000" });
  const started = Date.now();
  let lastLog = 0;
  while (Date.now() - started < opts.seconds * 1000) {
    await producer.send(Math.max(1, Math.round(opts.ratePerSec / 5)));
    await sleep(200);
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      opts.log(`fault soak: ${Math.round((Date.now() - started) / 1000)} s, ${producer.put} put, ${q.ids.length} received, faults ${JSON.stringify(proxy.stats.faults)}`);
    }
  }
  for (let i = 0; i < 600 && new Set(q.ids).size < producer.put && q.query.isActive; i++) await sleep(100);
  const stillRunning = q.query.isActive;
  const stats = { ...proxy.stats };
  await q.query.stop();
  k.destroy();
  setDefaultConnection(undefined);
  await proxy.close();
  const a = audit(producer.put, q.ids, q.keys);
  return { seconds: opts.seconds, put: producer.put, faults: stats.faults, requests: stats.requests, lost: a.lost, duplicated: a.duplicated, stillRunning };
}
