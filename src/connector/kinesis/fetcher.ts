/** What a shard reader pulls Kinesis records from: GetRecords polling or a SubscribeToShard subscription. */
import type { _Record } from "@aws-sdk/client-kinesis";

export interface FetchResult {
  readonly records: readonly _Record[];
  /** Undefined when the service did not say. */
  readonly millisBehindLatest?: number;
  /** True when the shard is closed and every record was delivered (NextShardIterator null / no continuation). */
  readonly ended: boolean;
  /**
   * True when this response certainly reached the shard's tip as of the call: nothing that had arrived before the
   * call is left to read. Undefined/false when the fetcher cannot tell (then a reader probes again).
   */
  readonly atTip?: boolean;
}

export interface RecordFetcher {
  /** Next records after the ones already returned; may return none. Resolves by `deadline` (epoch ms) at latest. */
  fetch(deadline: number): Promise<FetchResult>;
  close(): void;
}
