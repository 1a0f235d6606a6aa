/**
 * Functions behind Column and DataFrame methods that have no SQL name in Spark (hidden: the registry does not
 * list names starting with `__`):
 * - `__update_fields(struct, op, ...)` is Spark's UpdateFields, built by `Column.withField(name, value)` and
 *   `Column.dropFields(...names)`: each op is a string literal `+name` followed by the value, or `-name`. A
 *   field is matched case-insensitively; `+` replaces it in place or appends it, `-` removes it (a missing
 *   name is ignored); a null struct stays null. Named `update_fields(s, WithField(v), dropfield())` as Spark.
 * - `__col_regex(regex)` is `df.colRegex("`re`")`: every input column whose whole name matches the regex
 *   (case-insensitive, as Spark's default resolution), expanded into the select list.
 */
import * as A from "../ast";
import { AnalysisException } from "../../errors";
import { StructFieldImpl, StructTypeImpl } from "../../types/struct-type";
import { analyzeExpr, type Bound, type FunctionDef, structOf, unexpectedInputType } from "../analyze";
import { constant, def } from "./helpers";

type Op = { readonly kind: "with"; readonly name: string; readonly value: Bound } | { readonly kind: "drop"; readonly name: string };

function parseOps(args: readonly Bound[]): Op[] {
  const ops: Op[] = [];
  for (let i = 1; i < args.length; i++) {
    const tag = String(constant(args[i]));
    if (tag.startsWith("+")) ops.push({ kind: "with", name: tag.slice(1), value: args[++i]! });
    else ops.push({ kind: "drop", name: tag.slice(1) });
  }
  return ops;
}

const updateFields: FunctionDef = def("update_fields", (f) => {
  const s = f.args[0]!;
  const ops = parseOps(f.args);
  const shown = `update_fields(${s.name}, ${ops.map((o) => (o.kind === "with" ? `WithField(${o.value.name})` : "dropfield()")).join(", ")})`;
  if (!(s.dataType instanceof StructTypeImpl)) throw unexpectedInputType(shown, 0, '"STRUCT"', s);
  // each output field: where its value comes from (an input ordinal or an op's value)
  let fields: { name: string; field: StructFieldImpl; from: number | Bound }[] = s.dataType.fields.map((fd, i) => ({ name: fd.name, field: fd, from: i }));
  for (const o of ops) {
    const at = fields.findIndex((x) => x.name.toLowerCase() === o.name.toLowerCase());
    if (o.kind === "drop") fields = fields.filter((x) => x.name.toLowerCase() !== o.name.toLowerCase());
    else {
      const entry = { name: o.name, field: new StructFieldImpl(o.name, o.value.dataType, o.value.nullable), from: o.value };
      if (at < 0) fields.push(entry);
      else fields = fields.map((x) => (x.name.toLowerCase() === o.name.toLowerCase() ? entry : x));
    }
  }
  if (fields.length === 0) {
    throw new AnalysisException(`[DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS] Cannot resolve "${shown}" due to data type mismatch: Cannot drop all fields in struct. SQLSTATE: 42K09`, {
      errorClass: "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS",
      sqlState: "42K09",
    });
  }
  const se = s.eval;
  const getters = fields.map((x) => (typeof x.from === "number" ? ((i: number) => (_row: unknown[], v: unknown[]) => v[i] ?? null)(x.from) : ((e: Bound["eval"]) => (row: unknown[]) => e(row))(x.from.eval)));
  return {
    dataType: new StructTypeImpl(fields.map((x) => x.field)),
    nullable: s.nullable,
    name: shown,
    eval: (row) => {
      const v = se(row) as unknown[] | null;
      return v === null ? null : getters.map((g) => g(row, v));
    },
  };
});

const colRegex: FunctionDef = def("col_regex", (f) => {
  const pattern = String(constant(f.args[0]));
  const re = new RegExp(`^(?:${pattern})$`, "is");
  const names = f.scope.attrs.filter((a) => !a.hidden && re.test(a.name)).map((a) => a.name);
  const bounds = names.map((n) => analyzeExpr(A.colRef([n]), f.scope));
  return {
    dataType: structOf(names, bounds.map((b) => b.dataType)),
    name: `colRegex(${pattern})`,
    eval: (row) => bounds.map((b) => b.eval(row)),
    expandAs: names,
  };
});

export function columnInternalFunctions(): Record<string, FunctionDef> {
  return { __update_fields: updateFields, __col_regex: colRegex };
}
