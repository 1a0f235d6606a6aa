import type { CheckpointStoreFactory } from "./checkpoint/checkpoint-store";
import type { SinkProvider } from "./exec/sink";
import type { SourceProvider } from "./exec/source";

/**
 * Format name -> provider. Connectors register themselves here (src/connector/register.ts);
 * the engine looks names up case-insensitively, as Spark's DataSource lookup does.
 */
const sources = new Map<string, SourceProvider>();
const sinks = new Map<string, SinkProvider>();
const stores = new Map<string, CheckpointStoreFactory>();

export function registerSource(provider: SourceProvider): void {
  sources.set(provider.name.toLowerCase(), provider);
}

export function registerSink(provider: SinkProvider): void {
  sinks.set(provider.name.toLowerCase(), provider);
}

export function registerCheckpointStore(factory: CheckpointStoreFactory): void {
  stores.set(factory.scheme.toLowerCase(), factory);
}

export function findSource(name: string): SourceProvider | undefined {
  return sources.get(name.toLowerCase());
}

export function findSink(name: string): SinkProvider | undefined {
  return sinks.get(name.toLowerCase());
}

export function findCheckpointStore(scheme: string): CheckpointStoreFactory | undefined {
  return stores.get(scheme.toLowerCase());
}

export function sourceNames(): string[] {
  return [...sources.keys()].sort();
}

export function sinkNames(): string[] {
  return [...sinks.keys()].sort();
}
