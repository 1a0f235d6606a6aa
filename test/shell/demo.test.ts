import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import * as DefaultConnection from "../../src/connector/aws/default-connection";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { testConnection } from "../helpers/aws";
import { type Driven, driveShell } from "./helpers/drive";

/** Country → count rows of the last console table printed. */
function lastCounts(out: string): Record<string, number> {
  const start = out.lastIndexOf("Batch: ");
  const table = out.slice(start).split("\n\n")[0]!;
  const counts: Record<string, number> = {};
  for (const m of table.matchAll(/^\|\s*(\w+)\|\s*(\d+)\|$/gm)) if (m[1] !== "data") counts[m[1]!] = Number(m[2]);
  return counts;
}


/**
 * The shell's modules reach default-connection through Node's require in this test environment, the test file
 * through vite: two module instances. Set the connection on the one the shell uses (in the real CLI there is one).
 */
function setDefaultConnection(c: AwsConnection | undefined): void {
  DefaultConnection.setDefaultConnection(c);
  // Resolvable once the shell has loaded (it installs the .ts loader).
  const shellSide = createRequire(__filename)("../../src/connector/aws/default-connection") as typeof DefaultConnection;
  shellSide.setDefaultConnection(c);
}

describe(".demo", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
    setDefaultConnection(undefined);
  });

  it("reaches the blog's per-country counts with .demo and Enter alone, on the embedded Kinesis", async () => {
    d = driveShell();
    setDefaultConnection(testConnection());
    d.line(".demo");
    await d.waitFor("Generator started");
    await d.waitFor("Step 1/11: The schema of the events");
    for (let step = 1; step <= 4; step++) {
      const m = d.mark();
      d.line(""); // Enter runs the step shown
      await d.waitFor(`Step ${step + 1}/11`, { from: m, timeoutMs: 30_000 });
    }
    // Step 4 started the counts query: batches of per-country counts appear above the prompt.
    const out = await d.waitFor(/Batch: \d+\n-+\n\+-+\+-+\+\n\|\s+data\|count\|[\s\S]*?\+\n\n/, { timeoutMs: 30_000 });
    const counts = lastCounts(out);
    expect(Object.keys(counts).length).toBeGreaterThan(0);
    for (const country of Object.keys(counts)) expect(["Spain", "Portugal", "Finland", "France"]).toContain(country);
    // The names the steps defined stay for the user.
    const m = d.mark();
    d.line("typeof countsQuery.stop");
    await d.waitFor("'function'", { from: m });
    // Leave and resume where we were.
    d.line(".demo stop");
    await d.waitFor("Left the tour at step 5", { from: m });
    d.line(".demo");
    await d.waitFor("Step 5/11: Writing to a second stream", { from: m });
    // Leaving the shell removes the tour's temporary checkpoint directory.
    const mine = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`tspark-demo-${process.pid}-`));
    expect(mine()).toHaveLength(1);
    await d.close();
    d = undefined;
    expect(mine()).toEqual([]);
  });

  it("jumps to a step: .demo 4 then Enter runs the steps it needs first (schema, source, from_json)", async () => {
    d = driveShell();
    setDefaultConnection(testConnection());
    d.line(".demo 4");
    await d.waitFor("Step 4/11: Events per country, per micro-batch");
    const m = d.mark();
    d.line("");
    await d.waitFor("(running step 1 first: The schema of the events)", { from: m });
    await d.waitFor("(running step 3 first: from_json: bytes to columns)", { from: m });
    await d.waitFor("Step 5/11", { from: m, timeoutMs: 30_000 });
    await d.waitFor(/Batch: \d+\n-+\n\+-+\+-+\+\n\|\s+data\|count\|/, { from: m, timeoutMs: 30_000 });
  });
});
