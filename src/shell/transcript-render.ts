/**
 * A transcript as a Markdown notebook (inputs in code fences, outputs in text fences) or as a runnable
 * TypeScript script (`tspark session.ts`): the inputs that ran, PySpark ones in their translated form, failed
 * or interrupted inputs and dot-commands kept as comments, and at the end the queries drained and stopped, as
 * leaving the shell does.
 */
import type { Transcript, TranscriptEntry } from "./transcript";

function fence(lang: string, body: string): string {
  const ticks = body.includes("```") ? "````" : "```";
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

export function transcriptToMarkdown(t: Transcript, title = "tspark session"): string {
  const parts = [`# ${title}`, "", `Recorded ${t.startedAt.toISOString()} with tspark.`, ""];
  for (const e of t.entries) {
    if (e.kind === "command" && /^\.save\b/.test(e.input)) continue;
    const python = e.kind === "code" && e.translated.trim() !== e.input.trim();
    parts.push(fence(e.kind === "command" ? "text" : python ? "python" : "ts", e.input), "");
    if (python) parts.push("<details><summary>as TypeScript</summary>", "", fence("ts", e.translated.trim()), "", "</details>", "");
    if (e.outputs.length > 0) parts.push(fence("text", e.outputs.join("\n")), "");
  }
  return `${parts.join("\n").trimEnd()}\n`;
}

const DECL = /^(\s*)(const|let|var)(\s+)([A-Za-z_$][\w$]*)(\s*=)(?!=)/gm;

/** Names declared by more than one input: the REPL allows it, a script does not. */
function redeclared(entries: readonly TranscriptEntry[]): Set<string> {
  const seen = new Map<string, number>();
  for (const e of entries) for (const m of e.translated.matchAll(DECL)) seen.set(m[4]!, (seen.get(m[4]!) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([k]) => k));
}

function comment(text: string): string {
  return text
    .split("\n")
    .map((l) => `// ${l}`)
    .join("\n");
}

export function transcriptToScript(t: Transcript): string {
  const runnable = t.entries.filter((e) => e.kind === "code" && !e.failed && !e.interrupted);
  const twice = redeclared(runnable);
  const declared = new Set<string>();
  const out = [
    `// tspark session recorded ${t.startedAt.toISOString()}. Run it again with: npx tspark <this file>`,
    "// PySpark inputs appear in the TypeScript they were translated to; dot-commands, failed and interrupted",
    "// inputs are kept as comments.",
    "",
  ];
  for (const e of t.entries) {
    if (e.kind === "command") {
      if (!/^\.save\b/.test(e.input)) out.push(comment(`(shell command) ${e.input}`), "");
      continue;
    }
    if (e.failed || e.interrupted) {
      out.push(comment(`(${e.failed ? "failed" : "interrupted"}) ${e.translated.trim()}`), "");
      continue;
    }
    const code = e.translated.trim().replace(DECL, (all, ws: string, _kw: string, sp: string, name: string, eq: string) => {
      if (!twice.has(name)) return all;
      if (declared.has(name)) return `${ws}${name}${eq}`;
      declared.add(name);
      return `${ws}let${sp}${name}${eq}`;
    });
    out.push(/;\s*$|}\s*$/.test(code) ? code : `${code};`, "");
  }
  out.push(
    "// The session ended here: let the queries finish what has arrived, then stop them (as leaving the shell does).",
    "for (const q of spark.streams.active) {",
    "  await q.processAllAvailable();",
    "  await q.stop();",
    "}",
  );
  return `${out.join("\n")}\n`;
}
