/**
 * Variant editing functions (Spark 4.3): variant_insert, variant_set, variant_delete, variant_array_append,
 * variant_strip_nulls, and the try_ forms that give NULL where the plain ones fail. Measured on Spark 4.3:
 * - a missing path is created on the way (objects for keys, arrays padded with nulls for indexes);
 * - variant_insert on an existing key fails with VARIANT_DUPLICATE_KEY, at an array index it shifts the rest;
 * - variant_set(v, path, value, createIfMissing = true) replaces, or leaves v alone when the path is missing and
 *   createIfMissing is false; variant_delete removes a key or element (a missing one changes nothing);
 * - a path that runs into a value of the wrong kind is VARIANT_PATH_TYPE_MISMATCH;
 * - variant_strip_nulls(v, stripInArrays = true) drops null-valued fields, and nulls in arrays when asked.
 * Values stay immutable: each edit copies the nodes along the path.
 */
import { AnalysisException, SparkRuntimeException, SparkThrowable } from "../../errors";
import { BooleanType, StringType, VariantType } from "../../types/data-types";
import { VARIANT_NULL, type VariantNode, VariantObject, VariantVal } from "../../types/variant";
import type { Bound, FunctionArgs, FunctionDef } from "../analyze";
import { checkArity, coerceArg, constant, def, nullPropagating } from "../functions/helpers";
import { canBeVariant, compileToVariantNode } from "./cast";
import { type PathStep, parseVariantPath } from "./path";

type Op = "insert" | "set" | "delete" | "append";

function pathMismatch(path: string, at: string, fn: string): SparkRuntimeException {
  return new SparkRuntimeException(
    `[VARIANT_PATH_TYPE_MISMATCH] The path '${path}' is incompatible with the variant value at '${at}' in \`${fn}\`. SQLSTATE: 22023`,
    { errorClass: "VARIANT_PATH_TYPE_MISMATCH", sqlState: "22023" },
  );
}

function invalidEditPath(path: string, fn: string): SparkRuntimeException {
  return new SparkRuntimeException(
    `[INVALID_VARIANT_PATH] The path '${path}' is not a valid \`${fn}\` target.\nA valid path should start with \`$\` and is followed by segments like \`[123]\`, \`.name\`, \`['name']\`, or \`["name"]\`. SQLSTATE: 22023`,
    { errorClass: "INVALID_VARIANT_PATH", sqlState: "22023" },
  );
}

function duplicateKey(key: string): SparkRuntimeException {
  return new SparkRuntimeException(`[VARIANT_DUPLICATE_KEY] Failed to build variant because of a duplicate object key \`${key}\`. SQLSTATE: 22023`, {
    errorClass: "VARIANT_DUPLICATE_KEY",
    sqlState: "22023",
  });
}

const atText = (steps: readonly PathStep[], n: number): string =>
  `$${steps
    .slice(0, n)
    .map((s) => ("key" in s ? `.${s.key}` : `[${s.index}]`))
    .join("")}`;

interface Edit {
  readonly op: Op;
  readonly steps: readonly PathStep[];
  readonly path: string;
  readonly fn: string;
  readonly value: VariantNode;
  readonly create: boolean;
}

/** Applies the edit below `node` at depth `d`; undefined means "leave unchanged". */
function edit(node: VariantNode | undefined, e: Edit, d: number): VariantNode | undefined {
  const last = d === e.steps.length - 1;
  const step = e.steps[d]!;
  // a missing container on the way is created (for the operations that create)
  if (node === undefined || node === VARIANT_NULL) {
    if (e.op === "delete" || (e.op === "set" && !e.create) || e.op === "append") return undefined;
    node = "key" in step ? VariantObject.of([]) : [];
  }
  if ("key" in step) {
    if (!(node instanceof VariantObject)) throw pathMismatch(e.path, atText(e.steps, d), e.fn);
    const cur = node.get(step.key);
    const entries = node.keys.map((k, i) => [k, node.values[i]!] as [string, VariantNode]);
    if (last) {
      if (e.op === "delete") return cur === undefined ? undefined : VariantObject.of(entries.filter(([k]) => k !== step.key));
      if (e.op === "insert" && cur !== undefined) throw duplicateKey(step.key);
      if (e.op === "set" && cur === undefined && !e.create) return undefined;
      let v = e.value;
      if (e.op === "append") {
        if (cur === undefined) return undefined;
        if (!Array.isArray(cur)) throw pathMismatch(e.path, atText(e.steps, d + 1), e.fn);
        v = [...(cur as readonly VariantNode[]), e.value];
      }
      return VariantObject.of([...entries.filter(([k]) => k !== step.key), [step.key, v]]);
    }
    const inner = edit(cur, e, d + 1);
    if (inner === undefined) return undefined;
    return VariantObject.of([...entries.filter(([k]) => k !== step.key), [step.key, inner]]);
  }
  if (!Array.isArray(node)) throw pathMismatch(e.path, atText(e.steps, d), e.fn);
  const arr = [...(node as readonly VariantNode[])];
  const i = step.index;
  if (last) {
    if (e.op === "delete") {
      if (i >= arr.length) return undefined;
      arr.splice(i, 1);
      return arr;
    }
    if (e.op === "set" && i >= arr.length && !e.create) return undefined;
    if (e.op === "append") {
      const cur = arr[i];
      if (cur === undefined) return undefined;
      if (!Array.isArray(cur)) throw pathMismatch(e.path, atText(e.steps, d + 1), e.fn);
      arr[i] = [...(cur as readonly VariantNode[]), e.value];
      return arr;
    }
    while (arr.length < i) arr.push(VARIANT_NULL);
    if (e.op === "insert") arr.splice(i, 0, e.value);
    else arr[i] = e.value;
    return arr;
  }
  const inner = edit(arr[i], e, d + 1);
  if (inner === undefined) return undefined;
  while (arr.length < i) arr.push(VARIANT_NULL);
  arr[i] = inner;
  return arr;
}

