import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { crashChild, sinkRows } from "../../helpers/crash-child";

const SCRIPT = path.join(__dirname, "fixtures", "crash-transform-with-state.ts");

const runChild = crashChild(SCRIPT);
const allRows = sinkRows;

const tmp = (p: string) => fs.mkdtemp(path.join(tmpdir(), p));

describe("transformWithState killed with kill -9", () => {
  it("recovers the state variables and timers of the last committed version: the same sessions come out", async () => {
    const cleanCp = await tmp("tspark-tws-");
    const cleanOut = await tmp("tspark-tws-out-");
    const clean = runChild(cleanCp, cleanOut, 3);
    expect(clean.status, clean.stderr).toBe(0);
    const expected = await allRows(cleanOut);
    // a's and b's sessions end in the no-data batch at watermark 35 s, earliest timer first (b's at 22 s, a's at
    // 28 s); a's second session and c's are still open
    expect(expected).toEqual([
      ["b", 1, 12, 12],
      ["a", 2, 10, 18],
    ]);
    // one store per state variable (Spark's column families) and one for the timers
    const stores = (await fs.readdir(path.join(cleanCp, "state", "0", "0"))).sort();
    expect(stores).toEqual(["$timers", "session"]);
    const dirs = [cleanCp, cleanOut];
    // killed before the no-data batch that fires the timers runs (its offsets written), after batch 4's offsets,
    // and between the timers' store and the variable's store of one version
    for (const crashAt of ["afterOffsetLog:3", "afterOffsetLog:4", "midStateCommit:3"]) {
      const dir = await tmp("tspark-tws-");
      const out = await tmp("tspark-tws-out-");
      dirs.push(dir, out);
      const killed = runChild(dir, out, 3, crashAt);
      expect(killed.signal, `${crashAt}: ${killed.stderr}`).toBe("SIGKILL");
      const restarted = runChild(dir, out, 3, undefined, "upfront");
      expect(restarted.status, restarted.stderr).toBe(0);
      expect(await allRows(out), crashAt).toEqual(expected);
    }
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  }, 240_000);
});
