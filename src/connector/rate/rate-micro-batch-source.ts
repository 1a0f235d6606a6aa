import { AnalysisException } from "../../engine/errors";
import type { SourceOffset, SourceProvider, StreamSource } from "../../engine/exec/source";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { partitionedValues } from "./rate-source";
import { longOption, requireNonNegative, requirePositive } from "./rate-options";
import { rateSchema } from "./rate-schema";

interface Options {
  rowsPerBatch: number;
  numPartitions: number;
  startTimestamp: number;
  advanceMillisPerBatch: number;
}

function parse(options: ReadonlyMap<string, string>): Options {
  const rowsPerBatch = longOption(options, "rowsPerBatch", 0);
  requirePositive(rowsPerBatch, "rowsPerBatch");
  const numPartitions = longOption(options, "numPartitions", 1);
  requirePositive(numPartitions, "numPartitions");
  const startTimestamp = longOption(options, "startTimestamp", 0);
  requireNonNegative(startTimestamp, "startTimestamp");
  const advanceMillisPerBatch = longOption(options, "advanceMillisPerBatch", 1000);
  requireNonNegative(advanceMillisPerBatch, "advanceMillisPerBatch");
  return { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch };
}

interface Offset {
  offset: number;
  timestamp: number;
}

/**
 * Spark's `rate-micro-batch`: every trigger admits exactly `rowsPerBatch` more rows, stamped with a generated
 * time that advances `advanceMillisPerBatch` per batch. Independent of the wall clock, so batches are
 * reproducible. Offset JSON `{"offset":N,"timestamp":T}` as Spark's RatePerMicroBatchStreamOffset.
 */
class RateMicroBatchSource implements StreamSource {
  readonly schema: StructType = rateSchema();
  readonly description: string;

  constructor(private readonly opts: Options) {
    this.description =
      `RatePerMicroBatchStream[rowsPerBatch=${opts.rowsPerBatch}, numPartitions=${opts.numPartitions}, ` +
      `startTimestamp=${opts.startTimestamp}, advanceMillisPerBatch=${opts.advanceMillisPerBatch}]`;
  }

  private read(o: SourceOffset | null): Offset {
    if (o === null) return { offset: 0, timestamp: this.opts.startTimestamp };
    const v = JSON.parse(o) as Offset;
    return { offset: Number(v.offset), timestamp: Number(v.timestamp) };
  }

  async latestOffset(start: SourceOffset | null): Promise<SourceOffset | null> {
    const s = this.read(start);
    return JSON.stringify({
      offset: s.offset + this.opts.rowsPerBatch,
      timestamp: s.timestamp + this.opts.advanceMillisPerBatch,
    });
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const s = this.read(start);
    const e = this.read(end);
    const ts = BigInt(s.timestamp) * 1000n;
    return partitionedValues(s.offset, e.offset, this.opts.numPartitions).map((v) => [ts, BigInt(v)]);
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

export const rateMicroBatchProvider: SourceProvider = {
  name: "rate-micro-batch",
  sourceSchema(options, userSchema) {
    if (userSchema) throw new AnalysisException("RatePerMicroBatchProvider source does not support user-specified schema.");
    parse(options);
    return rateSchema();
  },
  validateOptions(options) {
    parse(options);
  },
  async createSource(ctx) {
    return new RateMicroBatchSource(parse(ctx.options));
  },
};
