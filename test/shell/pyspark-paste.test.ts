import { describe, expect, it } from "vitest";
import { looksLikePython, translatePyspark } from "../../src/shell/pyspark-paste";

describe("pyspark paste translation", () => {
  it("translates the blog's schema snippet: imports, backslashes, assignment without const", () => {
    const src = [
      "from pyspark.sql.types import *",
      "",
      "pythonSchema = StructType() \\",
      ' .add("id", LongType()) \\',
      ' .add("data", StringType()) \\',
      ' .add("date", TimestampType())',
    ].join("\n");
    expect(translatePyspark(src)).toBe(
      [
        "// from pyspark.sql.types import * (names are preloaded)",
        "",
        "const pythonSchema = StructType() ",
        ' .add("id", LongType()) ',
        ' .add("data", StringType()) ',
        ' .add("date", TimestampType())',
      ].join("\n"),
    );
  });

  it("True/False/None become true/false/null, but not inside strings or after a dot", () => {
    expect(translatePyspark('x = None\ny = "True"\nz = a.None if False')).toContain("const x = null");
    expect(translatePyspark('x = None\ny = "True"')).toContain('const y = "True"');
    expect(translatePyspark("q = obj.None, True")).toBe("const q = obj.None, true");
  });

  it("keyword arguments: show() positional, awaitTermination seconds to ms, others a trailing object", () => {
    expect(translatePyspark("df.show(truncate=False)")).toBe("df.show(20, false)");
    expect(translatePyspark("df.show(5, truncate=False)")).toBe("df.show(5, false)");
    expect(translatePyspark("q.awaitTermination(timeout=10)")).toBe("q.awaitTermination((10) * 1000)");
    expect(translatePyspark("w.trigger(processingTime='2 seconds')")).toBe("w.trigger({ processingTime: '2 seconds' })");
    expect(translatePyspark('w.start(path="/tmp/x", queryName="q")')).toBe('w.start({ path: "/tmp/x", queryName: "q" })');
  });

  it("comments, triple-quoted strings, print, import aliases", () => {
    expect(translatePyspark("x = 1 # one")).toBe("const x = 1 // one");
    expect(translatePyspark('s = """a\nb"""')).toBe("const s = `a\nb`");
    expect(translatePyspark("print(q.lastProgress)")).toBe("console.log(q.lastProgress)");
    expect(translatePyspark("import pyspark.sql.functions as fn")).toBe(
      "const fn = functions; // import pyspark.sql.functions as fn (names are preloaded)",
    );
    expect(translatePyspark("from pyspark.sql import functions as F")).toBe(
      "const F = functions; // from pyspark.sql import functions as F (names are preloaded)",
    );
    expect(translatePyspark("import json")).toBe("// import json (Python module, not available in tspark)");
  });

  it("parenthesised chains across lines stay as they are", () => {
    const src = 'events = (kinesis  # source\n  .selectExpr("cast (data as STRING) jsonData")\n  .select("jsonData"))';
    expect(translatePyspark(src)).toBe(`const ${src.replace("# source", "// source")}`);
  });

  it("leaves TypeScript alone", () => {
    const ts = [
      'import { col } from "tspark";',
      "const q = await df.writeStream.format('console').start();",
      "class A { #hidden = 1; get x() { return this.#hidden } }",
      "const f = (a = 1) => a == 2;",
      "x = 3 // assignment",
    ].join("\n");
    expect(looksLikePython(ts)).toBe(false);
    expect(translatePyspark(ts)).toBe(ts);
  });
});

describe("pyspark paste: start() chains", () => {
  it("a call chained on start() goes through the promise tspark's start() returns", () => {
    const src = ['q = df.writeStream \\', '    .format("console") \\', "    .start() \\", "    .awaitTermination()"].join("\n");
    expect(translatePyspark(src)).toBe(
      ["const q = df.writeStream ", '    .format("console") ', "    .start().then((query) => query ", "    .awaitTermination())"].join("\n"),
    );
  });
});
