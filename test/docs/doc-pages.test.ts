/**
 * Pages of docs/ whose ```ts blocks are whole programs: each runs as a user runs it (`tspark --no-local file.ts`, a
 * real process, the preloaded names and `import ... from "tspark"`) and exits 0 without writing to stderr. Where a
 * ```text block follows it, that is what it prints: exactly, or (for pages showing only the tables of a longer
 * output) as a part of it. Add a page here when its code blocks are programs.
 */
import { PROGRAM_PAGES } from "./doc-runs";
import { describe, expect, it } from "vitest";
import { docBlocks, examples, readDoc, runDocScript } from "../helpers/doc-blocks";



describe.each(Object.entries(PROGRAM_PAGES))("%s", (page, compare) => {
  const found = examples(docBlocks(readDoc(page)));
  it("has code blocks", () => expect(found.length).toBeGreaterThan(0));
  for (const [i, ex] of found.entries()) {
    it(`code block ${i + 1} runs${ex.output === undefined ? "" : " and prints the text block after it"}`, () => {
      const r = runDocScript(ex.code);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      if (ex.output === undefined) return;
      // show() ends with a blank line, which a text block leaves out
      if (compare === "exact") expect(r.stdout.trimEnd()).toBe(ex.output.trimEnd());
      else expect(r.stdout).toContain(ex.output);
    }, 150_000);
  }
});
