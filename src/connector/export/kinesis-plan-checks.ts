/**
 * What an exported Kinesis program would do differently on the connector, found in the pipeline itself (the
 * options are kinesis-options.ts' job): columns tspark's source has and the connector's does not, a trigger the
 * connector does not support, an output mode its sink refuses. Each becomes a warning in the program's header
 * and on screen; nothing is left to fail on the cluster unannounced.
 */
import type { Expr } from "../../engine/expr/ast";
import type { PySparkPipeline, PySparkStep } from "../../engine/plan/to-pyspark";

const KINESIS = "aws-kinesis";

/** The connector's read schema (client/KinesisClientFactory.scala). */
export const CONNECTOR_COLUMNS: readonly string[] = ["data", "streamName", "partitionKey", "sequenceNumber", "approximateArrivalTimestamp"];
/** tspark's source adds these (src/connector/kinesis/schema.ts). */
const TSPARK_ONLY_COLUMNS: readonly string[] = ["shardId"];

export function kinesisPlanWarnings(p: PySparkPipeline): string[] {
  const warnings: string[] = [];
  const kinesisSource = p.source?.format.toLowerCase() === KINESIS;
  if (kinesisSource) {
    for (const c of tsparkOnlyColumnsUsed(p.steps)) {
      warnings.push(
        `column ${c} is tspark's (the connector's source has only ${CONNECTOR_COLUMNS.join(", ")}; connector PR #68): the program fails with UNRESOLVED_COLUMN until it is removed`,
      );
    }
    if (p.sink?.trigger?.kind === "AvailableNow") {
      warnings.push(
        "trigger(availableNow=True) is not supported by the connector (README, Known Limitations): exported as trigger(once=True), one batch of at most kinesis.maxFetchRecordsPerShard records per shard (100000 by default), then the query stops",
      );
    }
  }
  if (p.sink?.format.toLowerCase() === KINESIS && p.sink.outputMode.toLowerCase() !== "append") {
    warnings.push(`output mode ${p.sink.outputMode}: the connector's sink takes Append only ("OutputMode ${p.sink.outputMode} not supported.")`);
  }
  return warnings;
}

/**
 * Names of tspark-only source columns the steps refer to while the source's columns are still in scope: until
 * the first projection that does not keep them (a `select("*")` keeps them).
 */
function tsparkOnlyColumnsUsed(steps: readonly PySparkStep[]): string[] {
  const found = new Set<string>();
  for (const step of steps) {
    for (const e of stepExprs(step)) visit(e, found);
    if (step.op === "dedup") for (const c of step.columns ?? []) note(c, found);
    if (step.op === "watermark") note(step.column, found);
    if (step.op === "project" && !step.exprs.some((e) => e.kind === "Star" && e.target === null)) break;
    if (step.op === "aggregate") break;
  }
  return [...found];
}

function note(name: string, found: Set<string>): void {
  const hit = TSPARK_ONLY_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
  if (hit) found.add(hit);
}

function stepExprs(step: PySparkStep): readonly Expr[] {
  switch (step.op) {
    case "project":
      return step.exprs;
    case "filter":
      return [step.condition];
    case "aggregate":
      return [...step.keys, ...step.aggs, ...(step.having ? [step.having] : [])];
    case "sort":
      return step.orders;
    case "expand":
      return [step.generator];
    default:
      return [];
  }
}

function visit(e: unknown, found: Set<string>): void {
  if (typeof e !== "object" || e === null) return;
  const node = e as { kind?: unknown; parts?: readonly string[] };
  if (node.kind === "ColumnRef" && node.parts && node.parts.length === 1) note(node.parts[0]!, found);
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) for (const x of v) visit(x, found);
    else if (typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string") visit(v, found);
  }
}
