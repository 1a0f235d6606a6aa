/** The aws-kinesis row: the connector's five columns plus shardId (connector PR #68). */
import type { StructType } from "../../engine/types/struct-type";

export const KINESIS_COLUMNS = [
  ["data", "binary"],
  ["streamName", "string"],
  ["partitionKey", "string"],
  ["sequenceNumber", "string"],
  ["approximateArrivalTimestamp", "timestamp"],
  ["shardId", "string"],
] as const;

export function kinesisSourceSchema(): StructType {
  throw new Error("engine StructType not available yet");
}
