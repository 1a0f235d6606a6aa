/**
 * Shard positions and the source offset JSON.
 *
 * The offset of batch N is the END of batch N for every tracked shard, in the connector's shard-info shape
 * (all values strings, shards sorted) plus lineage, so batch N = (offset N-1, offset N] per shard:
 *
 *   {"metadata":{"streamName":"s","batchId":"3"},
 *    "shardId-000000000000":{"iteratorType":"AFTER_SEQUENCE_NUMBER","iteratorPosition":"4960...","subSequenceNumber":"-1",
 *                            "isLast":"true","parents":"","closed":"false"}}
 *
 * A shard entry whose iteratorType is TRIM_HORIZON / AT_TIMESTAMP / AT_SEQUENCE_NUMBER has not been read yet;
 * AFTER_SEQUENCE_NUMBER is "read up to and including this (sub-)record"; SHARD_END is "read to its end". A shard added
 * in batch N also carries its starting point ("startIteratorType"/"startIteratorPosition") so (null, offset N]
 * can be re-read exactly after a restart.
 */
import { KinesisOptionError } from "./options";

export type IteratorType =
  | "TRIM_HORIZON"
  | "LATEST"
  | "AT_TIMESTAMP"
  | "AT_SEQUENCE_NUMBER"
  | "AFTER_SEQUENCE_NUMBER"
  | "SHARD_END";

export interface ShardPosition {
  readonly iteratorType: IteratorType;
  /** Sequence number, epoch millis (AT_TIMESTAMP) or "" (TRIM_HORIZON, LATEST, SHARD_END with nothing read). */
  readonly iteratorPosition: string;
  /** Index of the last user record read inside a KPL aggregate; -1 = the whole Kinesis record. */
  readonly subSequenceNumber: number;
  /** True when subSequenceNumber is the aggregate's last user record (or the record is not aggregated). */
  readonly isLast: boolean;
}

export interface ShardEntry {
  readonly position: ShardPosition;
  readonly parents: readonly string[];
  readonly closed: boolean;
  /** Where reading of this shard began, only on the batch that added the shard. */
  readonly start?: ShardPosition;
}

export interface KinesisOffset {
  readonly streamName: string;
  readonly batchId: number;
  readonly shards: ReadonlyMap<string, ShardEntry>;
}

export const TRIM_HORIZON: ShardPosition = { iteratorType: "TRIM_HORIZON", iteratorPosition: "", subSequenceNumber: -1, isLast: true };

export function atTimestamp(ms: number): ShardPosition {
  return { iteratorType: "AT_TIMESTAMP", iteratorPosition: String(ms), subSequenceNumber: -1, isLast: true };
}

export function afterRecord(seq: string, sub: number, isLast: boolean): ShardPosition {
  return { iteratorType: "AFTER_SEQUENCE_NUMBER", iteratorPosition: seq, subSequenceNumber: sub, isLast };
}

export function shardEnd(lastSeq: string): ShardPosition {
  return { iteratorType: "SHARD_END", iteratorPosition: lastSeq, subSequenceNumber: -1, isLast: true };
}

export function samePosition(a: ShardPosition, b: ShardPosition): boolean {
  return (
    a.iteratorType === b.iteratorType &&
    a.iteratorPosition === b.iteratorPosition &&
    a.subSequenceNumber === b.subSequenceNumber &&
    a.isLast === b.isLast
  );
}

export function positionText(p: ShardPosition): string {
  switch (p.iteratorType) {
    case "TRIM_HORIZON":
    case "LATEST":
      return p.iteratorType;
    case "AT_TIMESTAMP":
      return `AT_TIMESTAMP ${new Date(Number(p.iteratorPosition)).toISOString()}`;
    case "SHARD_END":
      return p.iteratorPosition ? `SHARD_END (last ${p.iteratorPosition})` : "SHARD_END";
    default:
      return `${p.iteratorType} ${p.iteratorPosition}${p.subSequenceNumber >= 0 ? `/${p.subSequenceNumber}` : ""}`;
  }
}

