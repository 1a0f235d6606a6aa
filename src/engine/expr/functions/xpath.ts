/**
 * The XPath family (xpath, xpath_boolean, xpath_string, xpath_double/number/float, xpath_long/int/short) as
 * Spark defines it: XPath 1.0 over an XML string, with the path a constant string. @xmldom/xmldom parses the
 * document and the `xpath` package evaluates the path (both pure JS, XPath 1.0 like Spark's JDK evaluator).
 *
 * Spark's rules, measured on Spark 4.3: null or empty xml or path gives null; a path that finds nothing gives
 * "" for xpath_string, false for xpath_boolean, NaN for the float types and 0 for the integral ones (Java's
 * Double.intValue/longValue: NaN is 0, out-of-range saturates; shortValue keeps the low 16 bits of intValue);
 * xpath returns the node values of the node set (an element's value is null, a text's or attribute's its text).
 * A bad document or path fails only when a row is evaluated, as a plain runtime error (no error class).
 */
import { DOMParser } from "@xmldom/xmldom";
import * as xpathLib from "xpath";
import { AnalysisException, SparkRuntimeException } from "../../errors";
import { ArrayType, BooleanType, type DataType, DoubleType, FloatType, IntegerType, LongType, NullType, ShortType, StringType } from "../../types/data-types";
import type { Bound, FunctionArgs, FunctionDef } from "../analyze";
import { checkArity, def } from "./helpers";

/** The parts of a DOM node read here (xmldom's nodes; the engine has no DOM typings). */
interface DomNode {
  nodeType: number;
  nodeValue: string | null;
}

/** What the `xpath` package's parse() gives (its typings cover only select()). */
interface XValue {
  stringValue(): string;
  booleanValue(): boolean;
  numberValue(): number;
  nodeset(): { toArray(): DomNode[] };
}
interface CompiledPath {
  evaluate(options: { node: unknown; namespaces: { getNamespace(prefix: string): string } }): XValue;
}
const lib = xpathLib as unknown as { parse(path: string): CompiledPath; XNumber: object; XBoolean: object; XNodeSet: object };

/**
 * XPath 1.0 reads a number as `-? Digits ('.' Digits?)? | '.' Digits` (no exponent), as Spark's evaluator does. The
 * `xpath` package (0.0.34) gets this wrong in two places: its pattern refuses "12.", and a node set converts with
 * JavaScript's Number() (so "1e3" is 1000 in `a/b + 0`). Both are set right here, once: tspark has no other user
 * of the package. Spark's answers for these cases are in the goldens (functions/xpath#16).
 */
const internals = xpathLib as unknown as {
  XNumber: { new (n: string): { numberValue(): number }; prototype: { numberFormat: RegExp } };
  XNodeSet: { prototype: { stringValue(): string; number(): unknown; numberValue(): number } };
};
internals.XNumber.prototype.numberFormat = /^[\t\n\r ]*-?(\d+(\.\d*)?|\.\d+)[\t\n\r ]*$/;
internals.XNodeSet.prototype.number = function (this: { stringValue(): string }) {
  return new internals.XNumber(this.stringValue());
};
internals.XNodeSet.prototype.numberValue = function (this: { stringValue(): string }) {
  return new internals.XNumber(this.stringValue()).numberValue();
};

/** Whether an evaluated value is of one of the library's result classes. */
const isA = (v: XValue, cls: object): boolean => v instanceof (cls as new () => unknown);

type Kind = "nodes" | "boolean" | "string" | "double" | "float" | "long" | "int" | "short";

const resultType: Record<Kind, () => DataType> = {
  nodes: () => ArrayType(StringType(), true),
  boolean: () => BooleanType(),
  string: () => StringType(),
  double: () => DoubleType(),
  float: () => FloatType(),
  long: () => LongType(),
  int: () => IntegerType(),
  short: () => ShortType(),
};

function runtimeError(message: string, cause?: unknown): SparkRuntimeException {
  // Spark raises java.lang.RuntimeException without an error class here
  return new SparkRuntimeException(message, { cause });
}

/** Parses strictly, as Java's DocumentBuilder does: any well-formedness error fails (xmldom only warns on some). */
function parseXml(xml: string, path: string): unknown {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(xml, "text/xml");
  } catch (e) {
    const detail = (e as Error).message.replace(/^.*caused Error: /s, "").split("\n")[0];
    throw runtimeError(`Error loading expression '${path}': the input is not a well-formed XML document (${detail}). Check the xml column's value.`, e);
  }
}

/** The parts of xmldom's element and attribute nodes that namespaceUnaware() rewrites. */
interface NsNode {
  nodeType: number;
  name?: string;
  namespaceURI: string | null;
  attributes?: { length: number; item(i: number): NsNode | null };
  removeAttributeNode?(a: NsNode): void;
  firstChild: NsNode | null;
  nextSibling: NsNode | null;
}

/**
 * Makes xmldom's namespace-aware tree look like the namespace-unaware DOM Spark's evaluator sees: no node has a
 * namespace (a name test matches the local part, namespace-uri() is ""), and xmlns declarations are not
 * attributes (`@*` leaves them out).
 */
