/**
 * The public API: `import { SparkSession, functions, col, StructType, Trigger } from "tspark"`.
 * Importing it also registers the connector's formats (console, memory, rate, aws-kinesis), so a plain
 * TypeScript program gets the same formats as the shell.
 */
import "./connector/register";

export { MemoryStream } from "./connector/memory/memory-stream";
export { SparkSession } from "./engine/session";
export * from "./engine/functions";
import * as functionsModule from "./engine/functions";
import { withPySparkSurface } from "./engine/api/missing-api";
/** `functions` (pyspark.sql.functions): a PySpark function tspark lacks fails with UNSUPPORTED_FEATURE naming it. */
export const functions: typeof functionsModule = withPySparkSurface({ ...functionsModule }, "functions");
export { Column } from "./engine/api/column";
export { Window, WindowSpec } from "./engine/api/window";
export { DataFrame } from "./engine/api/data-frame";
export { GroupedData } from "./engine/api/grouped-data";
export { GroupStateTimeout, KeyValueGroupedDataset } from "./engine/api/key-value-grouped-dataset";
export type { GroupState } from "./engine/api/key-value-grouped-dataset";
export { TimeMode, TTLConfig } from "./engine/api/transform-with-state";
export type {
  ExpiredTimerInfo,
  ListState,
  MapState,
  QueryInfo,
  StatefulProcessor,
  StatefulProcessorHandle,
  TimerValues,
  ValueState,
} from "./engine/api/transform-with-state";
export { Row } from "./engine/api/row";
export { Observation } from "./engine/api/observation";
export { Trigger } from "./engine/api/trigger";
export { StreamingQuery } from "./engine/api/streaming-query";
export { StreamingQueryManager } from "./engine/api/query-manager";
export type { StreamingQueryListener } from "./engine/api/streaming-query-listener";
export {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  DataType,
  DateType,
  DayTimeIntervalType,
  YearMonthIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
  VariantType,
} from "./engine/types/data-types";
export { VariantVal } from "./engine/types/variant";
export { StructField, StructType } from "./engine/types/struct-type";
export {
  AnalysisException,
  IllegalArgumentException,
  IllegalStateException,
  ParseException,
  SparkException,
  SparkThrowable,
  StreamingQueryException,
  UnsupportedOperationException,
} from "./engine/errors";
