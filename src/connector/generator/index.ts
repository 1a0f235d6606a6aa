/**
 * Data generator (Kinesis Data Generator templates) and record viewer. The API the shell's `.generate` and `.peek`
 * commands wire to (documented in docs/generator.md as well):
 *
 *   startGenerator(conn: AwsConnection, opts: GeneratorOptions): GeneratorHandle
 *     opts: { streams: string[]; template: "blog" | <template text>; rate: number (records/s per stream);
 *             count?: number (per stream, exact); durationMs?: number; seed?: number; partitionKeyField?: string;
 *             onProgress?(s: GeneratorStatus): void (~every 500 ms); onError?(e: unknown): void; client?: KinesisClient }
 *     handle: { status(): GeneratorStatus; stop(): Promise<GeneratorSummary>; done: Promise<GeneratorSummary> }
 *     GeneratorStatus = GeneratorSummary: { running, streams, sent, retried, failed, elapsedMs, targetRate,
 *             achievedRate, recentRate, throttled, skippedBySelfThrottle, lastError? }
 *   peekRecords(conn, stream, { shardId?, from?: "LATEST" | "TRIM_HORIZON" | "AT_TIMESTAMP <iso>", n? = 20 })
 *     : Promise<PeekedRecord[]>   (PeekedRecord: { shardId, sequenceNumber, partitionKey, arrival?: Date, data: Uint8Array })
 *   formatPeek(records): string   the AWS console Data viewer's table (JSON/UTF-8 decoded, base64 otherwise)
 *   parseGenerateArgs(words | line) -> { options, endpoint?, region?, aws, shards, ... }   (`.generate start ...`)
 *   parsePeekArgs(words | line) -> { stream, options }                                      (`.peek ...`)
 *   formatGeneratorStatus(status) / formatGeneratorSummary(summary): the progress line and the final summary
 *   ensureStream(conn, name, shards?): creates a missing stream on a local endpoint, errors on AWS
 *   compileTemplate(text) -> checked template; renderSample(text, n, seed) -> rendered records
 */
export { type GeneratorHandle, type GeneratorOptions, type GeneratorStatus, type GeneratorSummary, startGenerator } from "./generator";
export { decodeData, formatPeek, type PeekOptions, type PeekedRecord, peekRecords } from "./peek";
export { BLOG_TEMPLATE, BUILT_IN_TEMPLATES, type CompiledTemplate, compileTemplate, renderSample, resolveTemplate } from "./template";
export { TemplateError } from "./template-parser";
export {
  type GenerateCommand,
  GENERATE_USAGE,
  PEEK_USAGE,
  formatGeneratorStatus,
  formatGeneratorSummary,
  parseDuration,
  parseGenerateArgs,
  parsePeekArgs,
  splitArgs,
} from "./cli-args";
export { ensureStream } from "./ensure-stream";
