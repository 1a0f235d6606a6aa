/**
 * PySpark DataFrame methods that build on the plan nodes tspark has (data-frame.ts keeps one-line methods
 * that call these): offset, zipWithIndex, randomSplit, transpose, to(schema), checkpoint/localCheckpoint,
 * sameSemantics/semanticHash, colRegex, groupingSets, repartitionByRange and storageLevel.
 *
 * offset, zipWithIndex, randomSplit, transpose and the checkpoints read the input when called and return a
 * DataFrame over the rows they computed (a LocalRelation: explain shows the plan cut there, as Spark's
 * checkpoint does). tspark reads a DataFrame as one ordered partition, so offset and zipWithIndex follow the
 * input order, as Spark does for a single-partition input.
 */
import { AnalysisException, PySparkValueError, UnsupportedOperationException } from "../errors";
import * as A from "../expr/ast";
import { canImplicitCast, commonTypeOf, isNumericType, isStringType } from "../expr/coercion";
import { comparatorFor } from "../expr/compare";
import { generator } from "../expr/functions/runtime-info";
import { type LogicalPlan, node } from "../plan/nodes";
import { type DataType, LongType, NullType, StringType } from "../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { Column, type ColumnOrName, describe, toExpr } from "./column";
import type { DataFrame } from "./data-frame";
import { GroupedData } from "./grouped-data";
import { notInTspark } from "./missing-api";

function local(df: DataFrame, schema: StructTypeImpl, rows: readonly Row[]): DataFrame {
  return df.withPlan(node({ kind: "LocalRelation", schema, rows }));
}

/** Spark's error for an action on a streaming DataFrame (toLocalIterator, foreach, checkpoint, approxQuantile ...). */
export function batchOnly(df: DataFrame): void {
  if (df.isStreaming) {
    throw new AnalysisException(
      "Queries with streaming sources must be executed with writeStream.start(), or from a streaming table or flow definition within a Spark Declarative Pipeline.;",
      { errorClass: "_LEGACY_ERROR_TEMP_3102" },
    );
  }
}

/** A method Spark runs lazily on a stream but tspark computes when called: not on streams yet, and why. */
function notOnStreams(df: DataFrame, method: string): void {
  if (df.isStreaming) {
    throw notInTspark("DataFrame", `${method} on a streaming DataFrame`, `tspark computes ${method} when it is called, which needs a batch DataFrame; call it on each micro-batch inside foreachBatch.`);
  }
}

/** `offset(n)`: the rows after the first n. */
export function offset(df: DataFrame, n: number): DataFrame {
  if (!Number.isInteger(n) || n < 0) {
    throw new AnalysisException(
      `[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "${n}" is invalid. The offset expression must be equal to or greater than 0, but got ${n}. SQLSTATE: 42K0E`,
      { errorClass: "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", sqlState: "42K0E" },
    );
  }
  if (df.isStreaming) {
    // Spark raises this when the query starts; tspark computes offset at once, so it raises it now
    throw new AnalysisException("Offset is not supported on streaming DataFrames/Datasets;", { errorClass: "_LEGACY_ERROR_TEMP_3102" });
  }
  return local(df, df.schema, df.collectValues().slice(n));
}

/** `zipWithIndex(indexColName = "index")`: every row with its position, a long from 0, as the last column. */
export function zipWithIndex(df: DataFrame, indexColName = "index"): DataFrame {
  notOnStreams(df, "zipWithIndex");
  const schema = new StructTypeImpl([...df.schema.fields, new StructFieldImpl(indexColName, LongType(), false)]);
  return local(df, schema, df.collectValues().map((r, i) => [...r, BigInt(i)]));
}

/**
 * `randomSplit(weights, seed)`: the rows dealt into len(weights) DataFrames, each row to one of them with
 * probability weight / sum(weights); the same seed gives the same split. Spark draws per partition with its
 * own generator, so the rows each part gets differ from Spark's (the sizes follow the same weights).
 */
