/**
 * The demo's data: records shaped by the blog's Kinesis Data Generator template
 *   {"id": {{random.number(100)}}, "data": "{{random.arrayElement(["Spain","Portugal","Finland","France"])}}",
 *    "date": "{{date.now("YYYY-MM-DD hh:mm:ss")}}"}
 * put on a stream with PutRecords every tick. (KDG's `hh` is a 12-hour clock; kept, as the blog's data has it.)
 */
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../../connector/aws/clients";
import type { AwsConnection } from "../../connector/aws/connection";

export const COUNTRIES = ["Spain", "Portugal", "Finland", "France"] as const;

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD hh:mm:ss` in local time, as moment.js (KDG) formats it. */
export function kdgDate(d: Date): string {
  const h12 = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(h12)}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function blogRecord(random: () => number = Math.random, now = new Date()): string {
  const id = Math.floor(random() * 101);
  const country = COUNTRIES[Math.floor(random() * COUNTRIES.length)]!;
  return JSON.stringify({ id, data: country, date: kdgDate(now) }, null, 4);
}

export interface BlogProducer {
  readonly sent: () => number;
  stop(): Promise<void>;
}

/** Put `perTick` records every `intervalMs` until stopped; a failed put is reported once, then retried next tick. */
export function startBlogProducer(
  conn: AwsConnection,
  stream: string,
  opts: { perTick?: number; intervalMs?: number; onError?: (e: unknown) => void } = {},
): BlogProducer {
  const client = createKinesisClient(conn);
  let sent = 0;
  let stopped = false;
  let reported = false;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    const entries = Array.from({ length: opts.perTick ?? 5 }, () => {
      const data = blogRecord();
      const id = JSON.parse(data).id as number;
      return { Data: Buffer.from(data), PartitionKey: String(id) };
    });
    inFlight = client
      .send(new PutRecordsCommand({ StreamName: stream, Records: entries }))
      .then((r) => {
        sent += entries.length - (r.FailedRecordCount ?? 0);
      })
      .catch((e: unknown) => {
        if (!reported && !stopped) opts.onError?.(e);
        reported = true;
      });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 1000);
  timer.unref();
  return {
    sent: () => sent,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      client.destroy();
    },
  };
}
