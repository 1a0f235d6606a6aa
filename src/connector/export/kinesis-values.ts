/**
 * Option values tspark accepts leniently, written in the form the awslabs connector parses (its rules are quoted
 * from KinesisOptions.scala, KinesisModel.scala, KinesisV2SourceOffset.scala and package.scala in
 * test/export/connector-rules.test.ts). Each function returns the value to export and, when the meaning had to
 * change (a value the connector has no spelling for), a warning saying how.
 */
import { parseTimeString } from "../kinesis/options";
import { parseStartingPosition } from "../kinesis/positions";

export interface Canonical {
  readonly value: string;
  readonly warning?: string;
}

/** The connector validates case-insensitively but then compares case-sensitively (MatchError on "getrecords"). */
export function consumerTypeValue(v: string): Canonical {
  const lower = v.trim().toLowerCase();
  if (lower === "getrecords") return { value: "GetRecords" };
  if (lower === "subscribetoshard") return { value: "SubscribeToShard" };
  return { value: v.trim(), warning: `kinesis.consumerType '${v}' is neither GetRecords nor SubscribeToShard` };
}

/** Whole seconds, at least 10 (the connector's floor); "30s"/"1min" become "30"/"60". */
export function maxFetchTimeValue(v: string): Canonical {
  const ms = parseTimeString(v.trim(), "s");
  if (ms === undefined || ms <= 0) return { value: v.trim(), warning: `kinesis.maxFetchTimePerShardSec '${v}' is not a number of seconds` };
  const sec = Math.ceil(ms / 1000);
  if (sec < 10) {
    return {
      value: "10",
      warning: `kinesis.maxFetchTimePerShardSec '${v}' raised to 10: the connector refuses less than 10 seconds (its tasks idle ~10 s anyway)`,
    };
  }
  return { value: String(sec), warning: sec * 1000 !== ms ? `kinesis.maxFetchTimePerShardSec '${v}' rounded up to ${sec} whole seconds` : undefined };
}

/** Spark's timeStringAsMs: an integer and one of us/ms/s/m/min/h/d, no space, no fraction ("1.5s" → "1500ms"). */
export function durationValue(key: string, v: string): Canonical {
  const t = v.trim();
  if (/^\d+(us|ms|s|m|min|h|d)?$/i.test(t)) return { value: t.toLowerCase() };
  const ms = parseTimeString(t, "ms");
  if (ms === undefined) return { value: t, warning: `${key} '${v}' is not a Spark duration` };
  return { value: ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms` };
}

/** Scala's String.toBoolean takes true/false in any case; written lower-case. */
export function booleanValue(v: string): Canonical {
  return { value: v.trim().toLowerCase() };
}

/**
 * `yyyy-MM-dd'T'HH:mm:ssXXX` after "AT_TIMESTAMP" and one separator (package.scala getTimestampValue): UTC, whole
 * seconds. Per-shard JSON gets the `metadata` block and the four string fields KinesisV2SourceOffset requires.
 */
export function startingPositionValue(v: string, streamName: string): Canonical {
  const p = parseStartingPosition(v);
  switch (p.kind) {
    case "LATEST":
      return { value: "LATEST" };
    case "TRIM_HORIZON":
      return { value: v.trim().toUpperCase() === "EARLIEST" ? "EARLIEST" : "TRIM_HORIZON" };
    case "AT_TIMESTAMP": {
      const floor = Math.floor(p.ms / 1000) * 1000;
      const text = `AT_TIMESTAMP ${new Date(floor).toISOString().replace(/\.\d{3}Z$/, "Z")}`;
      return {
        value: text,
        warning:
          floor !== p.ms
            ? `kinesis.startingPosition '${v}': the connector takes whole seconds, exported as '${text}' (rounded down, so nothing is skipped)`
            : undefined,
      };
    }
    case "PER_SHARD": {
      const obj: Record<string, Record<string, string>> = { metadata: { streamName, batchId: "-1" } };
      for (const id of [...p.shards.keys()].sort()) {
        const s = p.shards.get(id)!;
        obj[id] = {
          iteratorType: s.iteratorType,
          iteratorPosition: s.iteratorPosition,
          subSequenceNumber: String(s.subSequenceNumber),
          isLast: String(s.isLast),
        };
      }
      return { value: JSON.stringify(obj) };
    }
  }
}

/** The connector's integers are parsed untrimmed (Integer.parseInt): the trimmed text. */
export function trimmed(v: string): Canonical {
  return { value: v.trim() };
}
