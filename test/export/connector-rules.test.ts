/**
 * Exported programs against the awslabs connector's own validation (issue #20). The connector's rules are
 * written out below as RULES, each with the file and lines of github.com/awslabs/spark-sql-kinesis-connector
 * (HEAD 0f4c005) it comes from; every case of the table is exported, its reader and writer options are read
 * back from the Python text, every rule is applied, and the program is compiled with `python3 -m py_compile`.
 * A case may break a rule only where the connector has no equivalent, and then a warning must say so.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/connector/export/index";
import { alias, call, cast, colRef, lit, star } from "../../src/engine/expr/ast";
import { type PySparkExportOptions, type PySparkPipeline, type PySparkSink, exportPipeline } from "../../src/engine/plan/to-pyspark";
import { StringType } from "../../src/engine/types/data-types";
import { blogPipeline, windowedPipeline } from "./pipelines";

// ---------------------------------------------------------------------------------------------------------------
// The connector's rules.

type Options = ReadonlyMap<string, string>; // keys lower-cased: the connector reads a CaseInsensitiveStringMap

interface Program {
  readonly code: string;
  readonly sourceFormat?: string;
  readonly source?: Options;
  readonly sinkFormat?: string;
  readonly sink?: Options;
  readonly outputMode?: string;
}

interface Rule {
  readonly id: string;
  /** Where the connector says so. */
  readonly from: string;
  readonly check: (p: Program) => string | undefined;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const isInt = (v: string) => /^[+-]?\d+$/.test(v) && Math.abs(Number(v)) <= 2 ** 31 - 1; // Integer.parseInt, untrimmed
const isLong = (v: string) => /^[+-]?\d+$/.test(v) && BigInt(v) <= 2n ** 63n - 1n && BigInt(v) >= -(2n ** 63n); // Long.parseLong
const isScalaBool = (v: string) => /^(true|false)$/i.test(v); // StringOps.toBoolean
/** package.scala getRegionNameByEndpoint: the text between the URL's first and second dots. */
function connectorRegion(endpoint: string): string | undefined {
  const a = endpoint.indexOf(".");
  const b = a < 0 ? -1 : endpoint.indexOf(".", a + 1);
  return b < 0 ? undefined : endpoint.slice(a + 1, b);
}
/** The region AWS serves an endpoint from (the label shaped like a region). */
const awsRegionOf = (endpoint: string) => new URL(endpoint).hostname.split(".").find((l) => REGION.test(l));

/** The program without its comment lines (the header's warnings quote what they warn about). */
const codeOnly = (code: string) =>
  code
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("#"))
    .join("\n");

function kinesisSource(p: Program, f: (o: Options) => string | undefined): string | undefined {
  return p.sourceFormat === "aws-kinesis" && p.source ? f(p.source) : undefined;
}
function kinesisSink(p: Program, f: (o: Options) => string | undefined): string | undefined {
  return p.sinkFormat === "aws-kinesis" && p.sink ? f(p.sink) : undefined;
}
function eachKey(o: Options, keys: readonly string[], ok: (v: string) => boolean, what: string): string | undefined {
  for (const k of keys) {
    const v = o.get(k.toLowerCase());
    if (v !== undefined && !ok(v)) return `${k}='${v}' ${what}`;
  }
  return undefined;
}