function namespaceUnaware(node: NsNode): void {
  for (let n = node.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    n.namespaceURI = null;
    const attrs = n.attributes!;
    for (let i = attrs.length - 1; i >= 0; i--) {
      const a = attrs.item(i)!;
      if (a.name === "xmlns" || a.name!.startsWith("xmlns:")) n.removeAttributeNode!(a);
      else a.namespaceURI = null;
    }
    namespaceUnaware(n);
  }
}

/** A prefixed name test never matches in Spark's namespace-unaware evaluation: every prefix gets a URI no node has. */
const NO_NAMESPACE = { getNamespace: () => "urn:tspark:xpath:no-namespace" };

/** XPath 1.0's number(): optional minus, digits with an optional fraction, no exponent; anything else is NaN. */
function xpathNumber(s: string): number {
  return /^[\t\n\r ]*-?(\d+(\.\d*)?|\.\d+)[\t\n\r ]*$/.test(s) ? Number(s) : Number.NaN;
}

/** Java's Double.intValue/longValue: NaN is 0, infinities and out-of-range values saturate, else truncate. */
function javaInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(d)));
}
function javaLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 2 ** 63) return 9223372036854775807n;
  if (d <= -(2 ** 63)) return -9223372036854775808n;
  return BigInt(Math.trunc(d));
}

function toNumber(v: XValue): number {
  if (isA(v, lib.XNumber) || isA(v, lib.XBoolean)) return v.numberValue();
  // a node set or string converts by XPath 1.0's rules, which have no exponent form (the library allows one)
  return xpathNumber(v.stringValue());
}

function convert(kind: Kind, v: XValue, path: string, xml: string): unknown {
  switch (kind) {
    case "boolean":
      return v.booleanValue();
    case "string":
      return v.stringValue();
    case "double":
      return toNumber(v);
    case "float":
      return Math.fround(toNumber(v));
    case "long":
      return javaLong(toNumber(v));
    case "int":
      return javaInt(toNumber(v));
    case "short":
      return ((javaInt(toNumber(v)) << 16) >> 16) as number;
    case "nodes": {
      if (!(isA(v, lib.XNodeSet))) {
        const what = isA(v, lib.XNumber) ? "#NUMBER" : isA(v, lib.XBoolean) ? "#BOOLEAN" : "#STRING";
        throw runtimeError(`Invalid XML document: Can not convert ${what} to a NodeList! The path '${path}' of xpath() must select nodes; use xpath_string/xpath_double for a value.\n${xml}`);
      }
      // Spark takes each node's getNodeValue: null for elements and documents
      return v.nodeset().toArray().map((n) => (n.nodeType === 1 || n.nodeType === 9 ? null : n.nodeValue));
    }
  }
}

function stringArg(f: FunctionArgs, i: number, name: string): Bound {
  const b = f.args[i]!;
  if (b.dataType instanceof StringType || b.dataType instanceof NullType) return b;
  const which = i === 0 ? "first" : "second";
  throw new AnalysisException(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${f.args.map((a) => a.name).join(", ")})" due to data type mismatch: The ${which} parameter requires the "STRING" type, however "${b.name}" has the type "${b.dataType.sql()}". SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
  );
}

function xpathDef(name: string, kind: Kind): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const shown = `${name}(${f.args.map((a) => a.name).join(", ")})`;
    const xmlE = stringArg(f, 0, name).eval;
    const p = stringArg(f, 1, name);
    if (!p.foldable) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "${shown}" due to data type mismatch: the input \`path\` should be a foldable "STRING" expression; however, got "${p.name}". SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", sqlState: "42K09" },
      );
    }
    const path = p.eval([]) as string | null;
    // compiled once; a bad path fails at the first non-empty row, as in Spark
    let compiled: CompiledPath | Error | null = null;
    const compile = (s: string): CompiledPath => {
      if (compiled === null) {
        try {
          compiled = lib.parse(s);
        } catch (e) {
          compiled = runtimeError(`Invalid XPath '${s}': ${(e as Error).message}. Check the path argument of ${name}.`, e);
        }
      }
      if (compiled instanceof Error) throw compiled;
      return compiled;
    };
    return {
      dataType: resultType[kind](),
      foldable: false,
      name: shown,
      eval: (row) => {
        const xml = xmlE(row) as string | null;
        if (xml === null || path === null || xml.length === 0 || path.length === 0) return null;
        const expr = compile(path);
        const doc = parseXml(xml, path);
        // Spark's parser is not namespace-aware
        namespaceUnaware(doc as NsNode);
        let v: XValue;
        try {
          v = expr.evaluate({ node: doc, namespaces: NO_NAMESPACE });
        } catch (e) {
          throw runtimeError(`Error loading expression '${path}': ${(e as Error).message}`, e);
        }
        return convert(kind, v, path, xml);
      },
    };
  });
}

export function xpathFunctions(): Record<string, FunctionDef> {
  return {
    xpath: xpathDef("xpath", "nodes"),
    xpath_boolean: xpathDef("xpath_boolean", "boolean"),
    xpath_string: xpathDef("xpath_string", "string"),
    xpath_double: xpathDef("xpath_double", "double"),
    xpath_number: xpathDef("xpath_number", "double"),
    xpath_float: xpathDef("xpath_float", "float"),
    xpath_long: xpathDef("xpath_long", "long"),
    xpath_int: xpathDef("xpath_int", "int"),
    xpath_short: xpathDef("xpath_short", "short"),
  };
}