export function randomSplit(df: DataFrame, weights: readonly number[], seed?: number | null): DataFrame[] {
  for (const w of weights) {
    if (!(w >= 0)) {
      throw new PySparkValueError(`[VALUE_NOT_POSITIVE] Value for \`weights\` must be positive, got '${pyFloat(w)}'.`, {
        errorClass: "VALUE_NOT_POSITIVE",
        messageParameters: { arg_name: "weights", arg_value: pyFloat(w) },
      });
    }
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new AnalysisException(`requirement failed: Sum of weights must be positive, but got ${weights.join(",")}`);
  notOnStreams(df, "randomSplit");
  const bounds: number[] = [];
  let acc = 0;
  for (const w of weights) bounds.push((acc += w / sum));
  const next = generator(seed ?? Math.floor(Math.random() * 2 ** 31));
  const parts: Row[][] = weights.map(() => []);
  for (const r of df.collectValues()) {
    const u = next();
    const i = bounds.findIndex((b) => u < b);
    parts[i < 0 ? parts.length - 1 : i]!.push(r);
  }
  return parts.map((rows) => local(df, df.schema, rows));
}

const pyFloat = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));

/**
 * `transpose(indexColumn = first column)`: one row per other column (its name in `key`), one column per
 * non-null index value (sorted, named by the value's text), the values cast to the other columns' common type.
 */
export function transpose(df: DataFrame, indexColumn?: ColumnOrName, maxValues = 500): DataFrame {
  notOnStreams(df, "transpose");
  const fields = df.schema.fields;
  const indexName = indexColumn === undefined ? fields[0]?.name : typeof indexColumn === "string" ? indexColumn : describe(indexColumn.expr);
  const idx = fields.findIndex((f) => f.name.toLowerCase() === (indexName ?? "").toLowerCase());
  if (idx < 0) throw new AnalysisException(`[TRANSPOSE_INVALID_INDEX_COLUMN] Invalid index column for TRANSPOSE because: Index column ${indexName} is not in the DataFrame. SQLSTATE: 42804`, { errorClass: "TRANSPOSE_INVALID_INDEX_COLUMN", sqlState: "42804" });
  const indexField = fields[idx]!;
  if (indexField.dataType instanceof StructTypeImpl || ["array", "map"].includes(indexField.dataType.typeName())) {
    throw new AnalysisException(
      `[TRANSPOSE_INVALID_INDEX_COLUMN] Invalid index column for TRANSPOSE because: Index column must be of atomic type, but found: ${indexField.dataType.sql()}. SQLSTATE: 42804`,
      { errorClass: "TRANSPOSE_INVALID_INDEX_COLUMN", sqlState: "42804" },
    );
  }
  const others = fields.filter((_, i) => i !== idx);
  let common: DataType = NullType();
  for (const f of others) {
    // Spark's least common type without promoting to string: numbers widen, other types must be equal
    const both = [common, f.dataType];
    const t = both.some((x) => x instanceof NullType) || both.every(isNumericType) || common.equals(f.dataType) ? commonTypeOf(both, true) : null;
    if (t === null) {
      throw new AnalysisException(
        `[TRANSPOSE_NO_LEAST_COMMON_TYPE] Transpose requires non-index columns to share a least common type, but "${common.sql()}" and "${f.dataType.sql()}" do not. SQLSTATE: 42K09`,
        { errorClass: "TRANSPOSE_NO_LEAST_COMMON_TYPE", sqlState: "42K09" },
      );
    }
    common = t;
  }
  const cast = (e: A.Expr) => (common instanceof NullType ? e : A.cast(e, common));
  const exprs = [A.cast(A.colRef([indexField.name]), StringType()), ...others.map((f) => cast(A.colRef([f.name])))];
  const cmp = comparatorFor(indexField.dataType);
  const keyed = df
    .withPlan(node({ kind: "Project", child: node({ kind: "Filter", child: df.plan, condition: A.isNull(A.colRef([indexField.name]), true) }), exprs: [A.colRef([indexField.name]), ...exprs] }))
    .collectValues()
    .sort((a, b) => cmp(a[0], b[0]));
  if (keyed.length > maxValues) {
    throw new AnalysisException(
      `[TRANSPOSE_EXCEED_ROW_LIMIT] Number of rows exceeds the allowed limit of ${maxValues} for TRANSPOSE. If this was intended, set spark.sql.transposeMaxValues to at least the current row count. SQLSTATE: 54006`,
      { errorClass: "TRANSPOSE_EXCEED_ROW_LIMIT", sqlState: "54006" },
    );
  }
  const schema = new StructTypeImpl([new StructFieldImpl("key", StringType(), false), ...keyed.map((r) => new StructFieldImpl(String(r[1]), common, true))]);
  const rows: Row[] = others.map((f, j) => [f.name, ...keyed.map((r) => r[j + 2] ?? null)]);
  return local(df, schema, rows);
}

