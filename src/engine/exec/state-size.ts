/**
 * The `memoryUsedBytes` of a state operator's progress: an estimate of the heap its in-memory state takes, as
 * Spark's HDFSBackedStateStoreProvider reports the estimated size of its in-memory maps (its SizeEstimator walks
 * the object graph and samples large collections). Here the walk follows V8's layout on a 64-bit Node (8-byte
 * slots, no pointer compression): it is an estimate, good for "is state growing, by how much", not a heap dump.
 *
 * A stateful operator calls `estimateMapBytes(itsMap)` (or `estimateValueBytes` for other shapes) when it builds
 * its StateMetrics. Large maps are sampled: the cost is bounded per batch however big the state is.
 */

/** Maps with more entries than this are estimated from a sample (Spark samples arrays above 400 elements). */
const SAMPLE_ABOVE = 400;
const SAMPLE_SIZE = 100;
/** State values are trees of rows; a deeper value is cut off here rather than walked (and no cycle can loop). */
const MAX_DEPTH = 24;

const SLOT = 8;
/** A heap object's header: its map (hidden class) pointer plus properties and elements pointers. */
const OBJECT_HEADER = 24;
/** JSArray (header + length) plus its FixedArray backing store's header. */
const ARRAY_HEADER = 32 + 16;
/** JSMap/JSSet plus the OrderedHashTable's header. */
const MAP_HEADER = 32 + 40;
/** Per entry of an OrderedHashMap: key, value and chain slots, plus its share of the bucket array at load. */
const MAP_ENTRY = 3 * SLOT + SLOT / 2;
const STRING_HEADER = 16;
const BIGINT_HEADER = 16;
const HEAP_NUMBER = 16;
/** A typed array's JS object plus its ArrayBuffer's object and backing-store bookkeeping. */
const TYPED_ARRAY_HEADER = 64 + 32;

const roundUp = (n: number): number => Math.ceil(n / SLOT) * SLOT;

/**
 * Estimated heap bytes owned by `v` (not counting the slot that points at it): strings by their length and
 * encoding, bigints by their 64-bit digits, doubles boxed as heap numbers, arrays, plain objects, class instances
 * (own fields), typed arrays, and nested Maps/Sets.
 */
export function estimateValueBytes(v: unknown, depth = 0): number {
  switch (typeof v) {
    case "string":
      // one byte per character for Latin-1 strings, two otherwise (V8's one-byte and two-byte strings)
      return roundUp(STRING_HEADER + (isOneByte(v) ? v.length : 2 * v.length));
    case "bigint": {
      const digits = v === 0n ? 0 : Math.ceil((v < 0n ? -v : v).toString(16).length / 16);
      return BIGINT_HEADER + SLOT * digits;
    }
    case "number":
      // small integers live in the slot itself; other numbers are boxed in generic containers
      return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 0 : HEAP_NUMBER;
    case "object":
      if (v === null) return 0;
      if (depth >= MAX_DEPTH) return OBJECT_HEADER;
      return objectBytes(v, depth + 1);
    default:
      // booleans, undefined and symbols are shared oddballs; functions are code, not state
      return 0;
  }
}

function isOneByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

function objectBytes(o: object, depth: number): number {
  if (Array.isArray(o)) {
    let n = ARRAY_HEADER + SLOT * o.length;
    if (o.length > SAMPLE_ABOVE) return n + sampledArrayBytes(o, depth);
    for (const e of o) n += estimateValueBytes(e, depth);
    return n;
  }
  if (o instanceof Map || o instanceof Set) return collectionBytes(o, depth);
  if (ArrayBuffer.isView(o)) return TYPED_ARRAY_HEADER + roundUp(o.byteLength);
  if (o instanceof Date) return OBJECT_HEADER + HEAP_NUMBER;
  let n = OBJECT_HEADER;
  for (const k of Object.keys(o)) n += SLOT + estimateValueBytes((o as Record<string, unknown>)[k], depth);
  return n;
}

/** Evenly spaced elements of a large array, scaled to its length. */
function sampledArrayBytes(a: readonly unknown[], depth: number): number {
  const step = a.length / SAMPLE_SIZE;
  let sum = 0;
  for (let i = 0; i < SAMPLE_SIZE; i++) sum += estimateValueBytes(a[Math.floor(i * step)], depth);
  return Math.round((sum / SAMPLE_SIZE) * a.length);
}

function collectionBytes(c: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>, depth: number): number {
  const size = c.size;
  let sampled = 0;
  let sum = 0;
  // A Map iterates in insertion order: the first entries stand for the rest (walking all would cost O(state) a batch).
  for (const [k, v] of c.entries()) {
    sum += estimateValueBytes(k, depth) + (c instanceof Set ? 0 : estimateValueBytes(v, depth));
    if (++sampled >= (size > SAMPLE_ABOVE ? SAMPLE_SIZE : size)) break;
  }
  const entries = sampled === 0 ? 0 : Math.round((sum / sampled) * size);
  return MAP_HEADER + MAP_ENTRY * size + entries;
}

/** Estimated heap bytes of a state store's in-memory map (keys, values and the table itself). */
export function estimateMapBytes(map: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>): number {
  return collectionBytes(map, 1);
}
