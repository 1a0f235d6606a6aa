/**
 * to_xml: a struct written as one XML element the way Spark 4.3 writes it (measured): the row element is rowTag
 * (ROW); fields named attributePrefix+name are attributes, the valueTag field is the text, the others are child
 * elements; a null field is left out (or written as nullValue when that option is set); an array repeats its
 * element, an array in an array nests `item` elements; a map writes one element per key. Children are indented by
 * `indent` (four spaces) on their own lines; with indent "" the record is one line ending in a newline.
 * Text escapes & and <, attributes also ". Timestamps are ISO 8601 with milliseconds (and the zone offset for
 * TIMESTAMP), binary is `[01 02]`.
 */
import { ArrayType, BinaryType, type DataType, MapType, TimestampNTZType, TimestampType } from "../../types/data-types";
import { StructTypeImpl } from "../../types/struct-type";
import { castToString, type EvalContext } from "../cast";
import { makeTimestampFormatter } from "../datetime/format";
import type { XmlOptions } from "./options";

const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, "&quot;");

type Render = (v: unknown) => string;

function scalar(t: DataType, ctx: EvalContext): Render {
  if (t instanceof TimestampType) return makeTimestampFormatter("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", ctx.timeZone) as Render;
  if (t instanceof TimestampNTZType) return makeTimestampFormatter("yyyy-MM-dd'T'HH:mm:ss.SSS", "UTC") as Render;
  if (t instanceof BinaryType) return (v) => `[${[...(v as Uint8Array)].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  const s = castToString(t, ctx);
  return (v) => String(s(v));
}

/** Writes the element `name` holding a value of type t, at nesting depth `depth`, into `out`. */
type Writer = (name: string, v: unknown, depth: number, out: string[]) => void;

class XmlWriter {
  constructor(
    readonly o: XmlOptions,
    readonly ctx: EvalContext,
  ) {}

  private pad(depth: number): string {
    return this.o.indent === "" ? "" : `\n${this.o.indent.repeat(depth)}`;
  }

  element(t: DataType): Writer {
    if (t instanceof StructTypeImpl) return this.struct(t);
    if (t instanceof ArrayType) {
      const item = this.element(t.elementType);
      return (name, v, depth, out) => {
        for (const x of v as unknown[]) {
          if (x === null) continue;
          if (t.elementType instanceof ArrayType) {
            // an array inside an array: one element holding an `item` per inner value
            out.push(`${this.pad(depth)}<${name}>`);
            for (const y of x as unknown[]) if (y !== null) this.element((t.elementType as ArrayType).elementType)(this.o.arrayElementName, y, depth + 1, out);
            out.push(`${this.pad(depth)}</${name}>`);
          } else item(name, x, depth, out);
        }
      };
    }
    if (t instanceof MapType) {
      const key = scalar(t.keyType, this.ctx);
      const value = this.element(t.valueType);
      return (name, v, depth, out) => {
        out.push(`${this.pad(depth)}<${name}>`);
        for (const [k, x] of v as Map<unknown, unknown>) if (x !== null) value(key(k), x, depth + 1, out);
        out.push(`${this.pad(depth)}</${name}>`);
      };
    }
    const s = scalar(t, this.ctx);
    return (name, v, depth, out) => {
      out.push(`${this.pad(depth)}<${name}>${escapeText(s(v))}</${name}>`);
    };
  }

  struct(t: StructTypeImpl): Writer {
    const { attributePrefix: prefix, valueTag, nullValue } = this.o;
    const kinds = t.fields.map((f) => (f.name === valueTag ? "value" : f.name.startsWith(prefix) && prefix !== "" ? "attr" : "child"));
    const scalars = t.fields.map((f) => scalar(f.dataType, this.ctx));
    const writers = t.fields.map((f, i) => (kinds[i] === "child" ? this.element(f.dataType) : null));
    return (name, v, depth, out) => {
      const row = v as unknown[];
      let open = `<${name}`;
      let text = "";
      let hasText = false;
      const children: string[] = [];
      t.fields.forEach((f, i) => {
        const x = row[i];
        if (kinds[i] === "attr") {
          if (x !== null) open += ` ${f.name.slice(prefix.length)}="${escapeAttr(scalars[i]!(x))}"`;
        } else if (kinds[i] === "value") {
          if (x !== null) {
            text = escapeText(scalars[i]!(x));
            hasText = true;
          }
        } else if (x !== null) writers[i]!(f.name, x, depth + 1, children);
        else if (nullValue !== null) children.push(`${this.pad(depth + 1)}<${f.name}>${escapeText(nullValue)}</${f.name}>`);
      });
      const lead = depth === 0 ? "" : this.pad(depth);
      // an element with neither text nor children is written empty: <ROW/>
      if (!hasText && children.length === 0) {
        out.push(`${lead}${open}/>`);
        return;
      }
      out.push(`${lead}${open}>${text}`);
      if (children.length > 0) out.push(...children, this.pad(depth));
      out.push(`</${name}>`);
    };
  }
}

/** Compiles to_xml for a struct type: row value -> XML text. */
export function compileXmlWriter(t: StructTypeImpl, o: XmlOptions, ctx: EvalContext): (v: unknown[]) => string {
  const write = new XmlWriter(o, ctx).struct(t);
  return (v) => {
    const out: string[] = [];
    write(o.rowTag, v, 0, out);
    // Spark's writer ends a one-line (unindented) record with a newline
    return out.join("") + (o.indent === "" ? "\n" : "");
  };
}
