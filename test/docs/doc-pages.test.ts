import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Pages of docs/ whose ```ts blocks are whole programs: each runs as a user runs it (`tspark --no-local file.ts`, a
 * real process) and exits 0 without errors; a ```text block right after it is what it prints, exactly. Add a page
 * here when its code blocks are programs (README.md has its own, shell-driven test: readme.test.ts).
 */
const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "tspark.js");
const PAGES = ["docs/stateful.md", "docs/dataframe.md"];

interface Block {
  lang: string;
  code: string;
}

function blocks(md: string): Block[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]!.replace(/\n$/, "") }));
}

for (const page of PAGES) {
  describe(page, () => {
    const all = blocks(fs.readFileSync(path.join(ROOT, page), "utf8"));
    const programs = all.map((b, i) => ({ b, i })).filter(({ b }) => b.lang === "ts");
    it("has code blocks", () => expect(programs.length).toBeGreaterThan(0));
    for (const { b, i } of programs) {
      const expected = all[i + 1]?.lang === "text" ? all[i + 1]!.code : undefined;
      it(`code block ${i + 1} runs${expected === undefined ? "" : " and prints the text block after it"}`, () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tspark-doc-")), "block.ts");
        fs.writeFileSync(file, `${b.code}\n`);
        const r = spawnSync(process.execPath, [BIN, "--no-local", file], {
          encoding: "utf8",
          timeout: 90_000,
          env: { ...process.env, NO_COLOR: "1", TSPARK_HISTORY: "" },
        });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        if (expected !== undefined) expect(r.stdout.trimEnd()).toBe(expected.trimEnd()); // show() ends with a blank line
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }, 120_000);
    }
  });
}
