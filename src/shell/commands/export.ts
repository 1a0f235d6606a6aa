import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { SPARK_TARGETS, parseTarget } from "../../connector/export/index";
import { type PySparkExport, planToPySpark, queryDefinition, queryToPySpark } from "../../engine/plan/to-pyspark";
import { activeQueries, findQuery } from "../session-view";
import { type ShellCommand, parseFlags } from "./types";

/**
 * `.export <query|DataFrame variable> [file.py]`: the PySpark program for the real connector (printed, or
 * written to the file), its spark-submit line, and what could not be translated.
 */
export const exportCommand: ShellCommand = {
  name: "export",
  usage: ".export <name> [file.py] [--target emr-7|spark-3.5|spark-4]",
  help: "PySpark program of a query (or DataFrame variable) for the real connector, with its spark-submit line",
  async run(args, deps) {
    const { flags, rest } = parseFlags(args);
    const [ref, file] = rest;
    if (!ref) {
      deps.print(`Usage: .export <query name|id|DataFrame variable> [file.py] [--target ${SPARK_TARGETS.join("|")}]`);
      return;
    }
    let target: string;
    try {
      target = parseTarget(flags.target);
    } catch (e) {
      deps.print((e as Error).message);
      return;
    }
    const fileName = file ? basename(file) : `${ref.replace(/[^A-Za-z0-9_-]/g, "_")}.py`;
    const result = exportOf(ref, deps.session, { fileName, target });
    if (typeof result === "string") {
      deps.print(result);
      return;
    }
    if (file) {
      const path = resolve(file);
      await writeFile(path, result.code);
      deps.print(`Wrote ${path}`);
    } else {
      deps.print(result.code.trimEnd());
    }
    deps.print(`Run it on the cluster with:\n  ${result.submit}`);
    if (result.warnings.length > 0) {
      deps.print(`Not translated or needing attention (${result.warnings.length}):\n${result.warnings.map((w) => `  - ${w}`).join("\n")}`);
    }
  },
};

function exportOf(ref: string, session: unknown, opts: { fileName: string; target: string }): PySparkExport | string {
  const q = findQuery(session, ref);
  if (q && queryDefinition(q)) return queryToPySpark(q, { ...opts, appName: q.name ?? ref });
  const value = (globalThis as Record<string, unknown>)[ref];
  if (value && typeof value === "object" && queryDefinition(value)) return queryToPySpark(value, { ...opts, appName: ref });
  const plan = (value as { plan?: unknown } | undefined)?.plan;
  if (plan && typeof plan === "object" && typeof (plan as { kind?: unknown }).kind === "string") {
    return planToPySpark(plan as { kind: string }, { ...opts, appName: ref });
  }
  if (q) return `Query ${ref} was not started by writeStream.start() in this shell, so its definition is unknown.`;
  const names = activeQueries(session).map((x) => x.name ?? x.id.slice(0, 8));
  return `No query or DataFrame named '${ref}'.${names.length ? ` Active queries: ${names.join(", ")}.` : ""}`;
}
