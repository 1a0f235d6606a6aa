/**
 * Test-only crash points of the checkpoint protocol: `TSPARK_CRASH_AT=<phase>:<id>` SIGKILLs the process when it
 * reaches `phase` for batch (or lock epoch) `id`; `<phase>:*` fires at the first time the phase is reached. Several
 * specs may be given, comma-separated. The soak (`npm run soak`) and the crash tests aim kills here; the phases are
 * listed in docs/reliability.md. Unset in production: one env lookup per point.
 */
export const CRASH_PHASES = [
  "lockTakeover",
  "afterLockTakeover",
  "beforeOffsetLog",
  "afterOffsetLog",
  "afterAddBatch",
  "midStateCommit",
  "afterStateCommit",
  "afterCommitLog",
  "afterSourceCommit",
] as const;

export type CrashPhase = (typeof CRASH_PHASES)[number];

export function crashPoint(phase: CrashPhase, id: number): void {
  const spec = process.env.TSPARK_CRASH_AT;
  if (!spec) return;
  for (const one of spec.split(",")) {
    const [p, at] = one.trim().split(":");
    if (p === phase && (at === "*" || at === String(id))) process.kill(process.pid, "SIGKILL");
  }
}
