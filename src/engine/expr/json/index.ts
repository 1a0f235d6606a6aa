/**
 * tspark's JSON library: Spark's from_json / to_json / get_json_object / json_tuple /
 * schema_of_json / json_array_length / json_object_keys as pure functions over tspark values.
 * Schemas are the engine's DataType objects (adapted structurally by schema-view.ts) or JsonTypes.
 * See docs/datetime-json.md for what differs from Spark.
 */

/** compileJsonReader(schema, options) -> (text) => value: from_json, compiled once per schema. */
export {
  compileJsonRangeReader,
  compileJsonReader,
  JSON_RECORD_DROPPED,
  type JsonRangeReader,
  type JsonReaderOptions,
  type JsonRecordReader,
  type ParseMode,
} from "./reader";
/** toJson(value, dataType, options) and compileJsonWriter(dataType, options) -> (value) => text: to_json. */
export {
  compileJsonWriter,
  DEFAULT_JSON_TIMESTAMP_FORMAT,
  DEFAULT_JSON_TIMESTAMP_NTZ_FORMAT,
  type JsonWriterOptions,
  toJson,
} from "./writer";
/** getJsonObject(json, path): get_json_object with Spark's JSONPath subset. */
export { getJsonObject } from "./path";
/** jsonTuple(json, fields), jsonArrayLength(json), jsonObjectKeys(json). */
export { jsonArrayLength, jsonObjectKeys, jsonTuple } from "./functions";
/** schemaOfJson(json, options) -> DDL string; inferJsonType(json) -> JsonType. */
export { inferJsonType, type SchemaInferenceOptions, schemaOfJson } from "./infer";
/** JsonType (the library's type view), toJsonType(dataType) adapter, typeToSql(type) DDL printer. */
export { type JsonField, type JsonType, quoteIfNeeded, toJsonType, typeToSql } from "./schema-view";
/** Spark option maps (case-insensitive keys, string values) -> typed options. */
export { jsonReaderOptions, jsonWriterOptions, schemaInferenceOptions } from "./options";
/** JsonError (errorClass/sqlState/exceptionClass); parseModeUnsupported for from_json's DROPMALFORMED check. */
export { JsonError, malformedRecord, parseModeUnsupported } from "./errors";
/** Decimal plumbing: DecimalFactory for the reader, decimal text helpers. */
export { type DecimalFactory, decimalFromText, decimalToText, plainDecimal } from "./decimal-text";
/** Java's Double.toString / Float.toString (Spark's number printing). */
export { javaDoubleToString, javaFloatToString } from "./java-number";
/** JSON string quoting as Jackson writes it. */
export { quoteJsonString, writeRawJson } from "./raw-writer";
/** The exact/lenient JSON parser (Jackson feature flags). */
export { type JacksonFeatures, JsonSyntaxError, parseLenient, RawNumber } from "./lenient-parser";