/** Compare Kinesis sequence numbers (decimal strings of up to 56 digits). */
export function compareSeq(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const TYPES = new Set<string>(["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "SHARD_END"]);

function positionToJson(p: ShardPosition, prefix = ""): Record<string, string> {
  const key = (k: string) => (prefix ? prefix + k[0].toUpperCase() + k.slice(1) : k);
  const out: Record<string, string> = { [key("iteratorType")]: p.iteratorType, [key("iteratorPosition")]: p.iteratorPosition };
  if (prefix === "" || p.subSequenceNumber >= 0) {
    out[key("subSequenceNumber")] = String(p.subSequenceNumber);
    out[key("isLast")] = String(p.isLast);
  }
  return out;
}

export function serializeOffset(offset: KinesisOffset): string {
  const obj: Record<string, Record<string, string>> = {
    metadata: { streamName: offset.streamName, batchId: String(offset.batchId) },
  };
  for (const id of [...offset.shards.keys()].sort()) {
    const e = offset.shards.get(id)!;
    obj[id] = {
      ...positionToJson(e.position),
      parents: e.parents.join(","),
      closed: String(e.closed),
      ...(e.start ? positionToJson(e.start, "start") : {}),
    };
  }
  return JSON.stringify(obj);
}

function str(v: unknown, what: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new KinesisOptionError(`Invalid Kinesis offset: ${what} must be a string`);
}

export function parsePositionJson(raw: Record<string, unknown>, where: string, prefix = ""): ShardPosition {
  const key = (k: string) => (prefix ? prefix + k[0].toUpperCase() + k.slice(1) : k);
  const type = str(raw[key("iteratorType")], `${where}.${key("iteratorType")}`).toUpperCase();
  if (!TYPES.has(type)) {
    throw new KinesisOptionError(
      `Invalid iteratorType '${type}' for ${where}: use TRIM_HORIZON, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER`,
    );
  }
  const position = raw[key("iteratorPosition")] === undefined ? "" : str(raw[key("iteratorPosition")], `${where}.iteratorPosition`);
  if ((type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") && !/^\d+$/.test(position)) {
    throw new KinesisOptionError(`${where}: ${type} needs a sequence number in iteratorPosition, got '${position}'`);
  }
  if (type === "AT_TIMESTAMP" && !/^\d+$/.test(position)) {
    throw new KinesisOptionError(`${where}: AT_TIMESTAMP needs epoch milliseconds in iteratorPosition, got '${position}'`);
  }
  const subRaw = raw[key("subSequenceNumber")];
  const sub = subRaw === undefined ? -1 : Number(str(subRaw, `${where}.subSequenceNumber`));
  if (!Number.isInteger(sub) || sub < -1) throw new KinesisOptionError(`${where}: subSequenceNumber must be an integer ≥ -1`);
  const lastRaw = raw[key("isLast")];
  const isLast = lastRaw === undefined ? true : str(lastRaw, `${where}.isLast`).toLowerCase() === "true";
  return { iteratorType: type as IteratorType, iteratorPosition: position, subSequenceNumber: sub, isLast };
}

export function parseOffset(text: string): KinesisOffset {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new KinesisOptionError(`Invalid Kinesis offset (not JSON): ${text.slice(0, 200)}`);
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new KinesisOptionError("Invalid Kinesis offset: not an object");
  const record = obj as Record<string, unknown>;
  const meta = record.metadata as Record<string, unknown> | undefined;
  if (typeof meta !== "object" || meta === null) throw new KinesisOptionError("Invalid Kinesis offset: the metadata block is missing");
  const shards = new Map<string, ShardEntry>();
  for (const [id, value] of Object.entries(record)) {
    if (id === "metadata") continue;
    if (typeof value !== "object" || value === null) throw new KinesisOptionError(`Invalid Kinesis offset: entry ${id} is not an object`);
    const raw = value as Record<string, unknown>;
    const parents = raw.parents === undefined || raw.parents === "" ? [] : str(raw.parents, `${id}.parents`).split(",");
    shards.set(id, {
      position: parsePositionJson(raw, id),
      parents,
      closed: raw.closed === undefined ? false : str(raw.closed, `${id}.closed`) === "true",
      start: raw.startIteratorType === undefined ? undefined : parsePositionJson(raw, id, "start"),
    });
  }
  return {
    streamName: meta.streamName === undefined ? "" : str(meta.streamName, "metadata.streamName"),
    batchId: meta.batchId === undefined ? -1 : Number(str(meta.batchId, "metadata.batchId")),
    shards,
  };
}

/** The `kinesis.startingPosition` option, resolved. */
export type StartingPosition =
  | { readonly kind: "LATEST" }
  | { readonly kind: "TRIM_HORIZON" }
  | { readonly kind: "AT_TIMESTAMP"; readonly ms: number }
  | { readonly kind: "PER_SHARD"; readonly shards: ReadonlyMap<string, ShardPosition> };

/**
 * LATEST (default), TRIM_HORIZON, EARLIEST, `AT_TIMESTAMP <iso>` (any ISO-8601 instant with a zone; fractions
 * allowed, unlike the connector), or per-shard JSON: `{"shardId-000000000000":{"iteratorType":"AT_SEQUENCE_NUMBER",
 * "iteratorPosition":"4960..."}}` (a "metadata" block is accepted and ignored).
 */
export function parseStartingPosition(text: string | undefined): StartingPosition {
  if (text === undefined) return { kind: "LATEST" };
  const t = text.trim();
  const upper = t.toUpperCase();
  if (upper === "LATEST") return { kind: "LATEST" };
  if (upper === "TRIM_HORIZON" || upper === "EARLIEST") return { kind: "TRIM_HORIZON" };
  if (upper.startsWith("AT_TIMESTAMP")) {
    const iso = t.slice("AT_TIMESTAMP".length).replace(/^[\s=:]/, "").trim();
    const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(iso);
    const ms = Date.parse(iso.replace(/(\.\d{3})\d+/, "$1"));
    if (!ok || Number.isNaN(ms) || !validCalendarDate(iso)) {
      throw new KinesisOptionError(
        `Invalid kinesis.startingPosition '${t}': use AT_TIMESTAMP followed by an ISO-8601 instant with a zone, e.g. AT_TIMESTAMP 2023-08-30T19:00:05Z`,
      );
    }
    return { kind: "AT_TIMESTAMP", ms };
  }
  if (t.startsWith("{")) {
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch (e) {
      throw new KinesisOptionError(`Invalid kinesis.startingPosition JSON: ${(e as Error).message}`);
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      throw new KinesisOptionError("Invalid kinesis.startingPosition JSON: expected an object of shardId -> position");
    }
    const shards = new Map<string, ShardPosition>();
    for (const [id, v] of Object.entries(obj as Record<string, unknown>)) {
      if (id === "metadata") continue;
      if (typeof v !== "object" || v === null) throw new KinesisOptionError(`Invalid kinesis.startingPosition: ${id} must be an object`);
      const p = parsePositionJson(v as Record<string, unknown>, `kinesis.startingPosition ${id}`);
      if (p.iteratorType === "SHARD_END") throw new KinesisOptionError(`kinesis.startingPosition ${id}: SHARD_END is not a starting position`);
      shards.set(id, p);
    }
    return { kind: "PER_SHARD", shards };
  }
  throw new KinesisOptionError(
    `Invalid kinesis.startingPosition '${t}': use LATEST, TRIM_HORIZON, EARLIEST, AT_TIMESTAMP <ISO-8601 instant> or per-shard JSON`,
  );
}

function validCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  const hh = Number(iso.slice(11, 13));
  const mm = Number(iso.slice(14, 16));
  const ss = Number(iso.slice(17, 19));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && hh < 24 && mm < 60 && ss < 60;
}
