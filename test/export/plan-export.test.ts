import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import "../../src/connector/export/index";
import { alias, call, cast, colRef, lit, sortOrder, star } from "../../src/engine/expr/ast";
import { type LogicalPlan, node } from "../../src/engine/plan/nodes";
import { planToPipeline, rememberQueryDefinition } from "../../src/engine/plan/to-pyspark";
import { StringType } from "../../src/engine/types/data-types";
import { StructType } from "../../src/engine/types/struct-type";
import { type Driven, driveShell } from "../shell/helpers/drive";
import { blogPipeline, blogSchema } from "./pipelines";

/** The blog's DataFrame chain as the engine's plan nodes (what DataFrame methods build). */
function blogPlan(): LogicalPlan {
  const relation = node({
    kind: "StreamingRelation",
    id: 1,
    format: "aws-kinesis",
    options: new Map(blogPipeline.source!.options.map(([k, v]) => [k, v])),
    schema: StructType(),
  });
  const json = node({ kind: "Project", child: relation, exprs: [alias(cast(colRef(["data"]), StringType()), "jsonData")] });
  const parsed = node({ kind: "Project", child: json, exprs: [alias(call("from_json", [colRef(["jsonData"]), lit(blogSchema, blogSchema)]), "events")] });
  const flat = node({ kind: "Project", child: parsed, exprs: [star(["events"])] });
  return node({
    kind: "Project",
    child: flat,
    exprs: [alias(cast(colRef(["id"]), StringType()), "partitionKey"), colRef(["data"]), colRef(["date"])],
  });
}

describe("plan → PySpark", () => {
  it("walks the engine's plan nodes from the source up, in the order the user wrote them", () => {
    const p = planToPipeline(blogPlan());
    expect(p.source).toEqual({ format: "aws-kinesis", options: blogPipeline.source!.options });
    expect(p.steps).toEqual(blogPipeline.steps);
  });

  it("reports plan kinds it cannot export, and sorts/limits/dedups as DataFrame calls", () => {
    const rel = node({ kind: "StreamingRelation", id: 1, format: "rate", options: new Map(), schema: StructType() });
    const other = node({ kind: "LocalRelation", schema: StructType(), rows: [] });
    const union = node({ kind: "Union", children: [rel, other], byName: false, distinct: false });
    expect(planToPipeline(union).steps).toEqual([{ op: "unsupported", what: "Union", reason: "plans with more than one input are not exported yet" }]);
    const chain = node({
      kind: "Limit",
      n: 5,
      child: node({ kind: "Sort", orders: [sortOrder(colRef(["value"]), false)], child: node({ kind: "Deduplicate", keys: ["value"], child: rel }) }),
    });
    expect(planToPipeline(chain).steps.map((s) => s.op)).toEqual(["dedup", "sort", "limit"]);
  });
});

describe(".export in the shell", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it("writes the program of a running query to a file and prints its spark-submit line, per --target", async () => {
    const query = { id: "5a5a5a5a-0000", name: "to-sink", isActive: true, stop() {} };
    rememberQueryDefinition(query, blogPlan(), blogPipeline.sink!);
    d = driveShell({ session: { streams: { active: [query] } } });
    const dir = mkdtempSync(join(tmpdir(), "tspark-export-cmd-"));
    const file = join(dir, "blog.py");
    d.line(`.export to-sink ${file}`);
    const out = await d.waitFor("spark-submit");
    expect(out).toContain(`Wrote ${file}`);
    expect(out).toContain("Run it on the cluster with:\n  spark-submit blog.py");
    const expected = readFileSync(join(__dirname, "golden", "blog.py"), "utf8").replace(
      "# PySpark program exported by tspark.",
      "# PySpark program exported by tspark from to-sink.",
    ).replace('appName("tspark-export")', 'appName("to-sink")');
    expect(readFileSync(file, "utf8")).toBe(expected);
    const t = d.mark();
    d.line(`.export to-sink ${join(dir, "spark4.py")} --target spark-4`);
    await d.waitFor("spark-submit --jars spark-streaming-sql-kinesis-connector_2.13-2.0.0.jar spark4.py", { from: t });
    expect(readFileSync(join(dir, "spark4.py"), "utf8")).toContain("# Run it on a Spark 4 cluster with the Kinesis connector:");
    const bad = d.mark();
    d.line(".export to-sink --target emr-6");
    await d.waitFor("Unknown export target 'emr-6': use --target emr-7, --target spark-3.5, --target spark-4", { from: bad });
    const m = d.mark();
    d.line(".export nothing-here");
    await d.waitFor("No query or DataFrame named 'nothing-here'. Active queries: to-sink.", { from: m });
  });
});

describe("schemas given as DDL text", () => {
  it("from_json with the DDL string functions.from_json stores still exports a StructType variable", async () => {
    const { exportPipeline } = await import("../../src/engine/plan/to-pyspark");
    const ddl = blogSchema.toDDL();
    const steps = blogPipeline.steps.map((s, i) =>
      i === 1 ? { op: "project" as const, exprs: [alias(call("from_json", [colRef(["jsonData"]), lit(ddl, StringType())]), "events")] } : s,
    );
    const out = exportPipeline({ ...blogPipeline, steps }, { fileName: "blog.py" });
    expect(out.code).toBe(readFileSync(join(__dirname, "golden", "blog.py"), "utf8"));
  });
});
