/**
 * "Every snippet a user reads runs": each ```ts block of every page under docs/ is run by one of the docs tests,
 * as test/docs/doc-runs.ts lists them. A new page or block fails here until it is given a way to run (or, if it is
 * not code a reader runs, such as a list of signatures, a fence other than ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { docBlocks, readDoc, ROOT, section } from "../helpers/doc-blocks";
import { ELSEWHERE, PROGRAM_PAGES, SECTIONS, SESSION_PAGES, TYPED } from "./doc-runs";

function pages(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return pages(rel);
    return e.name.endsWith(".md") ? [rel] : [];
  });
}

/** The ts blocks of a page, numbered from 1, as "page#n" -> code. */
function tsBlocks(page: string): Map<string, string> {
  const blocks = docBlocks(readDoc(page)).filter((b) => b.lang === "ts");
  return new Map(blocks.map((b, i) => [`${page}#${i + 1}`, b.code]));
}

describe("docs/: every ts block runs in a test", () => {
  const all = new Map(pages("docs").flatMap((p) => [...tsBlocks(p)]));
  const covered = new Set<string>();
  for (const [page, numbers] of Object.entries(TYPED)) for (const n of numbers) covered.add(`${page}#${n}`);
  for (const page of [...Object.keys(PROGRAM_PAGES), ...SESSION_PAGES]) for (const id of tsBlocks(page).keys()) covered.add(id);
  for (const [page, heading] of SECTIONS) {
    const inSection = new Set(docBlocks(section(readDoc(page), heading)).filter((b) => b.lang === "ts").map((b) => b.code));
    for (const [id, code] of tsBlocks(page)) if (inSection.has(code)) covered.add(id);
  }
  for (const key of Object.keys(ELSEWHERE)) {
    if (key.includes("#")) covered.add(key);
    else for (const id of tsBlocks(key).keys()) covered.add(id);
  }

  it("finds the pages' blocks", () => {
    expect(all.size).toBeGreaterThan(20);
  });

  it("no ts block is left unrun", () => {
    const unrun = [...all.keys()].filter((id) => !covered.has(id));
    expect(unrun, "give these blocks a runner in test/docs/doc-runs.ts").toEqual([]);
  });

  it("every listed block exists", () => {
    const missing = [...covered].filter((id) => !all.has(id));
    expect(missing).toEqual([]);
  });

  it("the tests named for blocks run elsewhere read those pages", () => {
    for (const [key, test] of Object.entries(ELSEWHERE)) {
      const page = key.split("#")[0]!;
      expect(fs.readFileSync(path.join(ROOT, test), "utf8"), `${test} runs ${key}`).toContain(page);
    }
  });

  it("every python block is a program tspark exports, as the export goldens hold it", () => {
    const goldens = fs.readdirSync(path.join(ROOT, "test/export/golden")).map((f) => fs.readFileSync(path.join(ROOT, "test/export/golden", f), "utf8"));
    for (const page of pages("docs")) {
      for (const b of docBlocks(readDoc(page)).filter((x) => x.lang === "python")) {
        expect(goldens.some((g) => g.includes(b.code)), `${page}: a python block that is in no test/export/golden/ file`).toBe(true);
      }
    }
  });

  it("every npm script and npx tspark file a sh block names exists", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const page of pages("docs")) {
      for (const line of docBlocks(readDoc(page)).filter((b) => b.lang === "sh").flatMap((b) => b.code.split("\n"))) {
        const run = /^npm run ([\w:-]+)/.exec(line);
        if (run) expect(scripts, `${page}: ${line}`).toHaveProperty(run[1]!);
        const npx = /^npx tspark (\S+\.ts)/.exec(line);
        if (npx) expect(fs.existsSync(path.join(ROOT, npx[1]!)), `${page}: ${line}`).toBe(true);
      }
    }
  });
});
