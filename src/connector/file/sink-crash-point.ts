/**
 * Test-only crash points of the streaming file sink, with the checkpoint protocol's syntax
 * (engine/checkpoint/crash-point.ts): `TSPARK_CRASH_AT=<phase>:<batchId>` SIGKILLs the process at that phase of that
 * batch, `<phase>:*` the first time the phase is reached; several specs comma-separated. Phases:
 *   fileSinkBeforeLog   the batch's part files are written, its `_spark_metadata` entry is not (orphans remain)
 *   fileSinkAfterLog    the `_spark_metadata` entry is written, the engine's commit log is not (the batch re-runs
 *                       and must be skipped as already committed)
 * The older `TSPARK_FILE_SINK_CRASH_AT=beforeLog:<batchId>` still works. A line naming the point goes to stderr
 * first, so a soak can count the kills that landed where they were aimed.
 */
import { writeSync } from "node:fs";

export type FileSinkCrashPhase = "fileSinkBeforeLog" | "fileSinkAfterLog";

function matches(spec: string | undefined, phase: string, batchId: number): boolean {
  if (!spec) return false;
  return spec.split(",").some((one) => {
    const [p, at] = one.trim().split(":");
    return p === phase && (at === "*" || at === String(batchId));
  });
}

export function fileSinkCrashPoint(phase: FileSinkCrashPhase, batchId: number): void {
  const legacy = phase === "fileSinkBeforeLog" && matches(process.env.TSPARK_FILE_SINK_CRASH_AT, "beforeLog", batchId);
  if (!legacy && !matches(process.env.TSPARK_CRASH_AT, phase, batchId)) return;
  writeSync(2, `tspark crash point ${phase}:${batchId}\n`);
  process.kill(process.pid, "SIGKILL");
}
