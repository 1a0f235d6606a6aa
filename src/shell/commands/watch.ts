import { replOf } from "../demo/shell-handle";
import type { QueryView } from "../session-view";
import { pick } from "./queries";
import { type ShellCommand, type ShellCommandDeps, parseFlags } from "./types";
import { type WatchProgress, renderWatchFrame } from "./watch-render";

const REFRESH_MS = 500;
const ALT_SCREEN_ON = "\x1b[?1049h\x1b[?25l";
const ALT_SCREEN_OFF = "\x1b[?25h\x1b[?1049l";
const HOME_CLEAR = "\x1b[H\x1b[J";

/**
 * `.watch <name>`: live charts of a query's rates, batch duration and shard lag, redrawn in place on the
 * terminal's alternate screen until a key is pressed (Ctrl-C included) or the query ends. Text the shell prints
 * meanwhile (batch tables) is held and shown after leaving. Without a terminal one frame is printed.
 */
export const watchCommand: ShellCommand = {
  name: "watch",
  usage: ".watch [name|id] [--once]",
  help: "Live charts of a query: input/processing rate, batch duration, per-shard lag, last batch (any key leaves)",
  async run(args, deps) {
    const { flags, rest } = parseFlags(args);
    const q = pick(rest.join(" "), deps.session, deps.print);
    if (!q) return;
    const repl = replOf(deps);
    const frame = (hint: string) =>
      renderWatchFrame((q.recentProgress ?? []) as WatchProgress[], {
        title: `.watch ${q.name ?? q.id} — ${hint}`,
        width: Math.max(20, ((repl?.output as { columns?: number } | undefined)?.columns ?? 80) - 14),
      });
    const terminal = Boolean((repl as { terminal?: boolean } | undefined)?.terminal);
    if (!repl || !terminal || flags.once === "true") {
      deps.print(frame(`${(q.recentProgress ?? []).length} batches`));
      return;
    }
    await watchInPlace(q, repl, deps, () => frame("any key or Ctrl-C to leave"));
  },
};

interface KeyInput extends NodeJS.EventEmitter {
  listeners(event: string): ((...a: unknown[]) => void)[];
}

async function watchInPlace(
  q: QueryView,
  repl: NonNullable<ReturnType<typeof replOf>>,
  deps: ShellCommandDeps,
  frame: () => string,
): Promise<void> {
  const out = repl.output as NodeJS.WritableStream;
  const input = repl.input as unknown as KeyInput;
  // Keys come to us, not to the line editor, while the charts are up.
  const saved = input.listeners("keypress");
  input.removeAllListeners("keypress");
  const held: string[] = [];
  const live = deps.live as { write(text: string): void; suspend?(on: boolean): void } | undefined;
  const liveWrite = live?.write;
  if (live && liveWrite) live.write = (text: string) => void held.push(text);
  live?.suspend?.(true); // batch tables in place wait too (live-output.ts)
  out.write(ALT_SCREEN_ON);
  const draw = () => out.write(`${HOME_CLEAR}${frame().replace(/\n/g, "\r\n")}\r\n`);
  try {
    draw();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!q.isActive) finish();
        else draw();
      }, REFRESH_MS);
      const onKey = () => finish();
      input.on("keypress", onKey);
      function finish(): void {
        clearInterval(timer);
        input.removeListener("keypress", onKey);
        resolve();
      }
    });
  } finally {
    out.write(ALT_SCREEN_OFF);
    for (const l of saved) input.on("keypress", l);
    if (live && liveWrite) live.write = liveWrite;
    for (const t of held) live?.write(t);
    live?.suspend?.(false);
    deps.print(q.isActive ? `Left .watch; ${q.name ?? q.id} keeps running.` : `${q.name ?? q.id} has stopped.`);
  }
}
