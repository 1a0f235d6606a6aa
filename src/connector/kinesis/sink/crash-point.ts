/**
 * Test-only crash points inside the sink, the connector-side twin of the engine's `TSPARK_CRASH_AT`
 * (micro-batch-execution.ts): `TSPARK_CRASH_AT=<phase>:<batchId>` SIGKILLs the process at that phase of that batch.
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
  if (!spec || spec !== `${phase}:${batchId}`) return;
  writeSync(2, `tspark crash point ${spec}\n`);
  process.kill(process.pid, "SIGKILL");
}
