/**
 * hash (Murmur3 x86_32) and xxhash64 (XXH64), both seeded with 42 and fed each value the way Spark's
 * HashExpression does (ints and dates as 4 bytes, longs and timestamps as 8, floats by their bits with -0.0
 * as 0.0, strings and binaries as bytes, decimals up to 18 digits by their unscaled long, arrays/maps/structs
 * element by element, nulls skipped), so the numbers equal Spark's: they are used to partition and bucket.
 */
import { ArrayType, type DataType, DecimalType, IntegerType, LongType, MapType } from "../../types/data-types";
import type { Decimal } from "../../types/decimal";
import { StructTypeImpl } from "../../types/struct-type";
import type { FunctionDef } from "../analyze";
import { checkArity, def } from "./helpers";

const SEED = 42;
const enc = new TextEncoder();

// ---- Murmur3 x86_32 (Spark's Murmur3_x86_32, including its byte-at-a-time tail) -----------------------
const mixK1 = (k: number): number => Math.imul(rotl32(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
const rotl32 = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const mixH1 = (h: number, k: number): number => (Math.imul(rotl32(h ^ k, 13), 5) + 0xe6546b64) | 0;
function fmix32(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
const mInt = (v: number, seed: number): number => fmix32(mixH1(seed, mixK1(v)), 4);
const mLong = (v: bigint, seed: number): number => {
  const lo = Number(BigInt.asIntN(32, v));
  const hi = Number(BigInt.asIntN(32, v >> 32n));
  return fmix32(mixH1(mixH1(seed, mixK1(lo)), mixK1(hi)), 8);
};
function mBytes(b: Uint8Array, seed: number): number {
  const aligned = b.length - (b.length % 4);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let h = seed;
  for (let i = 0; i < aligned; i += 4) h = mixH1(h, mixK1(dv.getInt32(i, true)));
  for (let i = aligned; i < b.length; i++) h = mixH1(h, mixK1(dv.getInt8(i)));
  return fmix32(h, b.length);
}

// ---- XXH64 (Spark's XXH64) --------------------------------------------------------------------------
const M64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;
const rotl64 = (x: bigint, r: bigint): bigint => M64((x << r) | (x >> (64n - r)));
function fmix64(h: bigint): bigint {
  h ^= h >> 33n;
  h = M64(h * P2);
  h ^= h >> 29n;
  h = M64(h * P3);
  return h ^ (h >> 32n);
}
const xInt = (v: number, seed: bigint): bigint => {
  let h = M64(seed + P5 + 4n);
  h ^= M64(BigInt(v >>> 0) * P1);
  return fmix64(M64(rotl64(h, 23n) * P2 + P3));
};
const xLong = (v: bigint, seed: bigint): bigint => {
  let h = M64(seed + P5 + 8n);
  h ^= M64(rotl64(M64(M64(v) * P2), 31n) * P1);
  return fmix64(M64(rotl64(h, 27n) * P1 + P4));
};
function xBytes(b: Uint8Array, seed: bigint): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const len = b.length;
  let off = 0;
  let h: bigint;
  const round = (v: bigint, input: bigint): bigint => M64(rotl64(M64(v + M64(input * P2)), 31n) * P1);
  if (len >= 32) {
    let v1 = M64(seed + P1 + P2);
    let v2 = M64(seed + P2);
    let v3 = seed;
    let v4 = M64(seed - P1);
    while (off <= len - 32) {
      v1 = round(v1, dv.getBigUint64(off, true));
      v2 = round(v2, dv.getBigUint64(off + 8, true));
      v3 = round(v3, dv.getBigUint64(off + 16, true));
      v4 = round(v4, dv.getBigUint64(off + 24, true));
      off += 32;
    }
    h = M64(rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n));
    for (const v of [v1, v2, v3, v4]) {
      h ^= round(0n, v);
      h = M64(h * P1 + P4);
    }
  } else h = M64(seed + P5);
  h = M64(h + BigInt(len));
  while (off <= len - 8) {
    h ^= M64(rotl64(M64(dv.getBigUint64(off, true) * P2), 31n) * P1);
    h = M64(rotl64(h, 27n) * P1 + P4);
    off += 8;
  }
  if (off + 4 <= len) {
    h ^= M64(BigInt(dv.getUint32(off, true)) * P1);
    h = M64(rotl64(h, 23n) * P2 + P3);
    off += 4;
  }
  while (off < len) {
    h ^= M64(BigInt(b[off]!) * P5);
    h = M64(rotl64(h, 11n) * P1);
    off++;
  }
  return fmix64(h);
}

interface Hasher<H> {
  int(v: number, seed: H): H;
  long(v: bigint, seed: H): H;
  bytes(v: Uint8Array, seed: H): H;
}
const murmur: Hasher<number> = { int: mInt, long: mLong, bytes: mBytes };
const xx: Hasher<bigint> = { int: xInt, long: xLong, bytes: xBytes };

const f32 = new DataView(new ArrayBuffer(8));
function decimalBytes(d: Decimal): Uint8Array {
  // java.math.BigInteger.toByteArray: minimal two's complement, big-endian
  let n = d.unscaled;
  let len = 1;
  while (n >= 128n || n < -128n) {
    n >>= 8n;
    len++;
  }
  const hex = BigInt.asUintN(len * 8, d.unscaled).toString(16).padStart(len * 2, "0");
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** Folds one value of type `t` into the running hash, as Spark's HashExpression.computeHash. */
function hasherFor<H>(t: DataType, h: Hasher<H>): (v: unknown, seed: H) => H {
  const name = t.typeName();
  if (name === "boolean") return (v, s) => h.int(v ? 1 : 0, s);
  if (name === "byte" || name === "short" || name === "integer" || name === "date") return (v, s) => h.int(v as number, s);
  if (name === "long" || name.startsWith("timestamp") || name.includes("interval")) {
    return (v, s) => (typeof v === "bigint" ? h.long(v, s) : h.int(v as number, s));
  }
  if (name === "float") {
    return (v, s) => {
      f32.setFloat32(0, (v as number) === 0 ? 0 : (v as number));
      return h.int(Number.isNaN(v as number) ? 0x7fc00000 : f32.getInt32(0), s);
    };
  }
  if (name === "double") {
    return (v, s) => {
      f32.setFloat64(0, (v as number) === 0 ? 0 : (v as number));
      return h.long(Number.isNaN(v as number) ? 0x7ff8000000000000n : f32.getBigInt64(0), s);
    };
  }
  if (t instanceof DecimalType) {
    return t.precision <= 18 ? (v, s) => h.long((v as Decimal).setScale(t.scale).unscaled, s) : (v, s) => h.bytes(decimalBytes((v as Decimal).setScale(t.scale)), s);
  }
  if (name === "string") return (v, s) => h.bytes(enc.encode(v as string), s);
  if (name === "binary") return (v, s) => h.bytes(v as Uint8Array, s);
  if (t instanceof ArrayType) {
    const e = hasherFor(t.elementType, h);
    return (v, s) => (v as unknown[]).reduce<H>((acc, x) => (x === null ? acc : e(x, acc)), s);
  }
  if (t instanceof MapType) {
    const k = hasherFor(t.keyType, h);
    const e = hasherFor(t.valueType, h);
    return (v, s) => {
      let acc = s;
      for (const [a, b] of v as Map<unknown, unknown>) {
        acc = k(a, acc);
        if (b !== null) acc = e(b, acc);
      }
      return acc;
    };
  }
  if (t instanceof StructTypeImpl) {
    const fs = t.fields.map((f) => hasherFor(f.dataType, h));
    return (v, s) => (v as unknown[]).reduce<H>((acc, x, i) => (x === null ? acc : fs[i]!(x, acc)), s);
  }
  return (v, s) => h.bytes(enc.encode(String(v)), s);
}

function hashDef<H>(name: string, h: Hasher<H>, seed: H, dataType: DataType): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1, Number.POSITIVE_INFINITY);
    const parts = f.args.map((a) => ({ e: a.eval, fold: hasherFor(a.dataType, h) }));
    return {
      dataType,
      nullable: false,
      eval: (row) => {
        let acc = seed;
        for (const p of parts) {
          const v = p.e(row);
          if (v !== null) acc = p.fold(v, acc);
        }
        return typeof acc === "bigint" ? BigInt.asIntN(64, acc) : acc;
      },
    };
  });
}

export function hashFunctions(): Record<string, FunctionDef> {
  return {
    hash: hashDef("hash", murmur, SEED, IntegerType()),
    xxhash64: hashDef("xxhash64", xx, BigInt(SEED), LongType()),
  };
}
