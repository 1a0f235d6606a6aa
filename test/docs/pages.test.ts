/**
 * The ```ts blocks of the docs pages a user copies into the shell piece by piece (docs/sql.md, docs/functions.md)
 * run: each page's blocks are one session, typed in order into one scope holding what the shell holds (`spark` and
 * the tspark exports: functions, Window, col, ...), and must not throw. What they print goes to a buffer.
 */
import { SESSION_PAGES } from "./doc-runs";
import { describe, expect, it } from "vitest";
import * as tspark from "../../src/index";
import { docBlocks, readDoc, runInProcess } from "../helpers/doc-blocks";


describe("docs pages: ts blocks run", () => {
  for (const page of SESSION_PAGES) {
    const blocks = docBlocks(readDoc(page)).filter((b) => b.lang === "ts");
    it(`${page} (${blocks.length} blocks)`, async () => {
      expect(blocks.length).toBeGreaterThan(0);
      // the shell's `spark` is the default session (a block importing it from ./src/engine/session gets the same)
      const spark = (await import("../../src/engine/session")).spark;
      // the blocks are one shell session: a name a block defines is seen by the next
      const printed = await runInProcess(blocks.map((b) => b.code).join("\n;\n"), { ...tspark, spark });
      expect(printed.length).toBeGreaterThan(0);
    });
  }
});
