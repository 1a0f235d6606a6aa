import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { claimDataDir, findRunningShell, registerRunningShell } from "../../src/connector/local/running-shells";
import { tsparkStateDir } from "../../src/connector/local/state-dir";
import { parseArgs } from "../../src/shell/args";
import type { ShellEnvironment, prepareEnvironment } from "../../src/shell/environment";
import { readAllRecords } from "../helpers/aws";
import { loadNative } from "./helpers/drive";

/**
 * #15.3 and #15.8: the embedded services keep their data between sessions in the per-user directory (here this
 * file's own TSPARK_STATE_DIR, never the user's), `--fresh` starts clean, and `npm run generate` in a second terminal
 * feeds the running shell's Kinesis (or says that it starts a throwaway one).
 */
const ROOT = path.join(__dirname, "../..");
const environment = () => loadNative<{ prepareEnvironment: typeof prepareEnvironment }>("src/shell/environment.ts");
const defaultConnection = () =>
  loadNative<{ setDefaultConnection(c: AwsConnection | undefined): void }>("src/connector/aws/default-connection.ts");

/** `npm run generate -- ARGS`, as a second terminal runs it, with this test's state directory. */
function generate(args: string[], stateDir: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/generate.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, TSPARK_STATE_DIR: stateDir, TSPARK_KINESIS_ENDPOINT: "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("the per-user state directory", () => {
  it("is TSPARK_STATE_DIR, else $XDG_STATE_HOME/tspark, else ~/.tspark", () => {
    expect(tsparkStateDir({ TSPARK_STATE_DIR: "/x/y" })).toBe("/x/y");
    expect(tsparkStateDir({ XDG_STATE_HOME: "/s" })).toBe("/s/tspark");
    expect(tsparkStateDir({})).toBe(path.join(os.homedir(), ".tspark"));
  });

  it("--fresh and --data-dir are flags; together they are an error", () => {
    expect(parseArgs(["--fresh"]).fresh).toBe(true);
    expect(parseArgs([]).fresh).toBe(false);
    expect(() => parseArgs(["--fresh", "--data-dir", "/tmp/x"])).toThrow("--fresh and --data-dir contradict each other");
  });

  it("a data directory held by a live process is not claimed twice; a dead owner's claim is taken over", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tspark-claim-")), "local");
    fs.writeFileSync(`${dir}.lock`, String(process.ppid)); // alive: our parent
    expect(claimDataDir(dir)).toEqual({ ok: false, ownerPid: process.ppid });
    fs.writeFileSync(`${dir}.lock`, "999999999"); // no such process: stale
    const claim = claimDataDir(dir);
    expect(claim.ok).toBe(true);
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    if (claim.ok) claim.release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("running-shell entries are found while their process lives; stale ones are removed", () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-shells-"));
    expect(findRunningShell(state)).toBeUndefined();
    fs.mkdirSync(path.join(state, "shells"));
    const stale = path.join(state, "shells", "999999999.json");
    fs.writeFileSync(stale, JSON.stringify({ pid: 999999999, region: "us-east-1", endpoints: {}, startedAt: "2026-01-01T00:00:00Z" }));
    const unregister = registerRunningShell({ region: "us-east-1", endpoints: { kinesis: "http://127.0.0.1:1" } }, state);
    expect(findRunningShell(state)).toMatchObject({ pid: process.pid, endpoints: { kinesis: "http://127.0.0.1:1" } });
    expect(fs.existsSync(stale)).toBe(false);
    unregister();
    expect(findRunningShell(state)).toBeUndefined();
    fs.rmSync(state, { recursive: true, force: true });
  });
});

describe("the shell's embedded services keep their data between sessions", () => {
  let stateDir: string;
  let previous: string | undefined;
  let env: ShellEnvironment | undefined;
  beforeAll(() => {
    previous = process.env.TSPARK_STATE_DIR;
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-state-"));
    process.env.TSPARK_STATE_DIR = stateDir;
  });
  afterEach(async () => {
    await env?.services?.stop();
    env = undefined;
    defaultConnection().setDefaultConnection(undefined);
  });
  afterAll(() => {
    process.env.TSPARK_STATE_DIR = previous;
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function start(argv: string[]): Promise<ShellEnvironment> {
    env = await environment().prepareEnvironment(parseArgs(argv));
    await env.services?.ready;
    return env;
  }

  it("npm run generate feeds the running shell; the records are still there in the next session, gone with --fresh", async () => {
    const first = await start([]);
    expect(first.dataNote).toBe(`${path.join(stateDir, "local")} (kept between sessions; --fresh for a clean start)`);
    const shellFile = path.join(stateDir, "shells", `${process.pid}.json`);
    expect(JSON.parse(fs.readFileSync(shellFile, "utf8"))).toMatchObject({ pid: process.pid, endpoints: first.endpoints });

    const fed = generate(["--stream", "kinesis-source", "--count", "7", "--rate", "100", "--seed", "1"], stateDir);
    expect(fed.stderr).toContain(`sending to the Kinesis of the tspark shell running as pid ${process.pid} (${first.endpoints!.kinesis})`);
    expect(fed.status).toBe(0);
    expect(await readAllRecords(first.connection!, "kinesis-source")).toHaveLength(7);

    await first.services!.stop();
    env = undefined;
    expect(fs.existsSync(shellFile)).toBe(false); // removed at stop
    expect(fs.existsSync(path.join(stateDir, "local.lock"))).toBe(false);

    const second = await start([]);
    expect(await readAllRecords(second.connection!, "kinesis-source")).toHaveLength(7);
    await second.services!.stop();
    env = undefined;

    const fresh = await start(["--fresh"]);
    expect(fresh.dataNote).toBe("fresh (--fresh: nothing is kept after this session)");
    expect(await readAllRecords(fresh.connection!, "kinesis-source")).toHaveLength(0);
  }, 240_000);

  it("with no shell running, npm run generate says it uses a throwaway Kinesis", () => {
    const r = generate(["--stream", "s", "--count", "1"], stateDir);
    expect(r.stderr).toMatch(/no tspark shell is running: sending to a throwaway embedded Kinesis at http:\/\/127\.0\.0\.1:\d+, stopped when this run ends/);
    expect(r.status).toBe(0);
  }, 120_000);
});
