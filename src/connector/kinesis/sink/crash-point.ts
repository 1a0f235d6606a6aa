/**
 * Test-only crash points inside the sink, the connector-side twin of the checkpoint protocol's
 * (engine/checkpoint/crash-point.ts), with the same syntax: `TSPARK_CRASH_AT=<phase>:<batchId>` SIGKILLs the process
 * at that phase of that batch, `<phase>:*` the first time the phase is reached; several specs comma-separated.
 * Phases here:
 *   sinkAfterIntent         the intent entry is written, no PutRecords sent yet
 *   sinkBetweenPutRecords   the first PutRecords request of the batch answered, at least one more to send
 *   sinkBeforeLedger        every PutRecords answered, the ledger entry not yet written
 * A line naming the point goes to stderr first, so a soak can count the kills that landed where they were aimed.
 */
import { writeSync } from "node:fs";

export type SinkCrashPhase = "sinkAfterIntent" | "sinkBetweenPutRecords" | "sinkBeforeLedger";

export function sinkCrashPoint(phase: SinkCrashPhase, batchId: number): void {
  const spec = process.env.TSPARK_CRASH_AT;
  if (!spec) return;
  for (const one of spec.split(",")) {
    const [p, at] = one.trim().split(":");
    if (p === phase && (at === "*" || at === String(batchId))) {
      writeSync(2, `tspark crash point ${phase}:${batchId}\n`);
      process.kill(process.pid, "SIGKILL");
    }
  }
}
