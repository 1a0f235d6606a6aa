/**
 * collation(str) and collate(str, name) for Spark's default collation only. tspark's strings compare by their
 * UTF-8 bytes, which is Spark's UTF8_BINARY, so collation() of any string is SYSTEM.BUILTIN.UTF8_BINARY and
 * collate(s, 'UTF8_BINARY') is s. Another collation (UTF8_LCASE, UNICODE, a locale) would change how strings
 * compare, group and sort: it is refused by name rather than silently compared as bytes.
 */
import { AnalysisException, SparkException, SparkUnsupportedOperationException } from "../../errors";
import { ExplicitUtf8BinaryStringType, NullType, StringType } from "../../types/data-types";
import type { Bound, FunctionArgs, FunctionDef } from "../analyze";
import { checkArity, def } from "./helpers";

const DEFAULT = "UTF8_BINARY";

function requireString(f: FunctionArgs, name: string): Bound {
  const b = f.args[0]!;
  if (b.dataType instanceof StringType || b.dataType instanceof NullType) return b;
  throw new AnalysisException(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${f.args.map((a) => a.name).join(", ")})" due to data type mismatch: The first parameter requires the "STRING" type, however "${b.name}" has the type "${b.dataType.sql()}". SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
  );
}

/** The collation name of collate()'s second argument, checked: only UTF8_BINARY (any case, maybe qualified). */
function collationName(f: FunctionArgs): string {
  const b = f.args[1]!;
  if (!(b.dataType instanceof StringType)) {
    // Spark's own wording, "Parameter first" included
    throw new AnalysisException(`[UNEXPECTED_INPUT_TYPE] Parameter first of function \`collate\` requires the "STRING" type, however "${b.name}" has the type "${b.dataType instanceof NullType ? "VOID" : b.dataType.sql()}". SQLSTATE: 42K09`, {
      errorClass: "UNEXPECTED_INPUT_TYPE",
      sqlState: "42K09",
    });
  }
  if (!b.foldable) {
    throw new AnalysisException(
      '[NON_FOLDABLE_ARGUMENT] The function `collate` requires the parameter `collationName` to be a foldable expression of the type "STRING", but the actual argument is a non-foldable. SQLSTATE: 42K08',
      { errorClass: "NON_FOLDABLE_ARGUMENT", sqlState: "42K08" },
    );
  }
  const given = String(b.eval([]));
  // Spark accepts the qualified form and shows the name without its qualifier
  const bare = given.replace(/^system\.builtin\./i, "");
  if (bare.toUpperCase() === DEFAULT) return bare;
  // Spark's other collations: UTF8_LCASE, UNICODE, ICU locales (de, sr_Cyrl_SRB ...) with _CI/_AI/_RTRIM suffixes
  if (/^(UTF8_BINARY|UTF8_LCASE|UNICODE)(_\w+)?$/i.test(bare) || /^[a-z]{2,3}(_[a-z0-9]+)*$/i.test(bare)) {
    throw new SparkUnsupportedOperationException(
      `[UNSUPPORTED_FEATURE.TSPARK_NOT_YET] The feature is not supported: collation ${given}: tspark compares strings by their bytes and has only the default collation ${DEFAULT}. Leave out the collate() call, or use lower()/upper() for case-insensitive comparison. SQLSTATE: 0A000`,
      { errorClass: "UNSUPPORTED_FEATURE.TSPARK_NOT_YET", sqlState: "0A000", messageParameters: { feature: `collation ${given}` } },
    );
  }
  throw new SparkException(`[COLLATION_INVALID_NAME] The value ${given} does not represent a correct collation name. Suggested valid collation names: [${DEFAULT}]. SQLSTATE: 42704`, {
    errorClass: "COLLATION_INVALID_NAME",
    sqlState: "42704",
  });
}

export function collationFunctions(): Record<string, FunctionDef> {
  return {
    collation: def("collation", (f) => {
      checkArity("collation", f.args, 1);
      requireString(f, "collation");
      const v = `SYSTEM.BUILTIN.${DEFAULT}`;
      // the type's collation, not the value's: a null string has it too
      return { dataType: StringType(), nullable: false, foldable: true, name: `collation(${f.args[0]!.name})`, eval: () => v };
    }),
    collate: def("collate", (f) => {
      checkArity("collate", f.args, 2);
      const s = requireString(f, "collate");
      const shown = collationName(f);
      return { dataType: ExplicitUtf8BinaryStringType(), nullable: s.nullable, foldable: s.foldable, name: `collate(${s.name}, ${shown})`, eval: s.eval };
    }),
  };
}
