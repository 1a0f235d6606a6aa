/**
 * Bad file input in the shell (#18): a missing path, a FAILFAST malformed row and a schema that does not match the
 * files each print Spark's error naming the problem, and the shell keeps running (the next input is evaluated).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

describe("file errors in the shell", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it("PATH_NOT_FOUND, FAILFAST with file and line, a mismatched Parquet schema: clear errors, the shell goes on", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-shell-files-"));
    fs.writeFileSync(path.join(dir, "in.csv"), "1,a\n2\n");
    d = driveShell();
    let m = d.mark();
    d.line(`spark.read.json(${JSON.stringify(path.join(dir, "nope"))}).show()`);
    await d.waitFor(`[PATH_NOT_FOUND] Path does not exist: file:${path.join(dir, "nope")}.`, { from: m });
    m = d.mark();
    d.line(`spark.read.schema("n INT, s STRING").option("mode", "FAILFAST").csv(${JSON.stringify(path.join(dir, "in.csv"))}).show()`);
    await d.waitFor(new RegExp(`FAILED_READ_FILE\\.NO_HINT\\] Encountered error while reading file file:${dir}/in\\.csv, line 2`), { from: m });
    m = d.mark();
    d.line(`await spark.createDataFrame([["a"]], "x STRING").write.parquet(${JSON.stringify(path.join(dir, "p"))})`);
    d.line(`spark.read.schema("x INT").parquet(${JSON.stringify(path.join(dir, "p"))}).show()`);
    await d.waitFor(/PARQUET_COLUMN_DATA_TYPE_MISMATCH[^\n]*column x/, { from: m });
    m = d.mark();
    d.line("40 + 2");
    await d.waitFor("42", { from: m });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
