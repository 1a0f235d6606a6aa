import { SOURCE_OPTION_KEYS } from "../connector/kinesis/source-options";
import { sinkNames, sourceNames } from "../engine/registry";

/**
 * What completion offers inside `.format("` and `.option("`: format names from the registry, option keys
 * with their defaults, and the values an option takes. Kinesis keys come from the connector's own list;
 * defaults are the connector's documented ones (reference/kinesis-connector.md §1-2).
 */
export interface OptionInfo {
  readonly key: string;
  readonly default?: string;
  readonly values?: readonly string[];
}

const KINESIS_DEFAULTS: Record<string, string> = {
  "kinesis.endpointUrl": "local endpoint / required on AWS",
  "kinesis.region": "from endpoint",
  "kinesis.kinesisRegion": "from endpoint",
  "kinesis.consumerType": "GetRecords",
  "kinesis.startingPosition": "LATEST",
  "kinesis.failOnDataLoss": "false",
  "kinesis.maxFetchRecordsPerShard": "100000",
  "kinesis.describeShardInterval": "1s",
  "kinesis.checkNewRecordThreads": "8",
  "kinesis.metadataCommitterType": "HDFS",
  "kinesis.metadataNumRetries": "5",
  "kinesis.metadataRetryIntervalsMs": "1000",
  "kinesis.metadataMaxRetryIntervalMs": "10000",
  "kinesis.clientNumRetries": "5",
  "kinesis.clientRetryIntervalsMs": "1000",
  "kinesis.clientMaxRetryIntervalMs": "10000",
  "kinesis.subscribeToShard.timeoutSec": "60",
  "kinesis.subscribeToShard.maxRetries": "10",
  "kinesis.getRecords.numberOfRecordsPerFetch": "10000",
  "kinesis.getRecords.fetchIntervalMs": "200",
  "kinesis.deregisterConsumerOnStop": "false",
  "kinesis.internal.avoidEmptyBatches": "true",
  "kinesis.internal.dataQueueCapacity": "1000",
  "kinesis.sink.flushWaitTimeMs": "100",
  "kinesis.sink.recordMaxBufferedTimeMs": "1000",
  "kinesis.sink.maxConnections": "1",
  "kinesis.sink.aggregationEnabled": "true",
  "kinesis.sink.recordTtl": "30000",
};

const KINESIS_VALUES: Record<string, readonly string[]> = {
  "kinesis.startingPosition": ["LATEST", "TRIM_HORIZON", "EARLIEST", "AT_TIMESTAMP"],
  "kinesis.consumerType": ["GetRecords", "SubscribeToShard"],
  "kinesis.metadataCommitterType": ["HDFS", "DYNAMODB"],
};

const SINK_ONLY = [
  "kinesis.sink.flushWaitTimeMs",
  "kinesis.sink.recordMaxBufferedTimeMs",
  "kinesis.sink.maxConnections",
  "kinesis.sink.aggregationEnabled",
  "kinesis.sink.recordTtl",
];

const GENERIC: OptionInfo[] = [
  { key: "checkpointLocation" },
  { key: "numRows", default: "20" },
  { key: "truncate", default: "true", values: ["true", "false"] },
  { key: "rowsPerSecond", default: "1" },
  { key: "rampUpTime", default: "0s" },
  { key: "numPartitions", default: "1" },
  { key: "maxRecordsPerTrigger" },
];

/** Where an option or format is typed: on a reader (readStream), on a writer (writeStream), or unknown. */
export type BuilderRole = "reader" | "writer" | undefined;

/** Generic keys that only a reader (rate source) or only a writer (console sink, checkpoint) takes. */
const READER_ONLY_GENERIC = new Set(["rowsPerSecond", "rampUpTime", "numPartitions", "maxRecordsPerTrigger"]);
const WRITER_ONLY_GENERIC = new Set(["checkpointLocation", "numRows", "truncate"]);

/** The keys that make sense on this builder: no sink keys on a reader, no source-only keys on a writer. */
export function optionsFor(role: BuilderRole, kinesisOnly: boolean): OptionInfo[] {
  const base = kinesisOnly ? kinesisOptions() : allOptions();
  if (role === "reader") return base.filter((o) => !SINK_ONLY.includes(o.key) && !WRITER_ONLY_GENERIC.has(o.key));
  if (role === "writer") return base.filter((o) => !READER_ONLY_GENERIC.has(o.key) && (!o.key.startsWith("kinesis.") || sinkTakes(o.key)));
  return base;
}

/** Kinesis keys a sink takes: its own `kinesis.sink.*`, the stream, where it is, and how to authenticate. */
function sinkTakes(key: string): boolean {
  return SINK_ONLY.includes(key) || /^kinesis\.(streamName|region|kinesisRegion|endpointUrl)$/.test(key) || /aws|credential|role|sts|secret|access|session/i.test(key);
}

/** Format names for this builder: sources on a reader, sinks on a writer. */
export function formatNamesFor(role: BuilderRole): string[] {
  const names = role === "reader" ? sourceNames() : role === "writer" ? sinkNames() : [];
  return names.length > 0 ? names : formatNames();
}

export function kinesisOptions(): OptionInfo[] {
  const keys = [...new Set<string>([...SOURCE_OPTION_KEYS, ...SINK_ONLY])];
  return keys.map((key) => ({ key, default: KINESIS_DEFAULTS[key], values: KINESIS_VALUES[key] ?? booleanValues(key) }));
}

function booleanValues(key: string): readonly string[] | undefined {
  const d = KINESIS_DEFAULTS[key];
  return d === "true" || d === "false" ? ["true", "false"] : undefined;
}

export function allOptions(): OptionInfo[] {
  return [...GENERIC, ...kinesisOptions()];
}

/** Option keys compare case-insensitively, as Spark's CaseInsensitiveStringMap does. */
export function optionInfo(key: string): OptionInfo | undefined {
  const k = key.toLowerCase();
  return allOptions().find((o) => o.key.toLowerCase() === k);
}

export function formatNames(): string[] {
  const names = new Set<string>([...sourceNames(), ...sinkNames()]);
  for (const builtIn of ["aws-kinesis", "console", "memory", "rate"]) names.add(builtIn);
  return [...names].sort();
}

export const OUTPUT_MODES = ["append", "update", "complete"] as const;
