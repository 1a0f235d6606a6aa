/**
 * One XML record as a small tree, read with @xmldom/xmldom (the parser tspark's XPath functions use).
 *
 * Spark reads a record with a StAX reader: it takes the first element and ignores what follows it, it is not
 * namespace-aware about names (a prefixed tag keeps its prefix) and any well-formedness error makes the record
 * malformed. xmldom parses whole documents, so the record is wrapped in a synthetic root: trailing elements then
 * parse, and text with no element is "no record" (malformed), as in Spark.
 */
import { DOMParser } from "@xmldom/xmldom";

export interface XmlElement {
  readonly name: string;
  /** Attributes in document order, xmlns declarations left out. */
  readonly attributes: readonly (readonly [string, string])[];
  /** Child elements and text runs in document order (a text run is the text between two elements). */
  readonly children: readonly (XmlElement | string)[];
}

/** Thrown when the text is not one well-formed XML record. */
export class MalformedXml extends Error {}

const WRAPPER = "tspark-xml-record";

/** xmldom's node shape, as far as it is read here (the engine has no DOM typings). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  attributes?: { length: number; item(i: number): { name: string; value: string } | null };
}

function convert(el: DomNode): XmlElement {
  const attributes: [string, string][] = [];
  const attrs = el.attributes!;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i)!;
    if (a.name !== "xmlns" && !a.name.startsWith("xmlns:")) attributes.push([a.name, a.value]);
  }
  const children: (XmlElement | string)[] = [];
  let text: string | null = null;
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) {
      if (text !== null) children.push(text);
      text = null;
      children.push(convert(n));
    } else if (n.nodeType === 3 || n.nodeType === 4) {
      text = (text ?? "") + (n.nodeValue ?? "");
    }
  }
  if (text !== null) children.push(text);
  return { name: el.nodeName, attributes, children };
}

/** Parses the first element of `xml`; throws MalformedXml when the text is not well-formed. */
export function parseXmlRecord(xml: string): XmlElement {
  // an XML declaration may only open a document: drop it before wrapping
  const body = xml.replace(/^\s*<\?xml[^?]*\?>/, "");
  let doc: DomNode;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new MalformedXml(message.split("\n")[0]);
      },
    }).parseFromString(`<${WRAPPER}>${body}</${WRAPPER}>`, "text/xml") as unknown as DomNode;
  } catch (e) {
    throw e instanceof MalformedXml ? e : new MalformedXml((e as Error).message.replace(/^.*caused Error: /s, "").split("\n")[0]);
  }
  for (let n = doc.firstChild?.firstChild ?? null; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) return convert(n);
  }
  throw new MalformedXml("no XML element");
}

/** The element's own text: its text runs joined (Spark reads a leaf's characters this way). */
export function ownText(el: XmlElement): string {
  let s = "";
  for (const c of el.children) if (typeof c === "string") s += c;
  return s;
}

export function hasChildElements(el: XmlElement): boolean {
  return el.children.some((c) => typeof c !== "string");
}
