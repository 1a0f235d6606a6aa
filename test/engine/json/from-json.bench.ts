/**
 * from_json throughput on the benchmark record shape (not part of `npm test`):
 *   npx vitest bench test/engine/json/from-json.bench.ts
 */
import { bench, describe } from "vitest";
import { compileJsonReader } from "../../../src/engine/expr/json";
import { LA_TZ, T } from "./helpers";

const N = 100_000;
const countries = ["Spain", "France", "Japan", "Chile"];
const records: string[] = [];
for (let i = 0; i < N; i++) {
  const hh = String(10 + (i % 10)).padStart(2, "0");
  const mm = String(i % 60).padStart(2, "0");
  const ss = String((i * 7) % 60).padStart(2, "0");
  records.push(`{"id": ${i}, "data": "${countries[i % 4]}", "date": "2026-11-23 ${hh}:${mm}:${ss}"}`);
}
const schema = T.struct(["id", T.long], ["data", T.string], ["date", T.timestamp]);
const read = compileJsonReader(schema, { timeZone: LA_TZ });
const readGeneral = compileJsonReader(schema, { timeZone: LA_TZ, disableFastPath: true });

describe(`from_json over ${N} records`, () => {
  bench("compiled reader, flat fast path (id LONG, data STRING, date TIMESTAMP)", () => {
    for (let i = 0; i < N; i++) read(records[i]);
  });
  bench("general path (JSON.parse + converters)", () => {
    for (let i = 0; i < N; i++) readGeneral(records[i]);
  });
  bench("JSON.parse alone (lower bound)", () => {
    for (let i = 0; i < N; i++) JSON.parse(records[i]);
  });
});
