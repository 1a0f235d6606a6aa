/**
 * The ```ts blocks of docs pages written to be typed at the `tspark>` prompt run as a reader types them: line by
 * line into one shell (leading-dot chains as written, a block seeing the names the blocks before it defined), on
 * the embedded services of the test run. After each block the output must hold no error.
 *
 * Two substitutions, as readme.test.ts makes: paths under /tmp/ become a fresh folder (a shared machine must not
 * meet what another run left in /tmp/lake), and a page that continues another page's example gets that example's
 * names first (`PREAMBLE`), said here rather than hidden.
 */
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as DefaultConnection from "../../src/connector/aws/default-connection";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { testConnection } from "../helpers/aws";
import { docBlocks, readDoc } from "../helpers/doc-blocks";
import { type Driven, driveShell } from "../shell/helpers/drive";
import { TYPED } from "./doc-runs";



/** What a page's example continues from: kinesis-sink.md writes the `parsed` events of the blog's read side. */
const PREAMBLE: Record<string, string> = {
  "docs/kinesis-sink.md": 'const parsed = spark.readStream.format("rate").load().selectExpr("value AS device_id", "timestamp");',
};

const ERRORS = /Error|Exception|Invalid REPL keyword|continues a statement|is not a function|terminated with/;

/** Set the connection on the module instance the shell uses too (see demo.test.ts). */
function setDefaultConnection(c: AwsConnection | undefined): void {
  DefaultConnection.setDefaultConnection(c);
  (createRequire(__filename)("../../src/connector/aws/default-connection") as typeof DefaultConnection).setDefaultConnection(c);
}

describe.each(Object.entries(TYPED))("%s typed at the prompt", (page, numbers) => {
  let d: Driven | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-typed-doc-"));
  afterEach(async () => {
    if (d) {
      d.line("for (const q of spark.streams.active) await q.stop()");
      d.line('"stopped"');
      await d.waitFor("'stopped'").catch(() => undefined);
      await d.close();
    }
    d = undefined;
    setDefaultConnection(undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`blocks ${numbers.join(", ")} run without an error`, async () => {
    const blocks = docBlocks(readDoc(page)).filter((b) => b.lang === "ts");
    d = driveShell();
    setDefaultConnection(testConnection());
    const inputs = [...(PREAMBLE[page] ? [{ n: 0, code: PREAMBLE[page]! }] : []), ...numbers.map((n) => ({ n, code: blocks[n - 1]!.code }))];
    for (const { n, code } of inputs) {
      const mark = d.mark();
      for (const line of code.replaceAll('"/tmp/', `"${tmp}/`).split("\n")) d.line(line);
      d.line(`"end of block ${n}"`);
      const out = await d.waitFor(`'end of block ${n}'`, { from: mark, timeoutMs: 90_000 });
      if (process.env.TYPED_DOCS_DUMP) console.log(out);
      expect(out, `${page}, ts block ${n}`).not.toMatch(ERRORS);
    }
  }, 300_000);
});
