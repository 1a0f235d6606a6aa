/**
 * XML SQL functions wired onto the library in ../xml: from_xml (reader compiled once per query and schema),
 * to_xml and schema_of_xml, with Spark's argument checks and error classes.
 */
import { AnalysisException } from "../../errors";
import { StringType } from "../../types/data-types";
import { parseDataType } from "../../types/ddl";
import { StructTypeImpl } from "../../types/struct-type";
import type { Bound, FunctionArgs, FunctionDef } from "../analyze";
import * as xml from "../xml";
import { checkArity, coerceArg, constant, def, nullPropagating } from "./helpers";

const S = StringType();

function optionsOf(b: Bound | undefined): ReadonlyMap<string, string> {
  if (b === undefined) return new Map();
  const v = constant(b);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), String(x)]));
  throw new AnalysisException("[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options: Must use the `map()` function for options. SQLSTATE: 42K06", {
    errorClass: "INVALID_OPTIONS.NON_MAP_FUNCTION",
    sqlState: "42K06",
  });
}

/** from_xml's schema: a DDL string (`a INT, b STRING` or `STRUCT<...>`) or a schema JSON, as a struct. */
function schemaArg(f: FunctionArgs): StructTypeImpl {
  const b = f.args[1]!;
  const v = constant(b);
  if (typeof v !== "string") {
    throw new AnalysisException(
      `[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "${b.name}" is not a valid schema string. The input expression must be string literal and not null. SQLSTATE: 42K07`,
      { errorClass: "INVALID_SCHEMA.NON_STRING_LITERAL", sqlState: "42K07" },
    );
  }
  const text = v.trim();
  const t = text.startsWith("{") ? StructTypeImpl.fromJson(text) : /^struct\s*</i.test(text) ? parseDataType(text) : StructTypeImpl.fromDDL(text);
  if (!(t instanceof StructTypeImpl)) {
    throw new AnalysisException(
      `[INVALID_SCHEMA.NON_STRUCT_TYPE] The input schema "${v}" is not a valid schema string. The input expression must be a struct type, but got "${t.sql()}". SQLSTATE: 42K07`,
      { errorClass: "INVALID_SCHEMA.NON_STRUCT_TYPE", sqlState: "42K07" },
    );
  }
  return t;
}

export function xmlFunctions(): Record<string, FunctionDef> {
  return {
    from_xml: def("from_xml", (f) => {
      checkArity("from_xml", f.args, 2, 3);
      const src = coerceArg(f, 0, S, "from_xml");
      const schema = schemaArg(f);
      const read = xml.compileXmlReader(schema, xml.xmlOptions(optionsOf(f.args[2]), "from_xml"), f.scope.ctx);
      return { dataType: schema, name: `from_xml(${f.args[0]!.name})`, eval: nullPropagating([src.eval], (v) => read(v as string), false) };
    }),
    to_xml: def("to_xml", (f) => {
      checkArity("to_xml", f.args, 1, 2);
      const a = f.args[0]!;
      if (!(a.dataType instanceof StructTypeImpl)) {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "to_xml(${a.name})" due to data type mismatch: The first parameter requires the "STRUCT" type, however "${a.name}" has the type "${a.dataType.sql()}". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
        );
      }
      const write = xml.compileXmlWriter(a.dataType, xml.xmlOptions(optionsOf(f.args[1]), "to_xml"), f.scope.ctx);
      return { dataType: S, name: `to_xml(${a.name})`, eval: nullPropagating([a.eval], (v) => write(v as unknown[]), false) };
    }),
    schema_of_xml: def("schema_of_xml", (f) => {
      checkArity("schema_of_xml", f.args, 1, 2);
      const v = constant(f.args[0]);
      if (typeof v !== "string") {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "schema_of_xml(${f.args[0]!.name})" due to data type mismatch: the input \`xml\` should be a foldable "STRING" expression; however, got "${f.args[0]!.name}". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", sqlState: "42K09" },
        );
      }
      const r = xml.schemaOfXml(v, xml.xmlOptions(optionsOf(f.args[1]), "schema_of_xml"));
      return { dataType: S, eval: () => r, foldable: true, name: `schema_of_xml(${f.args[0]!.name})` };
    }),
  };
}
