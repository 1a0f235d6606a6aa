/**
 * PySpark's public API, as data: the method and property names of pyspark.sql DataFrame, Column, GroupedData,
 * SparkSession, DataFrameNaFunctions, DataFrameStatFunctions, Catalog and the functions module, read from
 * pyspark-api.json (written from the pinned pyspark by scripts/spark/pyspark-surface.py). tspark uses the
 * lists only to tell a user who calls one that tspark lacks that it is a real PySpark name not implemented
 * here yet (missing-api.ts), instead of JavaScript's `TypeError: x is not a function`. Names tspark has are
 * found on the object first, so these lists hold names that tspark implements too.
 */
import surface from "./pyspark-api.json";

export interface Surface {
  readonly methods: ReadonlySet<string>;
  readonly properties: ReadonlySet<string>;
}

const classes = surface.classes as Readonly<Record<string, { methods: string[]; properties: string[] }>>;
const of = (c: { methods: string[]; properties: string[] }): Surface => ({ methods: new Set(c.methods), properties: new Set(c.properties) });

export const PYSPARK_SURFACE: Readonly<Record<string, Surface>> = {
  ...Object.fromEntries(Object.entries(classes).map(([name, c]) => [name, of(c)])),
  functions: { methods: new Set(surface.functions.map((f) => f.name)), properties: new Set() },
};
