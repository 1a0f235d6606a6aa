// `npm run soak [-- --kills 50 --fault-seconds 300 --reshard-rounds 3 --seed 1]`: the long reliability runs.
// Prints one JSON report and exits non-zero when anything was lost or duplicated where it must not be.
import { startLocalServices } from "../src/connector/local/services";
import { faultSoak } from "./soak/fault-soak";
import { killSoak } from "./soak/kill-soak";
import { reshardSoak } from "./soak/reshard-soak";

function num(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`[soak] ${s}\n`);
  const kills = num("kills", 50);
  const faultSeconds = num("fault-seconds", 300);
  const rounds = num("reshard-rounds", 3);
  const seed = num("seed", 1);
  const only = process.argv.find((a) => a === "kill" || a === "fault" || a === "reshard");
  const report: Record<string, unknown> = {};
  let ok = true;
  if (!only || only === "kill") {
    const s = await startLocalServices({ services: ["kinesis"], kinesisBackend: "kinesalite" });
    try {
      const r = await killSoak(s.connection, { kills, recordsPerKill: 40, seed, log });
      report.kill = r;
      ok &&= r.fileSink.lost === 0 && r.fileSink.duplicated === 0 && r.kinesisSink.lost === 0 && r.outOfOrder === 0;
    } finally {
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
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n${ok ? "SOAK PASSED" : "SOAK FAILED"}\n`);
  process.exit(ok ? 0 : 1);
}

main().catch((e: unknown) => {
  process.stderr.write(`soak: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
