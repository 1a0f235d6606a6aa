import { LongType, TimestampType } from "../../engine/types/data-types";
import { StructType } from "../../engine/types/struct-type";

/** Columns of the `rate` and `rate-micro-batch` sources: `timestamp` (TIMESTAMP), `value` (BIGINT). */
export function rateSchema(): StructType {
  return StructType().add("timestamp", TimestampType()).add("value", LongType());
}
