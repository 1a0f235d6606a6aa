/**
 * Options for the real connector (awslabs spark-sql-kinesis-connector, kinesis-connector.md §1-2): keys spelled as
 * the connector documents them (keys are case-insensitive there, so `kinesis.startingposition` becomes
 * `kinesis.startingPosition`), local-only values replaced by placeholders the user fills in, tspark-only keys
 * left out with a note. Required options the connector insists on are added when the tspark code relied on
 * local defaults.
 */
import { SINK_OPTION_KEYS } from "../kinesis/sink/sink-options";
import { SOURCE_OPTION_KEYS } from "../kinesis/source-options";

export const REGION_PLACEHOLDER = "<aws-region>";
export const ENDPOINT_PLACEHOLDER = "https://kinesis.<aws-region>.amazonaws.com";

/** Options tspark adds to the connector's set; the real connector would reject them. */
const TSPARK_ONLY_KEYS: ReadonlySet<string> = new Set([
  "kinesis.consumerArn",
  "kinesis.deregisterConsumerOnStop",
  "kinesis.internal.subscriptionRenewalMs",
  "kinesis.sink.maxRecordSizeBytes",
  "kinesis.dynamodb.endpointUrl",
  "kinesis.s3.endpointUrl",
]);

/** The connector's option names (source and sink): tspark's own option lists less what tspark added. */
const CONNECTOR_KEYS = [...new Set<string>([...SOURCE_OPTION_KEYS, ...SINK_OPTION_KEYS])].filter((k) => !TSPARK_ONLY_KEYS.has(k));

const CANONICAL = new Map<string, string>(CONNECTOR_KEYS.map((k) => [k.toLowerCase(), k]));

/** Static keys from a local session are the emulators' dummies; on AWS the instance role is the norm. */
const SECRET_KEYS = new Set(["kinesis.awsaccesskeyid", "kinesis.awssecretkey", "kinesis.sessiontoken"]);

export interface ExportedOption {
  readonly key: string;
  readonly value: string;
  /** Shown as a comment after the option line. */
  readonly note?: string;
}

export interface OptionExport {
  readonly options: ExportedOption[];
  readonly warnings: string[];
}

function isLocalEndpoint(url: string): boolean {
  return /^http:\/\//i.test(url) || /\/\/(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(url);
}

/** Rewrite the options of an `aws-kinesis` reader or writer for a cluster on AWS. */
export function kinesisOptions(given: readonly (readonly [string, string])[], role: "source" | "sink"): OptionExport {
  const warnings: string[] = [];
  const out: ExportedOption[] = [];
  const byKey = new Map<string, string>();
  for (const [k, v] of given) byKey.set(k.toLowerCase(), v);
  const endpoint = byKey.get("kinesis.endpointurl");
  const local = endpoint === undefined || isLocalEndpoint(endpoint);

  // The connector requires region and endpoint (the sink validates both); put them first, as the blog does.
  out.push(
    local
      ? { key: "kinesis.region", value: REGION_PLACEHOLDER, note: "fill in" }
      : { key: "kinesis.region", value: byKey.get("kinesis.region") ?? REGION_PLACEHOLDER },
  );
  for (const [k, v] of given) {
    const lower = k.toLowerCase();
    if (lower === "kinesis.region" || lower === "kinesis.endpointurl") continue;
    const canonical = CANONICAL.get(lower);
    if (!canonical) {
      warnings.push(`option ${k} (${role}) is tspark-only: the connector does not know it, left out`);
      continue;
    }
    if (SECRET_KEYS.has(lower)) {
      if (local) {
        warnings.push(`option ${canonical}: the local emulator's static key was left out; the cluster's IAM role is used`);
        continue;
      }
      out.push({ key: canonical, value: "<secret>", note: "prefer an IAM role over static keys" });
      continue;
    }
    if (lower === "kinesis.kinesisregion" && local) {
      out.push({ key: canonical, value: REGION_PLACEHOLDER, note: "fill in" });
      continue;
    }
    if (lower === "kinesis.stsendpointurl" && isLocalEndpoint(v)) {
      warnings.push(`option ${canonical}=${v} points at a local emulator, left out`);
      continue;
    }
    out.push({ key: canonical, value: v });
  }
  const streamIdx = out.findIndex((o) => o.key === "kinesis.streamName");
  if (streamIdx < 0) out.push({ key: "kinesis.streamName", value: "<stream-name>", note: "fill in" });
  out.push(
    local
      ? { key: "kinesis.endpointUrl", value: ENDPOINT_PLACEHOLDER, note: "fill in" }
      : { key: "kinesis.endpointUrl", value: endpoint! },
  );
  return { options: reorder(out), warnings };
}

/** region, streamName, the rest in the user's order, endpointUrl: the order of the blog's snippets. */
function reorder(opts: ExportedOption[]): ExportedOption[] {
  const first = opts.filter((o) => o.key === "kinesis.region" || o.key === "kinesis.streamName");
  const last = opts.filter((o) => o.key === "kinesis.endpointUrl");
  const middle = opts.filter((o) => !first.includes(o) && !last.includes(o));
  return [...first, ...middle, ...last];
}

/** A checkpoint location on this machine becomes an S3 placeholder keeping its last path segment. */
export function checkpointLocation(given: string | undefined, queryName: string | null | undefined): { value: string; note?: string } {
  if (given && /^(s3a?|hdfs|dbfs|gs|abfss?):\/\//i.test(given)) return { value: given };
  const tail = (given ?? "").replace(/\/+$/, "").split("/").pop() || queryName || "query";
  return { value: `s3://<bucket>/checkpoints/${tail}`, note: "fill in: a durable location (S3 or HDFS)" };
}
