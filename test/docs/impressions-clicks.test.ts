/**
 * docs/examples/impressions-clicks.ts, the Programming Guide's ad impressions / clicks stream-stream join (#17.6),
 * runs as the docs say (`npx tspark docs/examples/impressions-clicks.ts`: a real tspark process) and prints exactly
 * the output block docs/joins.md shows under "The guide's example: ad impressions and clicks".
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

function documentedOutput(): string {
  const md = readFileSync(join(ROOT, "docs/joins.md"), "utf8");
  const section = md.slice(md.indexOf("### The guide's example: ad impressions and clicks"));
  const m = /^```text\n([\s\S]*?)^```$/m.exec(section);
  if (!m) throw new Error("docs/joins.md: no ```text block in the impressions/clicks section");
  return m[1]!;
}

describe("docs/examples/impressions-clicks.ts", () => {
  it("runs with npx tspark and prints the output docs/joins.md shows", () => {
    // --no-local: the example reads generated streams only, so the embedded AWS services are not needed
    const r = spawnSync(process.execPath, [join(ROOT, "bin/tspark.js"), "--no-local", "--no-ui", "docs/examples/impressions-clicks.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
      env: { ...process.env, NO_COLOR: "1", TSPARK_HISTORY: "" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd()).toBe(documentedOutput().trimEnd());
  }, 300_000);
});
