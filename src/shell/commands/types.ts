import type { ShellServices } from "../repl";

/** What dot-commands can reach. */
export interface ShellCommandDeps {
  readonly session: unknown;
  readonly services?: ShellServices;
  print(text: string): void;
  lastError(): unknown;
  setLastError(e: unknown): void;
  readonly useColors: boolean;
  /** Set by commands that start background work (the generator); called on exit. */
  stopBackground?: () => Promise<void>;
  /** The live output (printing above the prompt); the transcript (.save) listens to it. */
  readonly live?: { write(text: string): void };
  /** Resolves once the embedded services have finished starting (at once when there are none or they have). */
  awaitServices?: () => Promise<void>;
}

export interface ShellCommand {
  readonly name: string;
  readonly usage: string;
  readonly help: string;
  run(args: string, deps: ShellCommandDeps): Promise<void> | void;
}

/** `--stream s --rate 5 name` → { flags: { stream: "s", rate: "5" }, rest: ["name"] }. */
export function parseFlags(args: string): { flags: Record<string, string>; rest: string[] } {
  const words = args.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = unquote(words[i]!);
    if (w.startsWith("--")) {
      const [k, v] = w.slice(2).split("=", 2) as [string, string | undefined];
      if (v !== undefined) flags[k] = v;
      else if (i + 1 < words.length && !words[i + 1]!.startsWith("--")) flags[k] = unquote(words[++i]!);
      else flags[k] = "true";
    } else {
      rest.push(w);
    }
  }
  return { flags, rest };
}

function unquote(w: string): string {
  return /^(["']).*\1$/.test(w) ? w.slice(1, -1) : w;
}

/** A plain text table: columns padded to their widest cell. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? "").padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
