/**
 * Options for the real connector (awslabs spark-sql-kinesis-connector, kinesis-connector.md §1-2), so that the
 * exported program passes the connector's own checks (written out as rules in test/export/connector-rules.test.ts):
 *
 * - keys spelled as the connector documents them (keys are case-insensitive there); the sink's unprefixed aliases
 *   (`streamName`, `region`, `endpointUrl`, accepted by tspark) become their `kinesis.` names;
 * - values in the form the connector parses (kinesis-values.ts), with a warning where the meaning changes;
 * - the region and endpoint the connector needs (it parses the region from the endpoint's second dot label, which
 *   is wrong for VPC endpoints), derived where tspark can, placeholders only for what is local to this machine;
 * - tspark-only keys left out with a note (the connector ignores unknown keys, but a reader would think them used).
 */
import { regionFromEndpoint } from "../kinesis/resolve-connection";
import { SINK_OPTION_KEYS } from "../kinesis/sink/sink-options";
import { SOURCE_OPTION_KEYS } from "../kinesis/source-options";
import { parseConsumerArn, parseStreamArn } from "../kinesis/stream-arn";
import { type Canonical, booleanValue, consumerTypeValue, durationValue, maxFetchTimeValue, startingPositionValue, trimmed } from "./kinesis-values";

export const REGION_PLACEHOLDER = "<aws-region>";
export const ENDPOINT_PLACEHOLDER = "https://kinesis.<aws-region>.amazonaws.com";

/** Options tspark adds to the connector's set; the connector does not know them. */
const TSPARK_ONLY_KEYS: ReadonlySet<string> = new Set([
  "kinesis.consumerArn",
  "kinesis.deregisterConsumerOnStop",
  "kinesis.internal.subscriptionRenewalMs",
  "kinesis.sink.maxRecordSizeBytes",
  "kinesis.dynamodb.endpointUrl",
  "kinesis.s3.endpointUrl",
  "kinesis.proxyAddress",
  "kinesis.proxyPort",
  "kinesis.proxyUsername",
  "kinesis.proxyPassword",
]);

/** The connector's option names (source and sink): tspark's own option lists less what tspark added. */
const CONNECTOR_KEYS = [...new Set<string>([...SOURCE_OPTION_KEYS, ...SINK_OPTION_KEYS])].filter((k) => !TSPARK_ONLY_KEYS.has(k));
const CANONICAL = new Map<string, string>(CONNECTOR_KEYS.map((k) => [k.toLowerCase(), k]));

/** Static keys from a local session are the emulators' dummies; on AWS the instance role is the norm. */
const SECRET_KEYS = new Set(["kinesis.awsaccesskeyid", "kinesis.awssecretkey", "kinesis.sessiontoken"]);

/** Unprefixed spellings tspark's sink accepts (sink-options.ts ALIASES); the connector knows only `kinesis.*`. */
const ALIASES: Readonly<Record<string, string>> = { streamname: "kinesis.streamname", region: "kinesis.region", endpointurl: "kinesis.endpointurl" };

const BOOLEAN_KEYS = new Set(["kinesis.failondataloss", "kinesis.internal.avoidemptybatches", "kinesis.sink.aggregationenabled"]);
const DURATION_KEYS = new Set(["kinesis.describeshardinterval"]);
const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface ExportedOption {
  readonly key: string;
  readonly value: string;
  /** Where the value came from, for callers; not rendered (no comment can follow a `\` continuation line). */
  readonly note?: string;
}

export interface OptionExport {
  readonly options: ExportedOption[];
  readonly warnings: string[];
}

export function isLocalEndpoint(url: string): boolean {
  return /^http:\/\//i.test(url) || /\/\/(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(url);
}

/** The connector's getRegionNameByEndpoint (package.scala): the text between the URL's first and second dots. */
export function connectorRegionOf(endpoint: string): string | undefined {
  const first = endpoint.indexOf(".");
  if (first < 0) return undefined;
  const second = endpoint.indexOf(".", first + 1);
  return second < 0 ? undefined : endpoint.slice(first + 1, second);
}

