/**
 * The one web UI of this process: started by main.ts after the prompt (or before a script runs), read by `.ui`.
 * Loaded lazily, so `--no-ui` and the prompt's start-up cost nothing of node:http.
 */
import type { UiServer } from "./server";

let current: UiServer | undefined;
let failure: string | undefined;

/** The port to try first: $TSPARK_UI_PORT (0 = any free port, as the tests use), else Spark's 4040. */
export function uiPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.TSPARK_UI_PORT;
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n < 65536 ? n : undefined;
}

/** Start the UI; resolves with the line to show (Spark's wording), or why it could not start. */
export async function launchUi(session: unknown): Promise<string> {
  try {
    const { startUiServer } = require("./server") as typeof import("./server");
    current = await startUiServer({ session, port: uiPort() });
    return `Spark context Web UI available at ${current.url}`;
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    return `Web UI not started: ${failure} (set TSPARK_UI_PORT to another port, or --no-ui)`;
  }
}

export function uiAddress(): string | undefined {
  return current?.url;
}

export function uiFailure(): string | undefined {
  return failure;
}

export async function stopUi(): Promise<void> {
  const ui = current;
  current = undefined;
  await ui?.close();
}