/** Spark's ANSI store assignment, which `to(schema)` allows between a column's type and the required one. */
function storeAssignable(from: DataType, to: DataType): boolean {
  if (from.equals(to) || from instanceof NullType) return true;
  if (isNumericType(from) && isNumericType(to)) return true;
  if (isStringType(to)) return !(from instanceof StructTypeImpl) && !["array", "map"].includes(from.typeName());
  return canImplicitCast(from, to) && !isStringType(from);
}

/**
 * `to(schema)`: the columns of `schema`, matched by name, in its order, cast to its types (ANSI store
 * assignment: widening numbers, anything atomic to string); a column the DataFrame lacks is null. A nullable
 * column where the schema requires non-null fails, as in Spark. Nested fields are not reordered.
 */
export function toSchema(df: DataFrame, schema: StructTypeImpl): DataFrame {
  const have = df.schema.fields;
  const exprs = schema.fields.map((f) => {
    const src = have.find((h) => h.name.toLowerCase() === f.name.toLowerCase());
    if (src === undefined) {
      if (!f.nullable) throw A_missing(f.name);
      return A.alias(A.cast(A.lit(null, NullType()), f.dataType), f.name);
    }
    if (src.nullable && !f.nullable) {
      throw new AnalysisException(`[NULLABLE_COLUMN_OR_FIELD] Column or field \`${f.name}\` is nullable while it's required to be non-nullable. SQLSTATE: 42000`, {
        errorClass: "NULLABLE_COLUMN_OR_FIELD",
        sqlState: "42000",
      });
    }
    if (!storeAssignable(src.dataType, f.dataType)) {
      throw new AnalysisException(
        `[INVALID_COLUMN_OR_FIELD_DATA_TYPE] Column or field \`${f.name}\` is of type "${src.dataType.sql()}" while it's required to be "${f.dataType.sql()}". SQLSTATE: 42000`,
        { errorClass: "INVALID_COLUMN_OR_FIELD_DATA_TYPE", sqlState: "42000" },
      );
    }
    const ref = A.colRef([src.name]);
    return A.alias(src.dataType.equals(f.dataType) ? ref : A.cast(ref, f.dataType), f.name);
  });
  return df.withPlan(node({ kind: "Project", child: df.plan, exprs }));
}

function A_missing(name: string): AnalysisException {
  return new AnalysisException(`[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name \`${name}\` cannot be resolved. SQLSTATE: 42703`, {
    errorClass: "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
    sqlState: "42703",
  });
}

/** checkpoint / localCheckpoint: the rows computed now; the returned DataFrame's plan starts at them. */
export function checkpoint(df: DataFrame, _eager = true): DataFrame {
  batchOnly(df);
  return local(df, df.schema, df.collectValues());
}