/** Rewrite the options of an `aws-kinesis` reader or writer for a cluster on AWS. */
export function kinesisOptions(given: readonly (readonly [string, string])[], role: "source" | "sink"): OptionExport {
  const warnings: string[] = [];
  const out: ExportedOption[] = [];

  // Lower-cased keys; aliases folded in (the prefixed key wins, as in tspark's sink).
  const byKey = new Map<string, { key: string; value: string }>();
  for (const [k, v] of given) {
    const lower = k.toLowerCase();
    if (!ALIASES[lower]) byKey.set(lower, { key: k, value: v.trim() });
  }
  for (const [k, v] of given) {
    const target = ALIASES[k.toLowerCase()];
    if (target && !byKey.has(target)) byKey.set(target, { key: k, value: v.trim() });
  }
  const value = (k: string) => byKey.get(k)?.value || undefined;

  // Stream: a name, or an ARN (tspark takes both; the connector only a name).
  let streamName = value("kinesis.streamname");
  const streamArn = streamName ? parseStreamArn(streamName) : undefined;
  if (streamArn) streamName = streamArn.streamName;

  // Region and endpoint.
  const endpoint = value("kinesis.endpointurl");
  const givenRegion = value("kinesis.region");
  const givenKinesisRegion = value("kinesis.kinesisregion");
  const local = endpoint !== undefined && isLocalEndpoint(endpoint);
  let region: ExportedOption;
  let endpointOpt: ExportedOption;
  let kinesisRegion: ExportedOption | undefined;
  if (local) {
    region = { key: "kinesis.region", value: REGION_PLACEHOLDER, note: "fill in" };
    endpointOpt = { key: "kinesis.endpointUrl", value: ENDPOINT_PLACEHOLDER, note: "fill in" };
    if (givenKinesisRegion) kinesisRegion = { key: "kinesis.kinesisRegion", value: REGION_PLACEHOLDER, note: "fill in" };
  } else if (endpoint !== undefined) {
    // A real endpoint: the Kinesis region is the endpoint's (what tspark signs for, resolve-connection.ts).
    const endpointRegion = regionFromEndpoint(endpoint);
    const parsed = connectorRegionOf(endpoint);
    const kRegion = givenKinesisRegion ?? endpointRegion;
    endpointOpt = { key: "kinesis.endpointUrl", value: endpoint };
    region = givenRegion
      ? { key: "kinesis.region", value: givenRegion }
      : kRegion
        ? { key: "kinesis.region", value: kRegion, note: "from the endpoint" }
        : { key: "kinesis.region", value: REGION_PLACEHOLDER, note: "fill in" };
    if (givenKinesisRegion) kinesisRegion = { key: "kinesis.kinesisRegion", value: givenKinesisRegion };
    else if (parsed !== endpointRegion && endpointRegion) {
      // VPC endpoints (vpce-x.kinesis.<region>.vpce.amazonaws.com): the connector would take "kinesis" as the region.
      kinesisRegion = { key: "kinesis.kinesisRegion", value: endpointRegion, note: "the connector cannot parse this endpoint's region" };
    } else if (!parsed || !REGION_SHAPE.test(parsed)) {
      kinesisRegion = { key: "kinesis.kinesisRegion", value: REGION_PLACEHOLDER, note: "fill in: the endpoint names no region" };
    }
    if (role === "sink" && givenRegion && kRegion && givenRegion !== kRegion) {
      warnings.push(
        `kinesis.region ${givenRegion} differs from the endpoint's region ${kRegion}: the connector's sink (KPL) writes to the stream in kinesis.region, tspark writes through the endpoint`,
      );
    }
  } else {
    // No endpoint: tspark used the embedded Kinesis (local mode) or the region's public endpoint (--aws).
    const r = givenKinesisRegion ?? givenRegion ?? streamArn?.region;
    if (r) {
      region = { key: "kinesis.region", value: givenRegion ?? r };
      endpointOpt = { key: "kinesis.endpointUrl", value: `https://kinesis.${r}.amazonaws.com` };
      if (givenKinesisRegion) kinesisRegion = { key: "kinesis.kinesisRegion", value: givenKinesisRegion };
    } else {
      region = { key: "kinesis.region", value: REGION_PLACEHOLDER, note: "fill in" };
      endpointOpt = { key: "kinesis.endpointUrl", value: ENDPOINT_PLACEHOLDER, note: "fill in" };
    }
  }
  out.push(region);
  out.push(
    streamName
      ? { key: "kinesis.streamName", value: streamName, note: streamArn ? "the connector takes the name, not the ARN" : undefined }
      : { key: "kinesis.streamName", value: "<stream-name>", note: "fill in" },
  );
  if (streamArn && givenRegion && streamArn.region !== givenRegion) {
    warnings.push(`kinesis.streamName is an ARN in ${streamArn.region} but kinesis.region is ${givenRegion}`);
  }

  const done = new Set(["kinesis.region", "kinesis.endpointurl", "kinesis.kinesisregion", "kinesis.streamname"]);
  const consumerType = value("kinesis.consumertype");
  const isEfo = consumerType !== undefined && consumerType.toLowerCase() === "subscribetoshard";
  for (const [lower, { key: k, value: v }] of byKey) {
    if (done.has(lower)) continue;
    const canonical = CANONICAL.get(lower);
    if (lower === "kinesis.consumerarn" && role === "source") {
      const arn = parseConsumerArn(v);
      if (isEfo && !value("kinesis.consumername") && arn) {
        out.push({ key: "kinesis.consumerName", value: arn.consumerName, note: "from kinesis.consumerArn" });
        warnings.push(
          `option kinesis.consumerArn is tspark-only: exported as kinesis.consumerName=${arn.consumerName}; the connector reuses the consumer of that name (registering it if missing) and deregisters it when the query stops`,
        );
      } else if (isEfo && !value("kinesis.consumername")) {
        out.push({ key: "kinesis.consumerName", value: "<consumer-name>", note: "fill in" });
        warnings.push("option kinesis.consumerArn is tspark-only and names no consumer tspark can read: fill in kinesis.consumerName");
      } else {
        warnings.push(`option ${k} (${role}) is tspark-only: the connector does not know it, left out`);
      }
      continue;
    }
    if (lower.startsWith("kinesis.proxy")) {
      warnings.push(`option ${k} (${role}): the connector's source has no proxy option (only its sink: kinesis.sink.proxy*), left out`);
      continue;
    }
    if (!canonical) {
      warnings.push(`option ${k} (${role}) is tspark-only: the connector does not know it, left out`);
      continue;
    }
    if (SECRET_KEYS.has(lower)) {
      if (local || (endpoint === undefined && !givenRegion && !givenKinesisRegion)) {
        warnings.push(`option ${canonical}: the local emulator's static key was left out; the cluster's IAM role is used`);
        continue;
      }
      out.push({ key: canonical, value: "<secret>", note: "prefer an IAM role over static keys" });
      continue;
    }
    if (lower === "kinesis.stsendpointurl" && isLocalEndpoint(v)) {
      warnings.push(`option ${canonical}=${v} points at a local emulator, left out`);
      continue;
    }
    const c = canonicalValue(lower, v, streamName ?? "<stream-name>");
    if (c.warning) warnings.push(c.warning);
    out.push({ key: canonical, value: c.value });
  }
  if (role === "source" && isEfo && !out.some((o) => o.key === "kinesis.consumerName")) {
    out.push({ key: "kinesis.consumerName", value: "<consumer-name>", note: "fill in: SubscribeToShard needs one" });
  }
  if (kinesisRegion) out.push(kinesisRegion);
  out.push(endpointOpt);
  return { options: reorder(out), warnings };
}

