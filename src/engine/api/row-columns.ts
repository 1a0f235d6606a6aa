/**
 * Engine rows held in a compact, reordered form from which the Rows `collect()` gives (rowFactory's objects) are made
 * on demand: what an operator that hands a batch's rows to user code key by key ([flat]MapGroupsWithState) keeps
 * between grouping the batch and calling the function.
 *
 * Why: a key's rows are scattered over the batch, and reading them key by key dereferences a row array, its
 * elements and its boxed values at random addresses of a batch that no longer fits in the CPU caches (on 100k
 * rows that cost 4x making the user rows themselves). So the rows are copied once, in batch order, into flat
 * arrays laid out key by key: `vals` (per row, the user-form value of each column, or its engine value when the
 * conversion allocates) and `times` (per row, each TIMESTAMP / TIMESTAMP_NTZ / DATE column as epoch ms, unboxed),
 * and the user rows are then made from consecutive slots. The `Date` of a time column is made only when its row is
 * made, so a batch's Dates never outlive their key's call (made at copy time, they would survive a scavenge).
 */
import { DateType, DoubleType, IntegerType, LongType, StringType, BooleanType, TimestampNTZType, TimestampType } from "../types/data-types";
import type { StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { type RowImpl, toRow } from "./row";
import { FAST_MICROS, MINUS_FAST_MICROS } from "../types/int64";
import { converter, longToUser, microsToMs, plainFields, rowPrototype } from "./row-factory";

const MS_PER_DAY = 86_400_000;

/** A batch's rows in the layout's form: `vals` and `times` hold `valSlots` / `timeSlots` entries per row. */
export interface RowColumns {
  readonly vals: unknown[];
  readonly times: Float64Array;
  /** Time slots whose value is not an instant (null, or an unexpected engine value): slot -> user-form value. */
  readonly odd: Map<number, unknown>;
}

export interface ColumnLayout {
  /** Room for `n` rows. */
  allocate(n: number): RowColumns;
  /** Copies engine row `r` into position `j`. */
  put(c: RowColumns, r: Row, j: number): void;
  /** `c` with room for `n` rows (n larger than its room), its rows kept. */
  grow(c: RowColumns, n: number): RowColumns;
  /** Copies position `i` of `from` to position `j` of `to` (to reorder rows already copied). */
  move(from: RowColumns, i: number, to: RowColumns, j: number): void;
  /** The user-form Row at position `j` (a new object each call, as toRow gives). */
  make(c: RowColumns, j: number): RowImpl;
  /**
   * `put` that also returns column `column`'s user-form value (what toRow gives for it), when the layout stores
   * that value as it is (LONG, STRING, INT, DOUBLE, BOOLEAN columns); otherwise null.
   */
  putReturning(column: number): ((c: RowColumns, r: Row, j: number) => unknown) | null;
}

type Kind = "time" | "date" | "long" | "same" | "convert";

function kindOf(t: unknown): Kind {
  if (t instanceof TimestampType || t instanceof TimestampNTZType) return "time";
  if (t instanceof DateType) return "date";
  if (t instanceof LongType) return "long";
  if (t instanceof StringType || t instanceof IntegerType || t instanceof DoubleType || t instanceof BooleanType) return "same";
  return "convert";
}

/** A time slot's value: epoch ms, or NaN with the user-form value kept in `odd` (null, or what toExternal gives). */
function timeMs(v: unknown, odd: Map<number, unknown>, slot: number): number {
  if (typeof v === "bigint") return microsToMs(v);
  odd.set(slot, v === undefined ? null : v);
  return Number.NaN;
}

function dateMs(v: unknown, odd: Map<number, unknown>, slot: number): number {
  if (typeof v === "number") return v * MS_PER_DAY;
  odd.set(slot, v === undefined ? null : v);
  return Number.NaN;
}

/** The layout for rows of `schema`: code generated once per schema, so copying and making a row are a few plain stores. */
export function columnLayout(schema: StructTypeImpl): ColumnLayout {
  const fields = schema.fieldNames();
  if (!plainFields(fields)) {
    // toRow's general path: keep the engine row itself
    return {
      allocate: (n) => ({ vals: new Array(n), times: new Float64Array(0), odd: new Map() }),
      put: (c, r, j) => {
        c.vals[j] = r;
      },
      move: (from, i, to, j) => {
        to.vals[j] = from.vals[i];
      },
      grow: (c) => c, // (a JS array grows as it is written)
      make: (c, j) => toRow(c.vals[j] as Row, schema),
      putReturning: () => null,
    };
  }
  const kinds = schema.fields.map((f) => kindOf(f.dataType));
  const convert = schema.fields.map((f) => converter(f.dataType));
  const valSlots = kinds.filter((k) => k !== "time" && k !== "date").length;
  const timeSlots = kinds.length - valSlots;
  const put: string[] = [`const b = j * ${valSlots}, t = j * ${timeSlots};`];
  const move: string[] = [`const fb = i * ${valSlots}, ft = i * ${timeSlots}, b = j * ${valSlots}, t = j * ${timeSlots};`];
  for (let k = 0; k < valSlots; k++) move.push(`to.vals[b + ${k}] = from.vals[fb + ${k}];`);
  for (let k = 0; k < timeSlots; k++) {
    move.push(`const t${k} = from.times[ft + ${k}]; to.times[t + ${k}] = t${k}; if (t${k} !== t${k}) to.odd.set(t + ${k}, from.odd.get(ft + ${k}));`);
  }
  const make: string[] = [`const b = j * ${valSlots}, t = j * ${timeSlots};`];
  /** Column -> its slot in `vals`, for the columns stored in user form as they are. */
  const plainSlot = new Map<number, number>();
  let v = 0;
  let t = 0;
  kinds.forEach((k, i) => {
    const name = JSON.stringify(fields[i]);
    const value = `r[${i}]`;
    switch (k) {
      case "time":
        // an in-range instant converted here (int64ToNumber and microsToMs written out): a call that returns a
        // double boxes it, per row
        put.push(
          `const v${i} = ${value};`,
          `if (typeof v${i} === "bigint" && v${i} > MINUS_FAST_MICROS && v${i} < FAST_MICROS) { word[0] = v${i}; times[t + ${t}] = Math.floor((high[1] * 4294967296 + low[0]) / 1000); }`,
          `else times[t + ${t}] = timeMs(v${i}, c.odd, t + ${t});`,
        );
        make.push(`const t${t} = times[t + ${t}]; this[${name}] = t${t} === t${t} ? new Date(t${t}) : c.odd.get(t + ${t});`);
        t++;
        break;
      case "date":
        put.push(`times[t + ${t}] = dateMs(${value}, c.odd, t + ${t});`);
        make.push(`const t${t} = times[t + ${t}]; this[${name}] = t${t} === t${t} ? new Date(t${t}) : c.odd.get(t + ${t});`);
        t++;
        break;
      case "long":
        put.push(`vals[b + ${v}] = longToUser(${value} ?? null);`);
        make.push(`this[${name}] = vals[b + ${v}];`);
        plainSlot.set(i, v);
        v++;
        break;
      case "same":
        put.push(`vals[b + ${v}] = ${value} ?? null;`);
        make.push(`this[${name}] = vals[b + ${v}];`);
        plainSlot.set(i, v);
        v++;
        break;
      default:
        // structs, arrays, maps...: converted when the row is made (converting allocates)
        put.push(`vals[b + ${v}] = ${value} ?? null;`);
        make.push(`this[${name}] = convert[${i}](vals[b + ${v}]);`);
        v++;
    }
  });
  // (one 64-bit word and its two halves, for the bigint -> double conversion of int64.ts)
  const word = new BigInt64Array(1);
  const helpers = { timeMs, dateMs, longToUser, convert, FAST_MICROS, MINUS_FAST_MICROS, word, low: new Uint32Array(word.buffer), high: new Int32Array(word.buffer) };
  const putWith = (ret: string) =>
    new Function(
      "h",
      `const { timeMs, dateMs, longToUser, FAST_MICROS, MINUS_FAST_MICROS, word, low, high } = h;\nreturn function put(c, r, j) {\nconst vals = c.vals, times = c.times;\n${put.join("\n")}\n${ret}}`,
    )(helpers) as (c: RowColumns, r: Row, j: number) => unknown;
  const putFn = putWith("") as ColumnLayout["put"];
  const moveFn = new Function(`return function move(from, i, to, j) {\n${move.join("\n")}\n}`)() as ColumnLayout["move"];
  // One constructor per schema with one plain store per field (as rowFactory's): every row gets the same hidden class.
  const Row = new Function(
    "h",
    `const { convert } = h;\nreturn function Row(c, j) {\nconst vals = c.vals, times = c.times;\n${make.join("\n")}\nObject.freeze(this);\n}`,
  )(helpers) as new (c: RowColumns, j: number) => RowImpl;
  Row.prototype = rowPrototype(fields);
  return {
    allocate: (n) => ({ vals: new Array(n * valSlots), times: new Float64Array(n * timeSlots), odd: new Map() }),
    put: putFn,
    move: moveFn,
    grow: (c, n) => {
      // (a JS array written past its end grows one store at a time, several times slower than this copy)
      const vals = new Array(n * valSlots);
      const old = c.vals;
      for (let i = 0; i < old.length; i++) vals[i] = old[i];
      const times = new Float64Array(n * timeSlots);
      times.set(c.times);
      return { vals, times, odd: c.odd };
    },
    make: (c, j) => new Row(c, j),
    putReturning: (column) => {
      const slot = plainSlot.get(column);
      return slot === undefined ? null : putWith(`return vals[b + ${slot}];\n`);
    },
  };
}
