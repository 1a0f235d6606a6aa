/**
 * The options of Spark's XML functions (from_xml, to_xml, schema_of_xml), read from the `map(...)` argument
 * with Spark's defaults. Names are case-insensitive, as in Spark's CaseInsensitiveMap.
 */
import { AnalysisException } from "../../errors";

export type XmlParseMode = "PERMISSIVE" | "FAILFAST";

export interface XmlOptions {
  /** Row element of to_xml (default ROW); from_xml reads whatever the root element is. */
  readonly rowTag: string;
  /** Prefix of the fields that hold attributes (default `_`). */
  readonly attributePrefix: string;
  /** Field that holds an element's text when it also has attributes or children (default `_VALUE`). */
  readonly valueTag: string;
  /** Text read as (and written for) null; unset by default. */
  readonly nullValue: string | null;
  /** Trim the text of values before reading it (default true). */
  readonly ignoreSurroundingSpaces: boolean;
  /** Leave attributes out when reading and inferring (default false). */
  readonly excludeAttribute: boolean;
  readonly mode: XmlParseMode;
  readonly columnNameOfCorruptRecord: string;
  /** Infer DECIMAL rather than DOUBLE for fractional numbers (schema_of_xml). */
  readonly prefersDecimal: boolean;
  /** Element name of an array nested in an array (to_xml, default `item`). */
  readonly arrayElementName: string;
  /** Indentation of to_xml (default four spaces; "" writes one line). */
  readonly indent: string;
}

const KNOWN_MODES = ["PERMISSIVE", "FAILFAST", "DROPMALFORMED"];

export function xmlOptions(raw: ReadonlyMap<string, string>, funcName: string): XmlOptions {
  const m = new Map([...raw].map(([k, v]) => [k.toLowerCase(), v]));
  const bool = (k: string, d: boolean) => (m.has(k) ? m.get(k)!.trim().toLowerCase() === "true" : d);
  const mode = (m.get("mode") ?? "PERMISSIVE").toUpperCase();
  if (mode === "DROPMALFORMED" || !KNOWN_MODES.includes(mode)) {
    throw new AnalysisException(
      `[PARSE_MODE_UNSUPPORTED] The function \`${funcName}\` doesn't support the ${mode} mode. Acceptable modes are PERMISSIVE and FAILFAST. SQLSTATE: 42601`,
      { errorClass: "PARSE_MODE_UNSUPPORTED", sqlState: "42601", messageParameters: { funcName: `\`${funcName}\``, mode } },
    );
  }
  return {
    rowTag: m.get("rowtag") ?? "ROW",
    attributePrefix: m.get("attributeprefix") ?? "_",
    valueTag: m.get("valuetag") ?? "_VALUE",
    nullValue: m.get("nullvalue") ?? null,
    ignoreSurroundingSpaces: bool("ignoresurroundingspaces", true),
    excludeAttribute: bool("excludeattribute", false),
    mode: mode as XmlParseMode,
    columnNameOfCorruptRecord: m.get("columnnameofcorruptrecord") ?? "_corrupt_record",
    prefersDecimal: bool("prefersdecimal", false),
    arrayElementName: m.get("arrayelementname") ?? "item",
    indent: m.get("indent") ?? "    ",
  };
}