/** A plan with the `select("*")` steps left out, as text: equal text means the same result. */
function canonical(plan: LogicalPlan): string {
  const strip = (p: unknown): unknown => {
    if (Array.isArray(p)) return p.map(strip);
    if (p instanceof Map) return [...p].map(([k, v]) => [k, strip(v)]);
    if (typeof p === "bigint") return `${p}n`;
    if (p === null || typeof p !== "object") return p;
    const o = p as Record<string, unknown>;
    if (o.kind === "Project" && Array.isArray(o.exprs) && o.exprs.length === 1 && (o.exprs[0] as A.Expr).kind === "Star" && (o.exprs[0] as A.Star).target === null) return strip(o.child);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) if (k !== "planId") out[k] = strip(o[k]);
    return out;
  };
  return JSON.stringify(strip(plan));
}

export function sameSemantics(a: DataFrame, b: DataFrame): boolean {
  return canonical(a.plan) === canonical(b.plan);
}

/** A 32-bit hash of the canonical plan (FNV-1a): equal for plans sameSemantics calls the same. */
export function semanticHash(df: DataFrame): number {
  const s = canonical(df.plan);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** `df.colRegex("`re`")`: the columns whose names match (use it in select); a name without backticks is that column. */
export function colRegex(df: DataFrame, colName: string): Column {
  if (typeof colName !== "string") throw new TypeError("colRegex: colName should be provided as string");
  const m = /^`([\s\S]+)`$/.exec(colName);
  if (m === null) return df.col(colName);
  return new Column(A.call("__col_regex", [A.lit(m[1]!, StringType())]));
}

/**
 * `groupingSets(sets, *cols)`: GROUP BY GROUPING SETS: `cols` are the grouping columns, each set lists
 * some of them (by name or Column); the aggregates run once per set, the columns a set leaves out null.
 */
export function groupingSets(df: DataFrame, sets: readonly (readonly ColumnOrName[])[], cols: readonly ColumnOrName[]): GroupedData {
  const keys = cols.map(toExpr);
  const shown = keys.map((k) => describe(k).toLowerCase());
  const indexes = sets.map((set) =>
    set.map((c) => {
      const i = shown.indexOf(describe(toExpr(c)).toLowerCase());
      if (i < 0) {
        throw new AnalysisException(`[MISSING_GROUP_BY] ${describe(toExpr(c))} in a grouping set must also be one of the grouping columns ${shown.join(", ")}. SQLSTATE: 42803`, {
          errorClass: "MISSING_GROUP_BY",
          sqlState: "42803",
        });
      }
      return i;
    }),
  );
  return new GroupedData(df, keys, indexes);
}

/** `repartitionByRange(n?, *cols)`: one process has one partition; accepted and shown by explain. */
export function repartitionByRangeHint(numPartitions: number | ColumnOrName, cols: readonly ColumnOrName[]): string {
  const n = typeof numPartitions === "number" ? numPartitions : null;
  const by = [...(typeof numPartitions === "number" ? [] : [numPartitions]), ...cols].map((c) => {
    const e = toExpr(c);
    return describe(e.kind === "SortOrder" ? e : A.sortOrder(e, true));
  });
  if (by.length === 0) throw new UnsupportedOperationException("At least one partition-by expression must be specified.", {});
  return `RepartitionByExpression [${by.join(", ")}]${n === null ? "" : `, ${n}`}`;
}

/** PySpark's StorageLevel of a DataFrame: MEMORY_AND_DISK_DESER once cached, else NONE. */
export class StorageLevel {
  constructor(
    readonly useDisk: boolean,
    readonly useMemory: boolean,
    readonly useOffHeap: boolean,
    readonly deserialized: boolean,
    readonly replication = 1,
  ) {}
  toString(): string {
    const py = (b: boolean) => (b ? "True" : "False");
    return `StorageLevel(${py(this.useDisk)}, ${py(this.useMemory)}, ${py(this.useOffHeap)}, ${py(this.deserialized)}, ${this.replication})`;
  }
}

export function storageLevelOf(plan: LogicalPlan): StorageLevel {
  const cached = plan.kind === "ResolvedHint" && plan.hint.startsWith("InMemoryRelation");
  return cached ? new StorageLevel(true, true, false, true, 1) : new StorageLevel(false, false, false, false, 1);
}
