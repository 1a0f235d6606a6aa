/**
 * Functions about the running query rather than its data: the catalog and user (current_database,
 * current_schema, current_catalog, current_path, current_user/user/session_user, current_timezone, version),
 * assert_true, the row-position functions (monotonically_increasing_id, spark_partition_id: tspark runs one
 * partition, so ids count up from 0 and the partition is 0), input_file_name and its block offsets (empty
 * and -1 outside a file scan, as in Spark), and the random functions (rand/random/randn/uniform/randstr;
 * a seed makes them repeatable, but the numbers are not Spark's: its XORShiftRandom is per partition).
 */
import { randomUUID } from "node:crypto";
import { SparkRuntimeException } from "../../errors";
import { DoubleType, IntegerType, LongType, NullType, StringType } from "../../types/data-types";
import type { FunctionDef, Resolved } from "../analyze";
import { checkArity, constant, def } from "./helpers";

const S = StringType();

const fixed = (name: string, value: (f: Parameters<FunctionDef["resolve"]>[0]) => string, shown = `${name}()`): FunctionDef =>
  def(name, (f) => {
    checkArity(name, f.args, 0);
    const v = value(f);
    return { dataType: S, nullable: false, name: shown, eval: () => v, foldable: true };
  });

/** A small seeded generator (mulberry32); without a seed, Math.random. */
export function generator(seed: unknown): () => number {
  if (seed === undefined || seed === null) return Math.random;
  let a = Number(BigInt.asIntN(32, BigInt(seed as number | bigint)));
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  const u = 1 - next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

function random(name: string, draw: (next: () => number) => number): FunctionDef {
  return def(name, (f): Resolved => {
    checkArity(name, f.args, 0, 1);
    const next = generator(constant(f.args[0]));
    return { dataType: DoubleType(), nullable: false, foldable: false, eval: () => draw(next) };
  });
}

export function runtimeInfoFunctions(): Record<string, FunctionDef> {
  const user = process.env.USER ?? process.env.USERNAME ?? "tspark";
  return {
    current_database: fixed("current_database", () => "default", "current_schema()"),
    current_schema: fixed("current_schema", () => "default"),
    current_catalog: fixed("current_catalog", () => "spark_catalog"),
    // Spark's SQL path: built-in functions, then session (temporary) functions, then the current schema
    current_path: fixed("current_path", () => "system.builtin,system.session,spark_catalog.default"),
    current_timezone: fixed("current_timezone", (f) => f.scope.ctx.timeZone),
    current_user: fixed("current_user", () => user),
    user: fixed("user", () => user, "current_user()"),
    session_user: fixed("session_user", () => user),
    version: fixed("version", () => "4.0.0 tspark"),
    assert_true: def("assert_true", (f) => {
      checkArity("assert_true", f.args, 1, 2);
      const c = f.args[0]!;
      const msg = f.args[1]?.eval ?? (() => `'${c.name}' is not true!`);
      const ce = c.eval;
      return {
        dataType: NullType(),
        name: `assert_true(${c.name}, ${f.args[1]?.name ?? `'${c.name}' is not true!`})`,
        foldable: false,
        eval: (row) => {
          if (ce(row) !== true) {
            throw new SparkRuntimeException(`[USER_RAISED_EXCEPTION] ${String(msg(row))} SQLSTATE: P0001`, { errorClass: "USER_RAISED_EXCEPTION", sqlState: "P0001" });
          }
          return null;
        },
      };
    }),
    monotonically_increasing_id: def("monotonically_increasing_id", () => {
      let next = 0n;
      return { dataType: LongType(), nullable: false, foldable: false, eval: () => next++ };
    }),
    spark_partition_id: def("SPARK_PARTITION_ID", () => ({ dataType: IntegerType(), nullable: false, foldable: false, eval: () => 0 })),
    input_file_name: def("input_file_name", () => ({ dataType: S, nullable: false, foldable: false, eval: () => "" })),
    input_file_block_start: def("input_file_block_start", () => ({ dataType: LongType(), nullable: false, foldable: false, eval: () => -1n })),
    input_file_block_length: def("input_file_block_length", () => ({ dataType: LongType(), nullable: false, foldable: false, eval: () => -1n })),
    uuid: def("uuid", (f) => {
      checkArity("uuid", f.args, 0, 1);
      return { dataType: S, nullable: false, foldable: false, eval: () => randomUUID() };
    }),
    rand: random("rand", (n) => n()),
    random: random("random", (n) => n()),
    randn: random("randn", gaussian),
    uniform: def("uniform", (f) => {
      checkArity("uniform", f.args, 2, 3);
      const lo = Number(constant(f.args[0]));
      const hi = Number(constant(f.args[1]));
      const next = generator(constant(f.args[2]));
      const integral = ["integer", "long", "short", "byte"].includes(f.args[0]!.dataType.typeName()) && ["integer", "long", "short", "byte"].includes(f.args[1]!.dataType.typeName());
      return integral
        ? { dataType: IntegerType(), foldable: false, nullable: false, eval: () => Math.floor(lo + next() * (hi - lo)) }
        : { dataType: DoubleType(), foldable: false, nullable: false, eval: () => lo + next() * (hi - lo) };
    }),
    randstr: def("randstr", (f) => {
      checkArity("randstr", f.args, 1, 2);
      const len = Number(constant(f.args[0]));
      const next = generator(constant(f.args[1]));
      const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
      return { dataType: S, foldable: false, nullable: false, eval: () => Array.from({ length: len }, () => chars[Math.floor(next() * 62)]).join("") };
    }),
  };
}
