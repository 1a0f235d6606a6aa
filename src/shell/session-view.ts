/**
 * What the shell needs from a session, read structurally so that the shell works with the engine's
 * SparkSession and with anything shaped like it (fields missing on an older engine just show as "-").
 */
export interface QueryView {
  readonly id: string;
  readonly runId?: string;
  readonly name?: string | null;
  readonly isActive: boolean;
  readonly lastProgress?: unknown;
  readonly recentProgress?: readonly unknown[];
  readonly status?: unknown;
  stop(): Promise<void> | void;
}

export interface SessionView {
  readonly streams: { readonly active: readonly QueryView[] };
}

export function activeQueries(session: unknown): QueryView[] {
  const streams = (session as { streams?: { active?: unknown } } | undefined)?.streams;
  const active = streams?.active;
  return Array.isArray(active) ? (active as QueryView[]).filter((q) => q?.isActive !== false) : [];
}

/** A query by name or id (or id prefix, as users copy the first characters from `.streams`). */
export function findQuery(session: unknown, ref: string | undefined): QueryView | undefined {
  const all = activeQueries(session);
  if (!ref) return all.length === 1 ? all[0] : undefined;
  return all.find((q) => q.name === ref) ?? all.find((q) => q.id === ref || q.runId === ref) ?? all.find((q) => q.id.startsWith(ref));
}

/** Numbers in Spark's progress JSON (numbers, or strings like "NaN"). */
export function progressField(progress: unknown, key: string): unknown {
  return typeof progress === "object" && progress !== null ? (progress as Record<string, unknown>)[key] : undefined;
}
