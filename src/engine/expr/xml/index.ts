/** Spark's XML functions as a pure library: options, one-record parsing, schema inference, reading and writing. */
export { MalformedXml, parseXmlRecord, type XmlElement } from "./dom";
export { schemaOfXml } from "./infer";
export { type XmlOptions, xmlOptions } from "./options";
export { compileXmlReader } from "./reader";
export { compileXmlWriter } from "./writer";
