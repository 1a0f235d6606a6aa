/**
 * Sections of docs pages whose ```ts blocks are run in this process with the shell's preloaded names (`spark`,
 * `window`, `expr`, `MemoryStream` ...): the chained-operator sections of docs/engine.md and docs/joins.md, the
 * stream-testing helpers of docs/streaming.md, the embedded services' API of docs/local-aws.md. What a block prints
 * is compared with the ```text block right after it, when there is one. Paths under /tmp/ become a fresh folder.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SECTIONS } from "./doc-runs";
import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import { SparkSession } from "../../src/engine/session";
import { preloadedNames } from "../../src/shell/globals";
import { docBlocks, readDoc, runInProcess, section } from "../helpers/doc-blocks";
import { streamingSession } from "../helpers/stream-test";



describe.each(SECTIONS)("%s, section %s", (page, heading) => {
  const found = docBlocks(section(readDoc(page), heading));
  it("has a ts block", () => {
    expect(found.some((b) => b.lang === "ts")).toBe(true);
  });
  for (const [i, b] of found.entries()) {
    if (b.lang !== "ts") continue;
    const printed = found[i + 1]?.lang === "text" ? found[i + 1]!.code : undefined;
    it(`block ${i} runs${printed === undefined ? "" : " and prints what the page shows"}`, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-doc-section-"));
      try {
        const names = preloadedNames(streamingSession(new SparkSession()));
        const out = await runInProcess(b.code.replaceAll('"/tmp/', `"${tmp}/`), names);
        // SECTIONS_DUMP=/tmp/x writes what each block printed, to refresh a page's ```text block after a change
        if (process.env.SECTIONS_DUMP) fs.writeFileSync(`${process.env.SECTIONS_DUMP}-${path.basename(page)}-${i}.txt`, out);
        if (printed !== undefined) expect(out).toBe(`${printed}\n`);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }, 120_000);
  }
});