/** JSON per-shard positions: KinesisV2SourceOffset.apply and KinesisPosition.make. */
function offsetJsonProblem(text: string): string | undefined {
  let obj: Record<string, Record<string, unknown>>;
  try {
    obj = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  const meta = obj.metadata;
  // KinesisV2SourceOffset.scala:78,89-90 — metadata.get("batchId").toLong, metadata.get("streamName")
  if (!meta || typeof meta.batchId !== "string" || !isLong(meta.batchId) || typeof meta.streamName !== "string") return "metadata block with batchId/streamName missing";
  for (const [id, s] of Object.entries(obj)) {
    if (id === "metadata") continue;
    // KinesisV2SourceOffset.scala:77,80-85 — Map[String, Map[String, String]]; four fields, subSequenceNumber.toLong, isLast.toBoolean
    for (const f of ["iteratorType", "iteratorPosition", "subSequenceNumber", "isLast"]) if (typeof s[f] !== "string") return `${id}.${f} missing or not a string`;
    if (!isLong(s.subSequenceNumber as string) || !isScalaBool(s.isLast as string)) return `${id}: bad subSequenceNumber/isLast`;
    // KinesisModel.scala:127-140 — iteratorType matched case-insensitively (MatchError otherwise); AT_TIMESTAMP position .toLong
    const t = (s.iteratorType as string).toUpperCase();
    if (!["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "SHARD_END"].includes(t)) return `${id}: iteratorType ${t}`;
    if (t === "AT_TIMESTAMP" && !isLong(s.iteratorPosition as string)) return `${id}: AT_TIMESTAMP position not epoch ms`;
  }
  return undefined;
}

const RULES: readonly Rule[] = [
  {
    id: "source.endpointUrl",
    from: "KinesisOptions.scala:192-193",
    check: (p) => kinesisSource(p, (o) => (o.get("kinesis.endpointurl") ? undefined : "kinesis.endpointUrl is not specified")),
  },
  {
    id: "source.region",
    // region = option, else parsed from the endpoint (throws without two dots); used for the DynamoDB client.
    from: "KinesisOptions.scala:195-196, package.scala:81-98, metadata/dynamodb/DynamodbMetadataCommitter.scala:102",
    check: (p) =>
      kinesisSource(p, (o) => {
        const r = o.get("kinesis.region") ?? connectorRegion(o.get("kinesis.endpointurl") ?? "");
        return r !== undefined && (REGION.test(r) || r.startsWith("<")) ? undefined : `kinesis.region resolves to '${r}'`;
      }),
  },
  {
    id: "source.kinesisRegion",
    // kinesisRegion = option, else parsed from the endpoint; the Kinesis client signs for it.
    from: "KinesisOptions.scala:329-330, client/KinesisClientConsumerImpl.scala:105,148",
    check: (p) =>
      kinesisSource(p, (o) => {
        const endpoint = o.get("kinesis.endpointurl") ?? "";
        const r = o.get("kinesis.kinesisregion") ?? connectorRegion(endpoint);
        if (r?.startsWith("<") || endpoint.includes("<")) return undefined; // placeholders the user fills in
        const served = endpoint ? awsRegionOf(endpoint) : undefined;
        if (r === undefined || !REGION.test(r)) return `the Kinesis client's region resolves to '${r}'`;
        return served && served !== r ? `signs for ${r} at an endpoint of ${served}` : undefined;
      }),
  },
  {
    id: "source.streamName",
    // Required; passed to DescribeStreamSummary/ListShards as StreamName (AWS API pattern [a-zA-Z0-9_.-]+).
    from: "KinesisOptions.scala:198-199, KinesisUtils.scala (DescribeStreamSummary)",
    check: (p) => kinesisSource(p, (o) => (/^([a-zA-Z0-9_.-]{1,128}|<[a-z-]+>)$/.test(o.get("kinesis.streamname") ?? "") ? undefined : `kinesis.streamName '${o.get("kinesis.streamname")}'`)),
  },
  {
    id: "source.consumerType",
    // validated case-insensitively, then matched case-sensitively: "getrecords" passes :205-207 and dies in a MatchError.
    from: "KinesisOptions.scala:201-209,357-362, retrieval/RecordBatchPublisherFactory.scala:38-48, KinesisV2MicrobatchStream.scala:59",
    check: (p) => kinesisSource(p, (o) => eachKey(o, ["kinesis.consumerType"], (v) => v === "GetRecords" || v === "SubscribeToShard", "is not GetRecords/SubscribeToShard exactly")),
  },
  {
    id: "source.consumerName",
    from: "KinesisOptions.scala:332-338",
    check: (p) =>
      kinesisSource(p, (o) =>
        o.get("kinesis.consumertype") === "SubscribeToShard" && !o.get("kinesis.consumername") ? "kinesis.consumerName must be specified for SubscribeToShard" : undefined,
      ),
  },
  {
    id: "source.booleans",
    from: "KinesisOptions.scala:212-216,429-440",
    check: (p) => kinesisSource(p, (o) => eachKey(o, ["kinesis.failOnDataLoss", "kinesis.internal.avoidEmptyBatches"], isScalaBool, "must be true or false")),
  },
  {
    id: "source.positiveInts",
    from: "KinesisOptions.scala:218-220,246-253,349-351,364-366,455-466",
    check: (p) =>
      kinesisSource(p, (o) =>
        eachKey(
          o,
          ["kinesis.maxFetchRecordsPerShard", "kinesis.minBatchesToRetain", "kinesis.checkNewRecordThreads", "kinesis.getRecords.numberOfRecordsPerFetch", "kinesis.internal.maintenanceTaskIntervalSec"],
          (v) => isInt(v) && Number(v) > 0,
          "must be a positive integer",
        ),
      ),
  },
  {
    id: "source.maxFetchTimePerShardSec",
    from: "KinesisOptions.scala:222-232",
    check: (p) => kinesisSource(p, (o) => eachKey(o, ["kinesis.maxFetchTimePerShardSec"], (v) => isInt(v) && Number(v) >= 10, "must be an integer no less than 10")),
  },
  {
    id: "source.nonNegativeNumbers",
    from: "KinesisOptions.scala:261-296,340-347,353-355,442-453,481-492",
    check: (p) =>
      kinesisSource(p, (o) =>
        eachKey(
          o,
          [
            "kinesis.metadataNumRetries",
            "kinesis.clientNumRetries",
            "kinesis.internal.dataQueueCapacity",
            "kinesis.internal.maxDataQueueEmptyCount",
            "kinesis.internal.dataQueueWaitTimeoutSec",
            "kinesis.subscribeToShard.timeoutSec",
            "kinesis.subscribeToShard.maxRetries",
          ],
          (v) => isInt(v) && Number(v) >= 0,
          "must be zero or a positive integer",
        ) ??
        eachKey(
          o,
          ["kinesis.metadataRetryIntervalsMs", "kinesis.metadataMaxRetryIntervalMs", "kinesis.clientRetryIntervalsMs", "kinesis.clientMaxRetryIntervalMs", "kinesis.getRecords.fetchIntervalMs"],
          (v) => isLong(v) && BigInt(v) >= 0n,
          "must be zero or a positive long",
        ),
      ),
  },
  {
    id: "source.idleStop",
    from: "KinesisOptions.scala:293-304",
    check: (p) =>
      kinesisSource(p, (o) => (Number(o.get("kinesis.internal.maxdataqueueemptycount") ?? 2) * Number(o.get("kinesis.internal.dataqueuewaittimeoutsec") ?? 5) > 5 ? undefined : "maxDataQueueEmptyCount * dataQueueWaitTimeoutSec must be greater than 5")),
  },
  {
    id: "source.describeShardInterval",
    // Utils.timeStringAsMs → JavaUtils.timeStringAs: lower-cased, trimmed, (-?[0-9]+)([a-z]+)? with us|ms|s|m|min|h|d.
    from: "KinesisOptions.scala:238-244, spark common/utils JavaUtils.timeStringAs",
    check: (p) => kinesisSource(p, (o) => eachKey(o, ["kinesis.describeShardInterval"], (v) => /^[0-9]+(us|ms|s|m|min|h|d)?$/.test(v.toLowerCase().trim()), "is not a Spark time string")),
  },
  {
    id: "source.pairs",
    from: "KinesisOptions.scala:306-323",
    check: (p) =>
      kinesisSource(p, (o) =>
        !!o.get("kinesis.stsrolearn") !== !!o.get("kinesis.stssessionname")
          ? "kinesis.stsRoleArn and kinesis.stsSessionName must be both defined or empty"
          : !!o.get("kinesis.awsaccesskeyid") !== !!o.get("kinesis.awssecretkey")
            ? "kinesis.awsAccessKeyId and kinesis.awsSecretKey must be both defined or empty"
            : undefined,
      ),
  },
  {
    id: "source.committerType",
    from: "metadata/MetadataCommitter.scala:51-62",
    check: (p) => kinesisSource(p, (o) => eachKey(o, ["kinesis.metadataCommitterType"], (v) => /^(hdfs|dynamodb)$/i.test(v), "Unsupported committer type")),
  },
  {
    id: "source.startingPosition",
    from: "KinesisModel.scala:207-229, package.scala:71-80, KinesisV2SourceOffset.scala:75-95, KinesisModel.scala:127-140",
    check: (p) =>
      kinesisSource(p, (o) => {
        const v = o.get("kinesis.startingposition");
        if (v === undefined || /^(latest|trim_horizon|earliest)$/i.test(v)) return undefined;
        if (v.toUpperCase().startsWith("AT_TIMESTAMP")) {
          // substring(len + 1).trim, then yyyy-MM-dd'T'HH:mm:ssXXX (no fraction; zone Z or ±hh:mm)
          const ts = v.slice("AT_TIMESTAMP".length + 1).trim();
          return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(ts) ? undefined : `AT_TIMESTAMP '${ts}' is not yyyy-MM-dd'T'HH:mm:ssXXX`;
        }
        const problem = offsetJsonProblem(v);
        return problem ? `startingPosition JSON: ${problem}` : undefined;
      }),
  },
  {
    id: "sink.required",
    from: "KinesisV2TableProvider.scala:43-65",
    check: (p) =>
      kinesisSink(p, (o) => {
        for (const k of ["kinesis.streamName", "kinesis.region", "kinesis.endpointUrl"]) if (!o.get(k.toLowerCase())) return `${k} is a required field`;
        return undefined;
      }),
  },
  {
    id: "sink.region",
    // The KPL is configured with kinesis.region only (the endpoint is not passed to it).
    from: "CachedKinesisProducer.scala:65-67,113",
    check: (p) => kinesisSink(p, (o) => eachKey(o, ["kinesis.region"], (v) => REGION.test(v) || v.startsWith("<"), "is not a region")),
  },
  {
    id: "sink.numbers",
    from: "CachedKinesisProducer.scala:69-82,131-135",
    check: (p) =>
      kinesisSink(p, (o) => eachKey(o, ["kinesis.sink.recordMaxBufferedTimeMs", "kinesis.sink.recordTtl", "kinesis.sink.proxyPort"], isLong, "is not a long") ?? eachKey(o, ["kinesis.sink.maxConnections"], isInt, "is not an int")),
  },
  {
    id: "sink.appendOnly",
    from: "KinesisV2TableProvider.scala:73-75",
    check: (p) => (p.sinkFormat === "aws-kinesis" && p.outputMode !== "append" ? `OutputMode ${p.outputMode} not supported.` : undefined),
  },
  {
    id: "program.columns",
    // The read schema: data, streamName, partitionKey, sequenceNumber, approximateArrivalTimestamp (no shardId).
    from: "client/KinesisClientFactory.scala:25-30",
    check: (p) => (p.sourceFormat === "aws-kinesis" && /["`(]shardId["`)]/.test(codeOnly(p.code)) ? "the program refers to shardId" : undefined),
  },
  {
    id: "program.trigger",
    from: "README.md:399-401 (Known Limitations: Trigger.AvailableNow is not supported)",
    check: (p) => (p.sourceFormat === "aws-kinesis" && codeOnly(p.code).includes(".trigger(availableNow=True)") ? "Trigger.AvailableNow" : undefined),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Reading the program back.

const PY_STR = String.raw`"(?:[^"\\]|\\.)*"`;

function block(code: string, head: string, end: string): string | undefined {
  const i = code.indexOf(head);
  if (i < 0) return undefined;
  return code.slice(i, code.indexOf(end, i) + end.length);
}

function readBack(code: string): Program & { readonly readers: Options[] } {
  const options = (b: string | undefined) =>
    b === undefined
      ? undefined
      : new Map([...b.matchAll(new RegExp(String.raw`\.option\((${PY_STR}), (${PY_STR})\)`, "g"))].map((m) => [JSON.parse(m[1]!).toLowerCase(), JSON.parse(m[2]!)] as [string, string]));
  const format = (b: string | undefined) => (b ? /\.format\(("[^"]*")\)/.exec(b)?.[1] : undefined);
  // Every reader: `source = spark.readStream ...`, or `source_<stream> = ...` when several streams are unioned.
  const readers = [...code.matchAll(/^\w+ = spark\.readStream[\s\S]*?\.load\(\)/gm)].map((m) => m[0]);
  const writer = block(code, "query = result.writeStream", ".start()");
  const f = (s: string | undefined) => (s ? (JSON.parse(s) as string).toLowerCase() : undefined);
  return {
    code,
    sourceFormat: f(format(readers[0])),
    source: options(readers[0]),
    readers: readers.map((r) => options(r)!),
    sinkFormat: f(format(writer)),
    sink: options(writer),
    outputMode: writer ? JSON.parse(/\.outputMode\(("[^"]*")\)/.exec(writer)?.[1] ?? '""') : undefined,
  };
}

function violations(p: Program & { readonly readers?: Options[] }): string[] {
  const readers = p.readers && p.readers.length > 0 ? p.readers : [p.source];
  const found = readers.flatMap((source) =>
    RULES.flatMap((r) => {
      const v = r.check({ ...p, source });
      return v ? [`${r.id}: ${v}`] : [];
    }),
  );
  return [...new Set(found)];
}

function pyCompile(code: string): void {
  const file = join(mkdtempSync(join(tmpdir(), "tspark-rules-")), "job.py");
  writeFileSync(file, code);
  execFileSync("python3", ["-m", "py_compile", file], { stdio: "pipe" });
}

// ---------------------------------------------------------------------------------------------------------------
// The cases.

const AWS = "https://kinesis.eu-west-1.amazonaws.com";
const src = (options: Record<string, string>): PySparkPipeline["source"] => ({ format: "aws-kinesis", options: Object.entries(options) });
const consoleSink: PySparkSink = { format: "console", outputMode: "append", options: [] };
const kinesisSinkOf = (options: Record<string, string>, extra: Partial<PySparkSink> = {}): PySparkSink => ({
  format: "aws-kinesis",
  outputMode: "append",
  options: [...Object.entries(options), ["checkpointLocation", "s3://b/cp"]],
  ...extra,
});
const toKinesis = blogPipeline.steps;

interface Case {
  readonly name: string;
  readonly pipeline: PySparkPipeline;
  readonly opts?: PySparkExportOptions;
  /** Exported option values that must appear (lower-cased keys). */
  readonly source?: Record<string, string>;
  readonly sink?: Record<string, string>;
  readonly absent?: readonly string[];
  /** Substrings each of which some warning must contain. */
  readonly warnings?: readonly string[];
  /** Rules this export still breaks, each announced by a warning (no connector equivalent). */
  readonly breaks?: readonly string[];
  readonly submit?: string;
  /** Text the program must contain. */
  readonly code?: readonly string[];
}

const CASES: readonly Case[] = [
  // The blog's four core cases.
  { name: "blog: local endpoint, aws-kinesis sink", pipeline: blogPipeline, source: { "kinesis.region": "<aws-region>", "kinesis.endpointurl": "https://kinesis.<aws-region>.amazonaws.com" } },
  { name: "blog: local endpoint, console sink", pipeline: windowedPipeline, source: { "kinesis.startingposition": "LATEST" } },
  {
    name: "blog: AWS endpoint, aws-kinesis sink",
    pipeline: { source: src({ "kinesis.region": "eu-west-1", "kinesis.streamName": "in", "kinesis.endpointUrl": AWS }), steps: toKinesis, sink: kinesisSinkOf({ "kinesis.region": "eu-west-1", "kinesis.streamName": "out", "kinesis.endpointUrl": AWS }) },
    source: { "kinesis.region": "eu-west-1", "kinesis.endpointurl": AWS },
    sink: { "kinesis.region": "eu-west-1", "kinesis.streamname": "out" },
  },
  { name: "blog: AWS endpoint, console sink", pipeline: { source: src({ "kinesis.region": "eu-west-1", "kinesis.streamName": "in", "kinesis.endpointUrl": AWS }), steps: [], sink: consoleSink } },
  // #20.1: the sink's short aliases.
  {
    name: "sink options by their short aliases",
    pipeline: { ...blogPipeline, sink: kinesisSinkOf({ streamName: "out", region: "eu-west-1", endpointUrl: AWS }) },
    sink: { "kinesis.streamname": "out", "kinesis.region": "eu-west-1", "kinesis.endpointurl": AWS },
    absent: ["streamname", "region", "endpointurl"],
  },
  // #20.2: lenient values in the connector's form.
  { name: "consumerType in lower case", pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.consumerType": "getrecords", "kinesis.endpointUrl": AWS }) }, source: { "kinesis.consumertype": "GetRecords" } },
  {
    name: "maxFetchTimePerShardSec below the connector's floor",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.maxFetchTimePerShardSec": "5", "kinesis.endpointUrl": AWS }) },
    source: { "kinesis.maxfetchtimepershardsec": "10" },
    warnings: ["raised to 10"],
  },
  { name: "maxFetchTimePerShardSec as '30s' (connector #50)", pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.maxFetchTimePerShardSec": "30s", "kinesis.endpointUrl": AWS }) }, source: { "kinesis.maxfetchtimepershardsec": "30" } },
  {
    name: "AT_TIMESTAMP with fractional seconds and an offset",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.startingPosition": "AT_TIMESTAMP 2023-08-30T19:00:05.250+02:00", "kinesis.endpointUrl": AWS }) },
    source: { "kinesis.startingposition": "AT_TIMESTAMP 2023-08-30T17:00:05Z" },
    warnings: ["rounded down"],
  },
  { name: "AT_TIMESTAMP with '=' and nanoseconds", pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.startingPosition": "at_timestamp=2023-08-30T19:00:05.000000000Z", "kinesis.endpointUrl": AWS }) }, source: { "kinesis.startingposition": "AT_TIMESTAMP 2023-08-30T19:00:05Z" } },
  { name: "describeShardInterval with a fraction", pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.describeShardInterval": "1.5s", "kinesis.endpointUrl": AWS }) }, source: { "kinesis.describeshardinterval": "1500ms" } },
  { name: "describeShardInterval in words", pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.describeShardInterval": "2 minutes", "kinesis.endpointUrl": AWS }) }, source: { "kinesis.describeshardinterval": "120s" } },
  {
    name: "per-shard JSON without metadata, subSequenceNumber, isLast",
    pipeline: {
      ...blogPipeline,
      source: src({ "kinesis.streamName": "in", "kinesis.endpointUrl": AWS, "kinesis.startingPosition": '{"shardId-000000000001":{"iteratorType":"AT_SEQUENCE_NUMBER","iteratorPosition":"49605240428222307037115827613554798409561082419642105874"}}' }),
    },
    source: {
      "kinesis.startingposition":
        '{"metadata":{"streamName":"in","batchId":"-1"},"shardId-000000000001":{"iteratorType":"AT_SEQUENCE_NUMBER","iteratorPosition":"49605240428222307037115827613554798409561082419642105874","subSequenceNumber":"-1","isLast":"true"}}',
    },
  },
  {
    name: "booleans and integers as typed",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.endpointUrl": AWS, "kinesis.failOnDataLoss": "TRUE", "kinesis.maxFetchRecordsPerShard": " 500 " }) },
    source: { "kinesis.failondataloss": "true", "kinesis.maxfetchrecordspershard": "500" },
  },
  // #20.3: fan-out with only a consumer ARN.
  {
    name: "SubscribeToShard with only kinesis.consumerArn",
    pipeline: {
      ...blogPipeline,
      source: src({ "kinesis.streamName": "in", "kinesis.endpointUrl": AWS, "kinesis.consumerType": "SubscribeToShard", "kinesis.consumerArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/in/consumer/reporting:1700000000" }),
    },
    source: { "kinesis.consumername": "reporting", "kinesis.consumertype": "SubscribeToShard" },
    absent: ["kinesis.consumerarn"],
    warnings: ["exported as kinesis.consumerName=reporting"],
  },
  // #20.4: regions.
  {
    name: "VPC endpoint",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.endpointUrl": "https://vpce-0a1b-c2d3.kinesis.eu-west-1.vpce.amazonaws.com" }) },
    source: { "kinesis.kinesisregion": "eu-west-1", "kinesis.region": "eu-west-1" },
  },
  { name: "AWS endpoint without a region", pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.endpointUrl": "https://kinesis.ap-south-1.amazonaws.com" }) }, source: { "kinesis.region": "ap-south-1" } },
  {
    name: "kinesis.region without an endpoint (--aws)",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.region": "us-west-2" }), sink: kinesisSinkOf({ "kinesis.streamName": "out", "kinesis.region": "us-west-2" }) },
    source: { "kinesis.region": "us-west-2", "kinesis.endpointurl": "https://kinesis.us-west-2.amazonaws.com" },
    sink: { "kinesis.region": "us-west-2", "kinesis.endpointurl": "https://kinesis.us-west-2.amazonaws.com" },
  },
  {
    name: "region contradicting the endpoint (#20.7): the source signs for the endpoint's, the sink is warned",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "in", "kinesis.region": "eu-west-1", "kinesis.endpointUrl": "https://kinesis.us-east-1.amazonaws.com" }), sink: kinesisSinkOf({ "kinesis.streamName": "out", "kinesis.region": "eu-west-1", "kinesis.endpointUrl": "https://kinesis.us-east-1.amazonaws.com" }) },
    source: { "kinesis.region": "eu-west-1" },
    warnings: ["the connector's sink (KPL) writes to the stream in kinesis.region"],
  },
  // #20.5: what the connector cannot run.
  {
    name: "a query selecting shardId",
    pipeline: { ...blogPipeline, steps: [{ op: "project", exprs: [colRef(["shardId"]), alias(cast(colRef(["data"]), StringType()), "data")] }], sink: consoleSink },
    warnings: ["column shardId is tspark's"],
    breaks: ["program.columns"],
  },
  { name: "trigger(availableNow=True)", pipeline: { ...windowedPipeline, sink: { ...windowedPipeline.sink!, trigger: { kind: "AvailableNow" } } }, warnings: ["exported as trigger(once=True)"] },
  {
    name: "update output mode into the Kinesis sink",
    pipeline: { ...blogPipeline, sink: { ...blogPipeline.sink!, outputMode: "update" } },
    warnings: ["the connector's sink takes Append only"],
    breaks: ["sink.appendOnly"],
  },
  // Connector tracker asks.
  {
    name: "a stream ARN as kinesis.streamName (#12)",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "arn:aws:kinesis:eu-central-1:123456789012:stream/orders" }), sink: consoleSink },
    source: { "kinesis.streamname": "orders", "kinesis.region": "eu-central-1", "kinesis.endpointurl": "https://kinesis.eu-central-1.amazonaws.com" },
  },
  {
    name: "proxies (#21): the sink's are the connector's, the source's are tspark's",
    pipeline: {
      ...blogPipeline,
      source: src({ "kinesis.streamName": "in", "kinesis.endpointUrl": AWS, "kinesis.proxyAddress": "proxy.corp", "kinesis.proxyPort": "3128" }),
      sink: kinesisSinkOf({ "kinesis.streamName": "out", "kinesis.region": "eu-west-1", "kinesis.endpointUrl": AWS, "kinesis.sink.proxyAddress": "proxy.corp", "kinesis.sink.proxyPort": "3128" }),
    },
    sink: { "kinesis.sink.proxyaddress": "proxy.corp", "kinesis.sink.proxyport": "3128" },
    absent: ["kinesis.proxyaddress"],
    warnings: ["the connector's source has no proxy option"],
  },
  {
    name: "several streams in one reader (#16): the union of one reader per stream",
    pipeline: { ...blogPipeline, source: src({ "kinesis.streamName": "orders, returns", "kinesis.endpointUrl": AWS, "kinesis.consumerType": "getrecords" }), sink: consoleSink },
    source: { "kinesis.streamname": "orders", "kinesis.consumertype": "GetRecords" },
    code: ["source = source_orders.union(source_returns)", 'source_returns = spark.readStream \\\n    .format("aws-kinesis") \\\n    .option("kinesis.region", "eu-west-1") \\\n    .option("kinesis.streamName", "returns")'],
  },
  // #20.6: the spark-submit line per target.
  { name: "target emr-7 (default)", pipeline: blogPipeline, submit: "spark-submit job.py" },
  {
    name: "target spark-3.5",
    pipeline: blogPipeline,
    opts: { target: "spark-3.5" },
    submit: "spark-submit --jars https://awslabs-code-us-east-1.s3.amazonaws.com/spark-sql-kinesis-connector/spark-streaming-sql-kinesis-connector_2.12-1.4.2.jar job.py",
  },
  { name: "target spark-4", pipeline: blogPipeline, opts: { target: "spark-4" }, submit: "spark-submit --jars spark-streaming-sql-kinesis-connector_2.13-2.0.0.jar job.py" },
  {
    name: "a non-Kinesis query keeps availableNow and needs no connector",
    pipeline: { source: { format: "rate", options: [["rowsPerSecond", "5"]] }, steps: [{ op: "project", exprs: [star(null), alias(call("upper", [lit("x", StringType())]), "u")] }], sink: { ...consoleSink, trigger: { kind: "AvailableNow" } } },
    opts: { target: "spark-3.5" },
    submit: "spark-submit job.py",
  },
];

describe("exported programs against the connector's validation rules", () => {
  it.each(CASES)("$name", (c) => {
    const out = exportPipeline(c.pipeline, { fileName: "job.py", ...c.opts });
    const p = readBack(out.code);
    for (const [k, v] of Object.entries(c.source ?? {})) expect(p.source?.get(k), k).toBe(v);
    for (const [k, v] of Object.entries(c.sink ?? {})) expect(p.sink?.get(k), k).toBe(v);
    for (const k of c.absent ?? []) expect(p.source?.has(k) || p.sink?.has(k), k).toBe(false);
    for (const w of c.warnings ?? []) {
      expect(out.warnings.some((x) => x.includes(w)), `warning '${w}' in ${JSON.stringify(out.warnings)}`).toBe(true);
      expect(out.code).toContain(`# WARNING: ${out.warnings.find((x) => x.includes(w))}`);
    }
    expect(violations(p).map((v) => v.split(":")[0])).toEqual(c.breaks ?? []);
    if (c.submit) expect(out.submit).toBe(c.submit);
    for (const text of c.code ?? []) expect(out.code).toContain(text);
    pyCompile(out.code);
  });

  it("each rule catches what the connector refuses (the rules are not vacuous)", () => {
    const bad = (source: Record<string, string>, extra: Partial<Program> = {}): Program => ({
      code: "",
      sourceFormat: "aws-kinesis",
      source: new Map(Object.entries(source).map(([k, v]) => [k.toLowerCase(), v])),
      ...extra,
    });
    const ok = { "kinesis.endpointUrl": AWS, "kinesis.streamName": "s" };
    const caught = (p: Program) => violations(p).map((v) => v.split(":")[0]);
    expect(caught(bad({ "kinesis.streamName": "s" }))).toContain("source.endpointUrl");
    expect(caught(bad({ ...ok, "kinesis.endpointUrl": "https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com" }))).toEqual(["source.region", "source.kinesisRegion"]);
    expect(caught(bad({ ...ok, "kinesis.kinesisRegion": "us-east-1" }))).toEqual(["source.kinesisRegion"]);
    expect(caught(bad({ ...ok, "kinesis.streamName": "arn:aws:kinesis:eu-west-1:1:stream/s" }))).toEqual(["source.streamName"]);
    expect(caught(bad({ ...ok, "kinesis.consumerType": "getrecords" }))).toEqual(["source.consumerType"]);
    expect(caught(bad({ ...ok, "kinesis.consumerType": "SubscribeToShard" }))).toEqual(["source.consumerName"]);
    expect(caught(bad({ ...ok, "kinesis.failOnDataLoss": "yes" }))).toEqual(["source.booleans"]);
    expect(caught(bad({ ...ok, "kinesis.maxFetchRecordsPerShard": " 5" }))).toEqual(["source.positiveInts"]);
    expect(caught(bad({ ...ok, "kinesis.maxFetchTimePerShardSec": "5" }))).toEqual(["source.maxFetchTimePerShardSec"]);
    expect(caught(bad({ ...ok, "kinesis.maxFetchTimePerShardSec": "30s" }))).toEqual(["source.maxFetchTimePerShardSec"]);
    expect(caught(bad({ ...ok, "kinesis.clientNumRetries": "-1" }))).toEqual(["source.nonNegativeNumbers"]);
    expect(caught(bad({ ...ok, "kinesis.internal.dataQueueWaitTimeoutSec": "1" }))).toEqual(["source.idleStop"]);
    expect(caught(bad({ ...ok, "kinesis.describeShardInterval": "1.5s" }))).toEqual(["source.describeShardInterval"]);
    expect(caught(bad({ ...ok, "kinesis.stsRoleArn": "arn:aws:iam::1:role/r" }))).toEqual(["source.pairs"]);
    expect(caught(bad({ ...ok, "kinesis.metadataCommitterType": "S3" }))).toEqual(["source.committerType"]);
    expect(caught(bad({ ...ok, "kinesis.startingPosition": "AT_TIMESTAMP 2023-08-30T19:00:05.250Z" }))).toEqual(["source.startingPosition"]);
    expect(caught(bad({ ...ok, "kinesis.startingPosition": '{"shardId-0":{"iteratorType":"TRIM_HORIZON","iteratorPosition":""}}' }))).toEqual(["source.startingPosition"]);
    const sink = (o: Record<string, string>, outputMode = "append") =>
      caught({ code: "", sinkFormat: "aws-kinesis", sink: new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v])), outputMode });
    expect(sink({ "kinesis.streamName": "s", "kinesis.endpointUrl": AWS })).toEqual(["sink.required"]);
    expect(sink({ "kinesis.streamName": "s", "kinesis.endpointUrl": AWS, "kinesis.region": "kinesis" })).toEqual(["sink.region"]);
    expect(sink({ "kinesis.streamName": "s", "kinesis.endpointUrl": AWS, "kinesis.region": "eu-west-1", "kinesis.sink.recordTtl": "30s" })).toEqual(["sink.numbers"]);
    expect(sink({ "kinesis.streamName": "s", "kinesis.endpointUrl": AWS, "kinesis.region": "eu-west-1" }, "update")).toEqual(["sink.appendOnly"]);
    expect(caught(bad(ok, { code: 'select("shardId")' }))).toEqual(["program.columns"]);
    expect(caught(bad(ok, { code: "    .trigger(availableNow=True) \\" }))).toEqual(["program.trigger"]);
  });
});
