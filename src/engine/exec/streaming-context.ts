import type { StreamingQueryManager } from "../api/query-manager";
import type { StructType } from "../types/struct-type";
import type { LogicalPlan } from "../plan/nodes";

/** Option under which readStream.load() keeps a user-given schema (JSON) for the source's `userSchema`. */
export const USER_SCHEMA_OPTION = "__tspark.userSchema";

/** What the streaming engine needs from a DataFrame (kept structural so api/data-frame.ts stays the core's). */
export interface StreamingFrame {
  readonly plan: LogicalPlan;
  readonly schema: StructType;
  readonly isStreaming: boolean;
  readonly session: unknown;
}

export interface StreamingContext {
  readonly manager: StreamingQueryManager;
  conf(key: string): string | undefined;
  /** Confs recorded in offsets/N (Spark records those a restarted query must keep). */
  recordedConf(): Record<string, string>;
}

/** Spark records these in the offset log's conf so a restart keeps the same behaviour. */
const RECORDED_CONFS: Record<string, string> = {
  "spark.sql.streaming.stateStore.providerClass": "tspark.JsonSnapshotStateStoreProvider",
  "spark.sql.streaming.multipleWatermarkPolicy": "min",
  "spark.sql.shuffle.partitions": "1",
};

/** Reads the session's SQL conf (undefined for unset keys). */
export function confGetter(session: unknown): (key: string) => string | undefined {
  const conf = (session as { conf?: { get?: (k: string) => unknown } } | null)?.conf;
  if (!conf || typeof conf.get !== "function") return () => undefined;
  return (key) => {
    try {
      const v = conf.get!.call(conf, key);
      return v === null || v === undefined ? undefined : String(v);
    } catch {
      return undefined; // Spark's conf.get throws for unset keys without default
    }
  };
}

export function streamingContext(df: StreamingFrame): StreamingContext {
  const session = df.session as { streams?: StreamingQueryManager } | null;
  const manager = session?.streams;
  if (!manager) throw new Error("This DataFrame's session has no streams manager (spark.streams)");
  const get = confGetter(df.session);
  return {
    manager,
    conf: get,
    recordedConf() {
      const out: Record<string, string> = {};
      for (const [k, dflt] of Object.entries(RECORDED_CONFS)) out[k] = get(k) ?? dflt;
      return out;
    },
  };
}
