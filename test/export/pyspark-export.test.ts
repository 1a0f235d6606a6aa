import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/connector/export/index";
import { alias, call, colRef, type lit } from "../../src/engine/expr/ast";
import { type PySparkPipeline, exportPipeline } from "../../src/engine/plan/to-pyspark";
import { StringType } from "../../src/engine/types/data-types";
import { blogPipeline, windowedPipeline } from "./pipelines";

const golden = (name: string) => readFileSync(join(__dirname, "golden", name), "utf8");

/** python3 is on the machine, pyspark is not: compile only (syntax), never run. */
function pyCompile(code: string): void {
  const dir = mkdtempSync(join(tmpdir(), "tspark-export-"));
  const file = join(dir, "job.py");
  writeFileSync(file, code);
  execFileSync("python3", ["-m", "py_compile", file], { stdio: "pipe" });
}

describe("PySpark export", () => {
  it("the blog pipeline becomes the blog's program, with placeholders for the local-only values", () => {
    const out = exportPipeline(blogPipeline, { fileName: "blog.py" });
    expect(out.code).toBe(golden("blog.py"));
    expect(out.warnings).toEqual([]);
    expect(out.submit).toBe("spark-submit blog.py");
    pyCompile(out.code);
  });

  it("a windowed aggregation keeps watermark, window, trigger and output mode", () => {
    const out = exportPipeline(windowedPipeline, { fileName: "windowed.py" });
    expect(out.code).toBe(golden("windowed.py"));
    pyCompile(out.code);
  });

  it("a file sink keeps its format, partitionBy and path (the blog, landed: #18.6)", () => {
    const p: PySparkPipeline = {
      ...blogPipeline,
      sink: { format: "parquet", outputMode: "append", partitionBy: ["day"], options: [["path", "s3://tspark-lake/events/"]] },
    };
    const out = exportPipeline(p);
    expect(out.code).toContain('.format("parquet") \\\n    .partitionBy("day") \\\n    .outputMode("append")');
    expect(out.code).toContain('.option("path", "s3://tspark-lake/events/")');
    pyCompile(out.code);
  });

  it("uses the connector's exact option names and leaves tspark-only options and local keys out, saying so", () => {
    const p: PySparkPipeline = {
      ...blogPipeline,
      source: {
        format: "AWS-Kinesis",
        options: [
          ["KINESIS.STREAMNAME", "s"],
          ["kinesis.maxfetchtimepershardsec", "10"],
          ["kinesis.consumerArn", "arn:aws:kinesis:local"],
          ["kinesis.awsAccessKeyId", "AKIDLOCAL"],
          ["kinesis.awsSecretKey", "local"],
        ],
      },
    };
    const out = exportPipeline(p);
    expect(out.code).toContain('.option("kinesis.streamName", "s")');
    expect(out.code).toContain('.option("kinesis.maxFetchTimePerShardSec", "10")');
    expect(out.code).not.toContain("AKIDLOCAL");
    expect(out.code).not.toContain('.option("kinesis.consumerArn"');
    expect(out.warnings).toEqual([
      "option kinesis.consumerArn (source) is tspark-only: the connector does not know it, left out",
      "option kinesis.awsAccessKeyId: the local emulator's static key was left out; the cluster's IAM role is used",
      "option kinesis.awsSecretKey: the local emulator's static key was left out; the cluster's IAM role is used",
    ]);
    expect(out.code).toContain("# WARNING: option kinesis.consumerArn (source) is tspark-only");
    pyCompile(out.code);
  });

  it("keeps real AWS endpoints and S3 checkpoints as they are", () => {
    const p: PySparkPipeline = {
      ...blogPipeline,
      source: { format: "aws-kinesis", options: [["kinesis.region", "eu-west-1"], ["kinesis.streamName", "s"], ["kinesis.endpointUrl", "https://kinesis.eu-west-1.amazonaws.com"]] },
      sink: { ...blogPipeline.sink!, options: [...blogPipeline.sink!.options.slice(0, 3), ["checkpointLocation", "s3://my-bucket/cp"]] },
    };
    const out = exportPipeline(p);
    expect(out.code).toContain('.option("kinesis.region", "eu-west-1")');
    expect(out.code).toContain('.option("kinesis.endpointUrl", "https://kinesis.eu-west-1.amazonaws.com")');
    expect(out.code).toContain('.option("checkpointLocation", "s3://my-bucket/cp")');
  });

  it("reports what it cannot translate (comment + warning) instead of dropping it", () => {
    const udf = Object.freeze({ kind: "Literal", value: (x: number) => x + 1, dataType: StringType() }) as unknown as ReturnType<typeof lit>;
    const p: PySparkPipeline = {
      source: blogPipeline.source,
      steps: [
        { op: "project", exprs: [alias(call("my_udf", [colRef(["data"]), udf]), "x")] },
        { op: "unsupported", what: "MapGroupsWithState", reason: "no PySpark translation for this operation" },
      ],
      sink: { format: "foreachBatch", outputMode: "append", options: [] },
    };
    const out = exportPipeline(p);
    expect(out.warnings).toEqual([
      "not translated: literal function value of type string has no SQL form",
      "not translated: MapGroupsWithState: no PySpark translation for this operation",
      "not translated: foreachBatch runs a TypeScript function; write the Python function by hand",
    ]);
    expect(out.code).toContain("# TODO (not translated): MapGroupsWithState: no PySpark translation for this operation");
    expect(out.code).toContain("# TODO (not translated): literal function value of type string has no SQL form");
    expect(out.code).toContain("foreachBatch(process_batch)");
    pyCompile(out.code);
  });
});