function canonicalValue(lower: string, v: string, streamName: string): Canonical {
  if (lower === "kinesis.consumertype") return consumerTypeValue(v);
  if (lower === "kinesis.maxfetchtimepershardsec") return maxFetchTimeValue(v);
  if (lower === "kinesis.startingposition") return startingPositionValue(v, streamName);
  if (DURATION_KEYS.has(lower)) return durationValue("kinesis.describeShardInterval", v);
  if (BOOLEAN_KEYS.has(lower)) return booleanValue(v);
  return trimmed(v);
}

/** region, streamName, the rest in the user's order, kinesisRegion, endpointUrl: the order of the blog's snippets. */
function reorder(opts: ExportedOption[]): ExportedOption[] {
  const first = opts.filter((o) => o.key === "kinesis.region" || o.key === "kinesis.streamName");
  const last = opts.filter((o) => o.key === "kinesis.kinesisRegion" || o.key === "kinesis.endpointUrl");
  const middle = opts.filter((o) => !first.includes(o) && !last.includes(o));
  return [...first, ...middle, ...last];
}

/** A checkpoint location on this machine becomes an S3 placeholder keeping its last path segment. */
export function checkpointLocation(given: string | undefined, queryName: string | null | undefined): { value: string; note?: string } {
  if (given && /^(s3a?|hdfs|dbfs|gs|abfss?):\/\//i.test(given)) return { value: given };
  const tail = (given ?? "").replace(/\/+$/, "").split("/").pop() || queryName || "query";
  return { value: `s3://<bucket>/checkpoints/${tail}`, note: "fill in: a durable location (S3 or HDFS)" };
}
