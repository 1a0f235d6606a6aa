/** The aws-kinesis row: the connector's five columns plus shardId (connector PR #68). All nullable, as there. */
import { BinaryType, StringType, TimestampType } from "../../engine/types/data-types";
import { StructField, StructType } from "../../engine/types/struct-type";

export function kinesisSourceSchema(): StructType {
  return new StructType([
    new StructField("data", new BinaryType(), true),
    new StructField("streamName", new StringType(), true),
    new StructField("partitionKey", new StringType(), true),
    new StructField("sequenceNumber", new StringType(), true),
    new StructField("approximateArrivalTimestamp", new TimestampType(), true),
    new StructField("shardId", new StringType(), true),
  ]);
}