function applyEdit(root: VariantNode, e: Edit): VariantNode {
  if (e.steps.length === 0) {
    // only appending may target the whole value
    if (!Array.isArray(root)) throw pathMismatch(e.path, "$", e.fn);
    return [...(root as readonly VariantNode[]), e.value];
  }
  return edit(root, e, 0) ?? root;
}

function valueArg(f: FunctionArgs, i: number, sqlName: string): (v: unknown) => VariantNode {
  const t = f.args[i]!.dataType;
  if (!canBeVariant(t, false)) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "${sqlName}" due to data type mismatch: cannot cast "${t.sql()}" to "VARIANT". SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", sqlState: "42K09" },
    );
  }
  return compileToVariantNode(t, f.scope.ctx);
}

function editor(name: string, op: Op, failOnError: boolean): FunctionDef {
  const hasValue = op !== "delete";
  const hasCreate = op === "set";
  return def(name, (f) => {
    checkArity(name, f.args, hasValue ? 3 : 2, hasCreate ? 4 : hasValue ? 3 : Number.POSITIVE_INFINITY);
    const shown: Bound[] = [...f.args];
    const sqlName = `${name}(${shown.map((a) => a.name).join(", ")})`;
    const v = coerceArg(f, 0, VariantType(), sqlName);
    const toNode: (v: unknown) => VariantNode = hasValue ? valueArg(f, 2, sqlName) : () => VARIANT_NULL;
    let create = true;
    if (hasCreate) {
      const c = f.args[3] === undefined ? true : constant(coerceArg(f, 3, BooleanType(), sqlName));
      create = c !== false;
    }
    const display = hasCreate ? `${sqlName.slice(0, -1)}${f.args.length < 4 ? ", true" : ""})` : sqlName;
    // variant_delete takes any number of paths, applied in order
    const nPaths = op === "delete" ? f.args.length - 1 : 1;
    const paths = f.args.slice(1, 1 + nPaths).map((_, i) => coerceArg(f, 1 + i, StringType(), sqlName).eval);
    const evals = [v.eval, ...paths, ...(hasValue ? [f.args[2]!.eval] : [])];
    const run = (x: unknown, ...rest: unknown[]): unknown => {
      const value = hasValue ? toNode(rest[nPaths]) : VARIANT_NULL;
      let node = (x as VariantVal).node;
      try {
        for (const path of rest.slice(0, nPaths) as string[]) {
          const steps = parseVariantPath(path);
          if (steps === null || (steps.length === 0 && op !== "append")) throw invalidEditPath(path, name);
          node = applyEdit(node, { op, steps, path, fn: name, value, create });
        }
        return new VariantVal(node);
      } catch (err) {
        if (!failOnError && err instanceof SparkThrowable && err.errorClass !== "INVALID_VARIANT_PATH") return null;
        throw err;
      }
    };
    return { dataType: VariantType(), name: display, eval: nullPropagating(evals, run as (...a: unknown[]) => unknown, false) };
  });
}

function stripNulls(n: VariantNode, inArrays: boolean): VariantNode {
  if (n instanceof VariantObject) {
    return VariantObject.of(n.keys.flatMap((k, i) => (n.values[i] === VARIANT_NULL ? [] : [[k, stripNulls(n.values[i]!, inArrays)] as const])));
  }
  if (Array.isArray(n)) {
    const items = n as readonly VariantNode[];
    return (inArrays ? items.filter((x) => x !== VARIANT_NULL) : items).map((x) => stripNulls(x, inArrays));
  }
  return n;
}

export function variantEditFunctions(): Record<string, FunctionDef> {
  return {
    variant_insert: editor("variant_insert", "insert", true),
    try_variant_insert: editor("try_variant_insert", "insert", false),
    variant_set: editor("variant_set", "set", true),
    try_variant_set: editor("try_variant_set", "set", false),
    variant_delete: editor("variant_delete", "delete", true),
    variant_array_append: editor("variant_array_append", "append", true),
    try_variant_array_append: editor("try_variant_array_append", "append", false),
    variant_strip_nulls: def("variant_strip_nulls", (f) => {
      checkArity("variant_strip_nulls", f.args, 1, 2);
      const sqlName = `variant_strip_nulls(${f.args.map((a) => a.name).join(", ")}${f.args.length < 2 ? ", true" : ""})`;
      const v = coerceArg(f, 0, VariantType(), sqlName);
      const flag = f.args[1] === undefined ? null : coerceArg(f, 1, BooleanType(), sqlName);
      const fe = flag?.eval ?? (() => true);
      return {
        dataType: VariantType(),
        name: sqlName,
        eval: nullPropagating([v.eval, fe], (x, s) => new VariantVal(stripNulls((x as VariantVal).node, s as boolean)), false),
      };
    }),
  };
}
