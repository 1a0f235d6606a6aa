import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(__dirname, "..", "..", "bin", "tspark.js");

/** `tspark file.ts` as a user runs it: a real process, its exit code and its exact output. */
function tspark(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", TSPARK_HISTORY: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scriptFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "tspark-script-")), name);
  writeFileSync(file, text);
  return file;
}

describe("tspark file.ts", () => {
  it("runs a TypeScript file with the preloaded names and exits 0", () => {
    const file = scriptFile(
      "ok.ts",
      [
        'import { Trigger as T } from "tspark";',
        "const ms: number = await Promise.resolve(T.ProcessingTime('2 seconds').intervalMs);",
        "console.log('interval', ms, typeof spark, typeof Trigger);",
      ].join("\n"),
    );
    const r = tspark(["--no-local", file]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("interval 2000 object object\n");
    expect(r.code).toBe(0);
  });

  it("runs a streaming query to its end (AvailableNow) with the same console output, then exits 0", () => {
    const file = scriptFile(
      "counts.ts",
      [
        'const input = new MemoryStream("word STRING", spark);',
        'input.addData("a", "b", "a");',
        "// No awaitTermination: the script ends when its queries do.",
        'input.toDF().groupBy("word").count().orderBy("word").writeStream.outputMode("complete")',
        '  .format("console").trigger({ availableNow: true }).start();',
      ].join("\n"),
    );
    const r = tspark(["--no-local", file]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+----+-----+",
        "|word|count|",
        "+----+-----+",
        "|   a|    2|",
        "|   b|    1|",
        "+----+-----+",
        "",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(0);
  });

  it("Ctrl-C (SIGINT) stops the script's endless query cleanly and exits 130", async () => {
    const file = scriptFile(
      "endless.ts",
      'spark.readStream.format("rate").option("rowsPerSecond", 5).load().writeStream.format("console").start();\n',
    );
    const child = spawn(process.execPath, [BIN, "--no-local", file], {
      env: { ...process.env, NO_COLOR: "1", TSPARK_HISTORY: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const started = Date.now();
    while (!stdout.includes("Batch: 0")) {
      if (Date.now() - started > 30_000) throw new Error(`no batch printed:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toBe("Interrupted: stopping queries.\n");
  });

  it("exits 1 with one clear message when the script throws", () => {
    const file = scriptFile("bad.ts", "const x = 1;\nTrigger.ProcessingTime('soon');\nconsole.log('not reached');\n");
    const r = tspark(["--no-local", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    // One block, then where in the user's file (not tspark's stack): the script's own line.
    expect(r.stderr).toMatch(/^IllegalArgumentException: Invalid interval: 'soon'\. .*\n {4}at \S+bad\.ts:2\n$/);
  });

  it("a runtime error names the file and line of the user's script, also inside a function", () => {
    const file = scriptFile("deep.ts", ["interface T { a: number }", "function f(): T {", '  throw new Error("inner");', "}", "console.log('before');", "f();"].join("\n"));
    const r = tspark(["--no-local", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("before\n");
    expect(r.stderr).toBe(`Error: inner\n    at ${file}:3\n`);
  });

  it("a query that fails makes the script print its error once and exit 1, awaited or not (#21.1)", () => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-script-fail-"));
    const query = `spark.readStream.format("rate").load().writeStream.option("checkpointLocation", ${JSON.stringify(join(dir, "ck"))}).foreachBatch(() => { throw new Error("boom") }).start()`;
    for (const [name, text] of [
      ["x.ts", `${query}\n`],
      ["awaited.ts", `const q = ${query}\nawait q.awaitTermination()\n`],
    ] as const) {
      const r = tspark(["--no-local", scriptFile(name, text)]);
      expect(r.code, name).toBe(1);
      // Spark's text (STREAM_FAILED), once, with one space after "Query".
      expect(r.stderr, name).toMatch(/^StreamingQueryException: Query \[id = [0-9a-f-]{36}, runId = [0-9a-f-]{36}\] terminated with exception: boom/);
      expect(r.stderr.match(/terminated with exception/g), name).toHaveLength(1);
      expect(r.stderr, name).not.toContain("    at ");
    }
  });

  it(".py: statements run in order, awaitTermination() included; a failed query stops the script with one clear error (#15.5)", () => {
    const ordered = scriptFile(
      "ordered.py",
      [
        'q = spark.readStream.format("rate").load().writeStream.format("console").trigger(availableNow=True).start()',
        "q.awaitTermination()",
        'print("done, active:", q.isActive)',
      ].join("\n"),
    );
    const ok = tspark(["--no-local", ordered]);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe("done, active: false\n");
    expect(ok.code).toBe(0);

    const failing = scriptFile(
      "race.py",
      [
        'df = spark.readStream.format("rate").option("rowsPerSecond", 5).load()',
        "df.selectExpr(\"raise_error('bad row')\").writeStream.format(\"console\").start().awaitTermination()",
        'print("done")',
      ].join("\n"),
    );
    const r = tspark(["--no-local", failing]);
    expect(r.stdout).not.toContain("done");
    expect(r.stderr).toMatch(/^StreamingQueryException: Query \[id = [^\]]+\] terminated with exception: \[USER_RAISED_EXCEPTION\] bad row/);
    expect(r.stderr).not.toContain("    at ");
    expect(r.code).toBe(1);
  });

  it("a TypeScript script that drops the promise of a failing query still fails with one clear error", () => {
    const file = scriptFile(
      "dropped.ts",
      [
        "spark.readStream.format(\"rate\").load().selectExpr(\"raise_error('bad row')\").writeStream.format(\"console\").start().awaitTermination()",
        'console.log("done")',
      ].join("\n"),
    );
    const r = tspark(["--no-local", file]);
    expect(r.stdout).toBe("done\n"); // TypeScript does not wait for an unawaited promise; the script does, at its end
    expect(r.stderr.match(/terminated with exception/g)).toHaveLength(1);
    expect(r.stderr).not.toContain("    at ");
    expect(r.code).toBe(1);
  });

  it("--aws with no credentials anywhere: a warning at start, and the query's error says none were found and where they are looked for", () => {
    const home = mkdtempSync(join(tmpdir(), "tspark-nohome-"));
    const ck = join(home, "ck");
    const file = scriptFile(
      "aws.ts",
      `const q = await spark.readStream.format("aws-kinesis").option("kinesis.streamName", "s").load().writeStream.format("console").option("checkpointLocation", ${JSON.stringify(ck)}).start();\nawait q.awaitTermination();\n`,
    );
    const env: Record<string, string> = { NO_COLOR: "1", TSPARK_HISTORY: "", HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_") && !(k in env) && v !== undefined) env[k] = v;
    const r = spawnSync(process.execPath, [BIN, "--aws", "--region", "us-east-1", file], { encoding: "utf8", timeout: 60_000, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Warning: --aws, but no AWS credentials were found in the environment/);
    expect(r.stderr).toContain("No AWS credentials were found. tspark looks in the options kinesis.awsAccessKeyId");
    expect(r.stderr).toContain("~/.aws/credentials");
    expect(r.stderr).not.toContain("rejected");
  });

  it("runs a .py file through the PySpark translator", () => {
    const file = scriptFile("hello.py", "# a comment\nx = None\nprint('x is', x, True)\n");
    const r = tspark(["--no-local", file]);
    expect(r.stdout).toBe("x is null true\n");
    expect(r.code).toBe(0);
  });

  it("--help prints the usage and unknown flags fail with exit code 2", () => {
    const help = tspark(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: tspark [options] [script.ts|script.py [args...]]");
    const bad = tspark(["--frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("tspark: Unknown option --frobnicate (see --help)\n");
  });
});
