/** An in-process aws-kinesis query collecting every record's id in arrival order (fault and reshard soaks). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import "../../src/connector/register";
import type { DataFrame } from "../../src/engine/api/data-frame";
import type { StreamingQuery } from "../../src/engine/api/streaming-query";
import { SparkSession } from "../../src/engine/session";

export interface CollectingQuery {
  query: StreamingQuery;
  /** ids in the order the sink received them */
  ids: number[];
  /** partition key of each id */
  keys: Map<number, string>;
}

export async function startCollectingQuery(stream: string, options: Record<string, string> = {}): Promise<CollectingQuery> {
  const spark = SparkSession.builder.getOrCreate();
  const ids: number[] = [];
  const keys = new Map<number, string>();
  const df = spark.readStream.format("aws-kinesis").option("kinesis.streamName", stream).option("kinesis.startingPosition", "TRIM_HORIZON").options(options).load() as DataFrame;
  const query = await df
    .selectExpr("cast(data as string) as data", "partitionKey")
    .writeStream.option("checkpointLocation", fs.mkdtempSync(path.join(os.tmpdir(), "tspark-soak-q-")))
    .foreachBatch(async (b: unknown) => {
      for (const r of (b as DataFrame).collect()) {
        const id = (JSON.parse(String(r.get(0))) as { id: number }).id;
        ids.push(id);
        keys.set(id, String(r.get(1)));
      }
    })
    .start();
  return { query, ids, keys };
}

/** Puts records {id, key} with ids from `next`, retrying failed entries (the producer side of the soaks). */
export class SoakProducer {
  put = 0;
  retried = 0;
  constructor(
    private readonly k: KinesisClient,
    private readonly stream: string,
  ) {}

  async send(n: number): Promise<void> {
    let pending = Array.from({ length: n }, () => {
      const id = this.put++;
      return { Data: Buffer.from(JSON.stringify({ id })), PartitionKey: `k${id % 7}` };
    });
    while (pending.length) {
      try {
        const r = await this.k.send(new PutRecordsCommand({ StreamName: this.stream, Records: pending }));
        const failed = pending.filter((_, i) => r.Records?.[i]?.ErrorCode);
        this.retried += failed.length;
        pending = failed;
      } catch {
        this.retried += pending.length;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/** Lost ids, duplicated ids and per-key order violations (a later-put id of a key seen before an earlier one). */
export function audit(put: number, ids: number[], keys: Map<number, string>): { lost: number; duplicated: number; outOfOrder: number } {
  const seen = new Set(ids);
  let lost = 0;
  for (let i = 0; i < put; i++) if (!seen.has(i)) lost++;
  const lastByKey = new Map<string, number>();
  let outOfOrder = 0;
  for (const id of ids) {
    const key = keys.get(id) ?? "";
    const last = lastByKey.get(key);
    if (last !== undefined && id < last) outOfOrder++;
    lastByKey.set(key, Math.max(last ?? -1, id));
  }
  return { lost, duplicated: ids.length - seen.size, outOfOrder };
}
