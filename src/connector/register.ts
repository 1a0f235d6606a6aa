import { findCheckpointStore, findSink, findSource, registerCheckpointStore, registerSink, registerSource } from "../engine/registry";
import { dynamoDBCheckpointStoreFactory, s3CheckpointStoreFactory } from "./checkpoint/store-factories";
import { consoleSinkProvider } from "./console/console-sink";
import { kinesisSourceProvider } from "./kinesis/provider";
import { kinesisSinkProvider } from "./kinesis/sink/provider";
import { memorySinkProvider, setMemoryTablePublisher } from "./memory/memory-sink";
import { noopSinkProvider } from "./noop/noop-sink";
import { memoryStreamProvider } from "./memory/memory-stream-source";
import { rateMicroBatchProvider } from "./rate/rate-micro-batch-source";
import { rateProvider } from "./rate/rate-source";
import { publishMemoryTable } from "./memory/publish-table";
import { registerFileFormats } from "./file/register-files";
// PySpark export: gives the engine's toPySpark() its renderer (registers itself on import).
import "./export/index";

/**
 * Registers every built-in source, sink and checkpoint store in the engine registry. Idempotent; called once
 * by the session / shell at start-up. Connectors add their lines here.
 */
export function registerBuiltins(): void {
  if (!findSource(rateProvider.name)) registerSource(rateProvider);
  if (!findSource(rateMicroBatchProvider.name)) registerSource(rateMicroBatchProvider);
  if (!findSource(memoryStreamProvider.name)) registerSource(memoryStreamProvider);
  if (!findSource(kinesisSourceProvider.name)) registerSource(kinesisSourceProvider);
  if (!findSink(consoleSinkProvider.name)) registerSink(consoleSinkProvider);
  if (!findSink(memorySinkProvider.name)) registerSink(memorySinkProvider);
  if (!findSink(noopSinkProvider.name)) registerSink(noopSinkProvider);
  if (!findSink(kinesisSinkProvider.name)) registerSink(kinesisSinkProvider);
  if (!findCheckpointStore(s3CheckpointStoreFactory.scheme)) registerCheckpointStore(s3CheckpointStoreFactory);
  if (!findCheckpointStore(dynamoDBCheckpointStoreFactory.scheme)) registerCheckpointStore(dynamoDBCheckpointStoreFactory);
  setMemoryTablePublisher(publishMemoryTable);
  registerFileFormats();
}

registerBuiltins();
