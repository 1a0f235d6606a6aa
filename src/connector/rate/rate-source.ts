import { AnalysisException } from "../../engine/errors";
import type { SourceContext, SourceOffset, SourceProvider, StreamSource } from "../../engine/exec/source";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { longOption, requireNonNegative, requirePositive, secondsOption } from "./rate-options";
import { rateSchema } from "./rate-schema";
import { valueAtSecond } from "./value-at-second";

interface RateOptions {
  rowsPerSecond: number;
  rampUpSeconds: number;
  numPartitions: number;
}

function parseRateOptions(options: ReadonlyMap<string, string>): RateOptions {
  const rowsPerSecond = longOption(options, "rowsPerSecond", 1);
  requirePositive(rowsPerSecond, "rowsPerSecond");
  const rampUpSeconds = secondsOption(options, "rampUpTime", 0);
  requireNonNegative(rampUpSeconds, "rampUpTime");
  // Spark defaults to the cluster's parallelism; tspark runs one task per batch, so one partition.
  const numPartitions = longOption(options, "numPartitions", 1);
  requirePositive(numPartitions, "numPartitions");
  return { rowsPerSecond, rampUpSeconds, numPartitions };
}

/** Values [from, to) in Spark's partition order: partition p holds from+p, from+p+n, ... */
export function partitionedValues(from: number, to: number, numPartitions: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < numPartitions; p++) for (let v = from + p; v < to; v += numPartitions) out.push(v);
  return out;
}

/**
 * Spark's `rate` source: `rowsPerSecond` rows per second (after `rampUpTime`), columns `timestamp`, `value`.
 * The offset is the whole seconds elapsed since the source was first started; the start time is kept in
 * `sources/<i>/0` of the checkpoint, so a restarted query regenerates exactly the same rows for a batch.
 */
class RateSource implements StreamSource {
  readonly schema: StructType = rateSchema();
  readonly description: string;

  constructor(
    private readonly opts: RateOptions,
    private readonly creationTimeMs: number,
    private readonly now: () => number,
  ) {
    this.description =
      `RateStreamV2[rowsPerSecond=${opts.rowsPerSecond}, rampUpTimeSeconds=${opts.rampUpSeconds}, ` +
      `numPartitions=${opts.numPartitions}`;
  }

  async latestOffset(start: SourceOffset | null): Promise<SourceOffset | null> {
    const seconds = Math.floor((this.now() - this.creationTimeMs) / 1000);
    const startSeconds = start === null ? 0 : Number(start);
    if (seconds <= startSeconds) return start;
    return String(seconds);
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const startSeconds = start === null ? 0 : Number(start);
    const endSeconds = Number(end);
    const { rowsPerSecond, rampUpSeconds, numPartitions } = this.opts;
    const rangeStart = valueAtSecond(startSeconds, rowsPerSecond, rampUpSeconds);
    const rangeEnd = valueAtSecond(endSeconds, rowsPerSecond, rampUpSeconds);
    if (rangeEnd <= rangeStart) return [];
    const localStartMs = this.creationTimeMs + startSeconds * 1000;
    const msPerValue = ((endSeconds - startSeconds) * 1000) / (rangeEnd - rangeStart);
    return partitionedValues(rangeStart, rangeEnd, numPartitions).map((v) => [
      BigInt(localStartMs + Math.round((v - rangeStart) * msPerValue)) * 1000n,
      BigInt(v),
    ]);
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

async function creationTime(ctx: SourceContext, now: () => number): Promise<number> {
  const store = ctx.checkpointStore;
  if (!store || ctx.metadataDir === undefined) return now();
  const file = `${ctx.metadataDir}/0`;
  const existing = await store.get(file);
  if (existing === null) {
    const t = now();
    if (await store.putIfAbsent(file, `v1\n${t}`)) return t;
  }
  const text = (await store.get(file)) ?? "";
  const [version, value] = text.split("\n");
  const t = Number(value);
  if (version !== "v1" || !Number.isFinite(t)) {
    throw new Error(`Rate source metadata ${store.location.replace(/\/$/, "")}/${file} is corrupt (expected v1 and a start time).`);
  }
  return t;
}

export const rateProvider: SourceProvider = {
  name: "rate",
  sourceSchema(options, userSchema) {
    if (userSchema) throw new AnalysisException("RateStreamProvider source does not support user-specified schema.");
    parseRateOptions(options);
    return rateSchema();
  },
  validateOptions(options) {
    parseRateOptions(options);
  },
  async createSource(ctx) {
    const opts = parseRateOptions(ctx.options);
    const now = ctx.clock ? () => ctx.clock!.now() : () => Date.now();
    return new RateSource(opts, await creationTime(ctx, now), now);
  },
};
