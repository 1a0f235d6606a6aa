/**
 * JSON SQL functions wired onto the pure library in ../json: from_json (reader compiled once per
 * query and schema), to_json, get_json_object, json_tuple, schema_of_json, json_array_length,
 * json_object_keys.
 */
import { AnalysisException } from "../../errors";
import { ArrayType, type DataType, IntegerType, MapType, StringType, VariantType } from "../../types/data-types";
import { VariantVal } from "../../types/variant";
import { parseVariantJson } from "../variant/json-text";
import { Decimal } from "../../types/decimal";
import { parseDataType } from "../../types/ddl";
import { StructTypeImpl } from "../../types/struct-type";
import { type Bound, type FunctionArgs, type FunctionDef, structOf } from "../analyze";
import * as json from "../json";
import { checkArity, coerceArg, constant, def, nullPropagating, simple } from "./helpers";

const S = StringType();

function optionsOf(b: Bound | undefined): ReadonlyMap<string, string> | undefined {
  if (b === undefined) return undefined;
  const v = constant(b);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), String(x)]));
  throw new AnalysisException(
    "[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options: Must use the `map()` function for options. SQLSTATE: 42K06",
    { errorClass: "INVALID_OPTIONS.NON_MAP_FUNCTION", sqlState: "42K06" },
  );
}

function schemaArg(f: FunctionArgs, i: number): DataType {
  const b = f.args[i]!;
  const v = constant(b);
  if (typeof v !== "string") {
    throw new AnalysisException(
      `[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "${b.name}" is not a valid schema string. The input expression must be string literal and not null. SQLSTATE: 42K07`,
      { errorClass: "INVALID_SCHEMA.NON_STRING_LITERAL", sqlState: "42K07" },
    );
  }
  const t = v.trim().startsWith("{") ? StructTypeImpl.fromJson(v) : parseDataType(v);
  return t;
}

const decimalFactory = (unscaled: bigint, scale: number) => new Decimal(unscaled, scale);
const parseVariant = (text: string) => new VariantVal(parseVariantJson(text));
function tryParseVariant(text: string | null): VariantVal | null {
  if (text === null) return null;
  try {
    return parseVariant(text);
  } catch {
    return null;
  }
}

export function jsonFunctions(): Record<string, FunctionDef> {
  return {
    from_json: def("from_json", (f) => {
      checkArity("from_json", f.args, 2, 3);
      const src = coerceArg(f, 0, S, "from_json");
      const schema = schemaArg(f, 1);
      const opts = json.jsonReaderOptions(optionsOf(f.args[2]), f.scope.ctx.timeZone, "from_json");
      json.parseModeUnsupported; // validated inside the library for DROPMALFORMED
      const se = src.eval;
      if (schema instanceof VariantType) {
        // from_json(s, 'variant') is parse_json that gives NULL for bad text (PERMISSIVE)
        return { dataType: schema, name: `from_json(${f.args[0]!.name})`, eval: (row) => tryParseVariant(se(row) as string | null) };
      }
      const read = json.compileJsonReader(schema, { ...opts, decimalFactory, variantFactory: parseVariant });
      return {
        dataType: schema,
        // Spark names a map-typed from_json "entries" (its output attribute), else from_json(child)
        name: schema instanceof MapType ? "entries" : `from_json(${f.args[0]!.name})`,
        eval: (row) => {
          const s = se(row) as string | null;
          if (s === null) return null;
          const v = read(s);
          return v === json.JSON_RECORD_DROPPED ? null : v;
        },
      };
    }),
    to_json: def("to_json", (f) => {
      checkArity("to_json", f.args, 1, 2);
      const a = f.args[0]!;
      const opts = json.jsonWriterOptions(optionsOf(f.args[1]), f.scope.ctx.timeZone);
      const write = json.compileJsonWriter(a.dataType, opts);
      return { dataType: S, name: `to_json(${a.name})`, eval: nullPropagating([a.eval], (v) => write(v), false) };
    }),
    get_json_object: simple("get_json_object", [S, S], S, () => (j: string, p: string) => json.getJsonObject(j, p)),
    json_tuple: def("json_tuple", (f) => {
      checkArity("json_tuple", f.args, 2, Number.POSITIVE_INFINITY);
      const j = coerceArg(f, 0, S, "json_tuple").eval;
      const fields = f.args.slice(1).map((_, i) => coerceArg(f, i + 1, S, "json_tuple").eval);
      const names = fields.map((_, i) => `c${i}`);
      return {
        dataType: structOf(names, names.map(() => S)),
        eval: (row) => json.jsonTuple(j(row) as string | null, fields.map((e) => e(row) as string | null)),
        expandAs: names,
      };
    }),
    schema_of_json: def("schema_of_json", (f) => {
      checkArity("schema_of_json", f.args, 1, 2);
      const v = constant(f.args[0]);
      if (typeof v !== "string") {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "schema_of_json(${f.args[0]!.name})" due to data type mismatch: the input \`json\` should be a foldable "STRING" expression; however, got "${f.args[0]!.name}". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", sqlState: "42K09" },
        );
      }
      const opts = json.schemaInferenceOptions(optionsOf(f.args[1]));
      const r = json.schemaOfJson(v, opts);
      return { dataType: S, eval: () => r, foldable: true, name: `schema_of_json(${f.args[0]!.name})` };
    }),
    json_array_length: simple("json_array_length", [S], IntegerType(), () => (j: string) => json.jsonArrayLength(j)),
    json_object_keys: simple("json_object_keys", [S], ArrayType(S, true), () => (j: string) => json.jsonObjectKeys(j)),
  };
}

export { MapType };
