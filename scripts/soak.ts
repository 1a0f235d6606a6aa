// `npm run soak [-- --kills 9 --stores local,dynamodb,s3 --fault-seconds 90 --reshard-rounds 1 --lake-kills 14
// --lake-sinks local,s3 --seed 1] [kill|fault|reshard|lake]`: the long reliability runs (docs/reliability.md; the
// lake soak, Kinesis -> Parquet sink read back with spark.read.parquet, in docs/files.md). `--kills` is per checkpoint store; the aimed kills continue the
// rotation through the crash points from one store to the next, so the defaults aim at each of the 11 points at
// least once. Defaults sized to finish within 20 minutes on a shared, loaded 2-core machine (a query process takes
// up to 30 s to start there). Prints one JSON report and exits non-zero when anything was lost or duplicated, or a
// per-key order was broken.
import { startLocalServices } from "../src/connector/local/services";
import { faultSoak } from "./soak/fault-soak";
import { type CheckpointKind, type KillSoakResult, killSoak } from "./soak/kill-soak";
import { type LakeSinkKind, type LakeSoakResult, lakeSoak } from "./soak/lake-soak";
import { reshardSoak } from "./soak/reshard-soak";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string, dflt: number) => Number(arg(name) ?? dflt);

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`[soak] ${s}\n`);
  const kills = num("kills", 9);
  const stores = (arg("stores") ?? "local,dynamodb,s3").split(",").map((s) => s.trim()) as CheckpointKind[];
  const faultSeconds = num("fault-seconds", 90);
  const rounds = num("reshard-rounds", 1);
  const seed = num("seed", 1);
  const lakeKills = num("lake-kills", 14);
  const lakeSinks = (arg("lake-sinks") ?? "local,s3").split(",").map((s) => s.trim()) as LakeSinkKind[];
  const only = process.argv.find((a) => a === "kill" || a === "fault" || a === "reshard" || a === "lake");
  const report: Record<string, unknown> = {};
  const started = Date.now();
  let ok = true;
  if (!only || only === "kill") {
    const s = await startLocalServices({ services: ["kinesis", "dynamodb", "s3"], kinesisBackend: "kinesalite" });
    const results: KillSoakResult[] = [];
    try {
      let firstPoint = 0;
      for (const store of stores) {
        const t0 = Date.now();
        const r = await killSoak(s.connection, { kills, recordsPerKill: 40, seed, log, store, firstPoint });
        firstPoint += Object.values(r.aimed).reduce((n, a) => n + a.aimed, 0);
        log(`${store}: done in ${Math.round((Date.now() - t0) / 1000)} s`);
        results.push(r);
        ok &&= r.fileSink.lost === 0 && r.fileSink.duplicated === 0 && r.kinesisSink.lost === 0 && r.kinesisSink.duplicated === 0 && r.outOfOrder === 0;
      }
    } finally {
      report.kill = results;
      await s.stop();
    }
  }
  if (!only || only === "fault") {
    const s = await startLocalServices({ services: ["kinesis"], kinesisBackend: "kinesalite" });
    try {
      const r = await faultSoak(s.connection, { seconds: faultSeconds, seed, ratePerSec: 50, log });
      report.fault = r;
      ok &&= r.lost === 0 && r.duplicated === 0 && r.stillRunning;
    } finally {
      await s.stop();
    }
  }
  if (!only || only === "reshard") {
    const s = await startLocalServices({ services: ["kinesis"], fastTimings: true });
    try {
      const r = await reshardSoak(s.connection, { rounds, ratePerSec: 40, log });
      report.reshard = r;
      ok &&= r.lost === 0 && r.duplicated === 0 && r.outOfOrder === 0;
    } finally {
      await s.stop();
    }
  }
  if (!only || only === "lake") {
    const s = await startLocalServices({ services: ["kinesis", "s3"], kinesisBackend: "kinesalite" });
    const results: LakeSoakResult[] = [];
    try {
      for (const sink of lakeSinks) {
        const t0 = Date.now();
        const r = await lakeSoak(s.connection, { sink, kills: lakeKills, recordsPerKill: 60, seed, log });
        log(`lake ${sink}: done in ${Math.round((Date.now() - t0) / 1000)} s`);
        results.push(r);
        ok &&= r.lost === 0 && r.duplicated === 0;
      }
    } finally {
      report.lake = results;
      await s.stop();
    }
  }
  report.seconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n${ok ? "SOAK PASSED" : "SOAK FAILED"}\n`);
  process.exit(ok ? 0 : 1);
}

main().catch((e: unknown) => {
  process.stderr.write(`soak: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
