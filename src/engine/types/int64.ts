/**
 * A 64-bit engine integer (LONG, TIMESTAMP microseconds) as a double, read through a typed array's bytes.
 *
 * Why: `Number(bigint)` is a builtin call of ~20 ns on Node 20, and the engine converts a bigint or two for every
 * row that reaches user code or an event-time column (the watermark, user-form rows). Storing the bigint in a
 * BigInt64Array and adding its two 32-bit halves is a few inlined instructions. The sum `hi * 2^32 + lo` is rounded
 * once, so it is the double Number() gives, for every value in the 64-bit range; outside it (a bigint a user
 * handed the engine directly) Number() is used.
 */
const word = new BigInt64Array(1);
const low = new Uint32Array(word.buffer);
const high = new Int32Array(word.buffer);

/**
 * The same word for a loop that writes the conversion out (`INT64_WORD[0] = v; INT64_HIGH[1] * 4294967296 +
 * INT64_LOW[0]`, v known to be in the 64-bit range): a double returned from a call V8 did not inline is boxed, per row.
 */
export const INT64_WORD = word;
export const INT64_LOW = low;
export const INT64_HIGH = high;

/** 2^42 ms in micros: below it a microsecond count divided by 1000 as a double floors (or truncates) to the right millisecond. */
export const FAST_MICROS = 4_398_046_511_104_000n;
/** (a constant: `-FAST_MICROS` in a comparison allocates a new bigint each time it is evaluated) */
export const MINUS_FAST_MICROS = -FAST_MICROS;

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/** `Number(v)`, faster for 64-bit values. */
export function int64ToNumber(v: bigint): number {
  if (v < MIN || v > MAX) return Number(v);
  word[0] = v;
  // (little-endian halves: [0] low, [1] high, as on every platform Node runs on)
  return high[1]! * 4_294_967_296 + low[0]!;
}
