/**
 * docs/session-windows.md as a reader runs it: each ```ts block is a `tspark file.ts` script (a real process, the
 * preloaded names and `import ... from "tspark"`), and the ```text block that follows it is part of what it prints.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "../..");
const PAGE = readFileSync(path.join(ROOT, "docs/session-windows.md"), "utf8");
const blocks = [...PAGE.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));

/** Each ts block with the text block after it (before the next ts block). */
const examples = blocks.flatMap((b, i) => {
  if (b.lang !== "ts") return [];
  const next = blocks.slice(i + 1).find((x) => x.lang === "ts" || x.lang === "text");
  return [{ code: b.code, output: next?.lang === "text" ? next.code : null }];
});

describe("docs/session-windows.md", () => {
  it("has its examples", () => {
    expect(examples.length).toBe(2);
    expect(examples.every((e) => e.output !== null)).toBe(true);
  });

  for (const [i, ex] of examples.entries()) {
    it(`example ${i + 1} runs and prints what the page shows`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), "tspark-doc-"));
      try {
        const file = path.join(dir, `example${i + 1}.ts`);
        writeFileSync(file, ex.code);
        const r = spawnSync(process.execPath, [path.join(ROOT, "bin/tspark.js"), "--no-local", file], {
          encoding: "utf8",
          timeout: 120_000,
          env: { ...process.env, NO_COLOR: "1", TSPARK_HISTORY: "" },
        });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(r.stdout).toContain(ex.output!);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 150_000);
  }
});
