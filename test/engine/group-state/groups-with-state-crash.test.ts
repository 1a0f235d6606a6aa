import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { crashChild, sinkRows } from "../../helpers/crash-child";

const SCRIPT = path.join(__dirname, "fixtures", "crash-groups-with-state.ts");

const runChild = crashChild(SCRIPT);

const allRows = sinkRows;

const tmp = (p: string) => fs.mkdtemp(path.join(tmpdir(), p));

describe("flatMapGroupsWithState killed with kill -9", () => {
  it("recovers the per-key state and timeouts of the last committed version: the same sessions come out", async () => {
    const cleanCp = await tmp("tspark-fmgws-");
    const cleanOut = await tmp("tspark-fmgws-out-");
    const clean = runChild(cleanCp, cleanOut, 3);
    expect(clean.status, clean.stderr).toBe(0);
    const expected = await allRows(cleanOut);
    // a's and b's sessions end in the no-data batch at watermark 35 s; a's second session and c's are still open
    expect(expected).toEqual([
      ["a", 2, 10, 18],
      ["b", 1, 12, 12],
    ]);
    const dirs = [cleanCp, cleanOut];
    // killed before the no-data batch that times the sessions out runs (its offsets written), and after batch 4's
    // offsets: the restart re-runs that batch on the state version before it.
    for (const crashAt of ["afterOffsetLog:3", "afterOffsetLog:4"]) {
      const dir = await tmp("tspark-fmgws-");
      const out = await tmp("tspark-fmgws-out-");
      dirs.push(dir, out);
      const killed = runChild(dir, out, 3, crashAt);
      expect(killed.signal, `${crashAt}: ${killed.stderr}`).toBe("SIGKILL");
      const restarted = runChild(dir, out, 3, undefined, "upfront");
      expect(restarted.status, restarted.stderr).toBe(0);
      expect(await allRows(out), crashAt).toEqual(expected);
    }

    // Killed after batch 2's state was committed but not its commit log: the restart re-runs batch 2 on state
    // version 2, then all the rest is there at once, so batch 3 has data (a at 41 s) at watermark 35 s. As in
    // Spark, a key with new rows is called with them before timeouts are looked at: a's session goes on
    // (10 s..41 s) instead of ending, and only b's ends. The state the re-run started from is what the crash left.
    const dir = await tmp("tspark-fmgws-");
    const out = await tmp("tspark-fmgws-out-");
    dirs.push(dir, out);
    const killed = runChild(dir, out, 3, "afterStateCommit:2");
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    const restarted = runChild(dir, out, 3, undefined, "upfront");
    expect(restarted.status, restarted.stderr).toBe(0);
    expect(await allRows(out)).toEqual([["b", 1, 12, 12]]);
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  }, 240_000);
});
