/**
 * tspark's per-user directory: where the embedded services keep their data between sessions (`local/`) and where a
 * running shell leaves its endpoints for other tools (`shells/`, see running-shells.ts).
 *
 * `TSPARK_STATE_DIR` wins (the test run sets it, so tests never touch the user's directory); then
 * `$XDG_STATE_HOME/tspark`; then `~/.tspark`.
 */
import * as os from "node:os";
import * as path from "node:path";

export function tsparkStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TSPARK_STATE_DIR) return path.resolve(env.TSPARK_STATE_DIR);
  if (env.XDG_STATE_HOME) return path.join(path.resolve(env.XDG_STATE_HOME), "tspark");
  return path.join(os.homedir(), ".tspark");
}

/** The embedded services' data, kept between sessions unless the shell starts with --fresh. */
export function defaultLocalDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(tsparkStateDir(env), "local");
}

/** `~/.tspark/local` instead of `/home/me/.tspark/local`, for banners and messages. */
export function displayPath(p: string): string {
  const home = os.homedir();
  return p === home || p.startsWith(`${home}${path.sep}`) ? `~${p.slice(home.length)}` : p;
}
