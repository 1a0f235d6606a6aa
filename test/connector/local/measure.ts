// Measures start-up time, idle RSS and stop time of each embedded service, one at a time (figures in
// docs/local-aws.md). Run: node -r ts-node/register/transpile-only test/connector/local/measure.ts
import * as fs from "node:fs";
import { startLocalServices } from "../../../src/connector/local/services";

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

async function main(): Promise<void> {
  const cases = [
    { label: "kinesis-local", services: ["kinesis"] as const, kinesisBackend: "kinesis-local" as const },
    { label: "kinesalite", services: ["kinesis"] as const, kinesisBackend: "kinesalite" as const },
    { label: "dynalite", services: ["dynamodb"] as const },
    { label: "s3rver", services: ["s3"] as const },
  ];
  for (const c of cases) {
    const t0 = Date.now();
    const s = await startLocalServices({ services: [...c.services], kinesisBackend: c.kinesisBackend, fastTimings: true });
    const ready = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 2000));
    const pid = Number(/pid (\d+)/.exec(s.describe()[0] ?? "")?.[1]);
    const rss = rssMiB(pid);
    const t1 = Date.now();
    await s.stop();
    process.stdout.write(`${c.label}\tready ${ready} ms\tidle RSS ${rss} MiB\tstop ${Date.now() - t1} ms\n`);
  }
  const t0 = Date.now();
  const all = await startLocalServices({ fastTimings: true });
  process.stdout.write(`all three default services in parallel: ready ${Date.now() - t0} ms\n`);
  await all.stop();
}

void main();
