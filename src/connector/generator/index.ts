/**
 * Data generator (Kinesis Data Generator templates) and record viewer.
 *
 *   startGenerator(conn, { streams, template: "blog" | text, rate, count?, durationMs?, seed?, partitionKeyField? })
 *     -> { status(), stop(): Promise<summary>, done }
 *   peekRecords(conn, stream, { shardId?, from?: "LATEST" | "TRIM_HORIZON" | "AT_TIMESTAMP <iso>", n? }) -> PeekedRecord[]
 *   formatPeek(records) -> table text as the AWS console's Data viewer shows it
 *   compileTemplate(text) -> checked template; renderSample(text, n, seed) -> rendered records
 */
export { type GeneratorHandle, type GeneratorOptions, type GeneratorStatus, type GeneratorSummary, startGenerator } from "./generator";
export { decodeData, formatPeek, type PeekOptions, type PeekedRecord, peekRecords } from "./peek";
export { BLOG_TEMPLATE, BUILT_IN_TEMPLATES, type CompiledTemplate, compileTemplate, renderSample, resolveTemplate } from "./template";
export { TemplateError } from "./template-parser";
