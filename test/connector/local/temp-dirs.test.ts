import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeOwnedTempDir, sweepStaleTempDirs } from "../../../src/connector/local/temp-dirs";

describe("temporary directories of killed processes", () => {
  it("the next process removes the directories of processes that no longer run, never a live one's", async () => {
    const prefix = `tspark-sweeptest-${Date.now()}-`;
    // A real process that has ended: its pid is free (reuse within this test is not a concern).
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const stale = join(tmpdir(), `${prefix}${dead.stdout}-abcdef`);
    mkdirSync(join(stale, "kinesisCheckpoint"), { recursive: true });
    const mine = makeOwnedTempDir(prefix);
    expect(mine.startsWith(join(tmpdir(), `${prefix}${process.pid}-`))).toBe(true);
    expect(await sweepStaleTempDirs(prefix)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    rmSync(mine, { recursive: true, force: true });
  });
});
