import * as tsparkApi from "../index";
import type { ShellEnvironment } from "./environment";

/** The session bound to `spark`: the engine's SparkSession (getOrCreate), with the shell's environment. */
export function createSessionFor(_env: ShellEnvironment): unknown {
  const api = tsparkApi as Record<string, unknown>;
  const SparkSession = api.SparkSession as { builder?: { getOrCreate?: () => unknown } } | undefined;
  const builder = SparkSession?.builder;
  return typeof builder?.getOrCreate === "function" ? builder.getOrCreate() : { streams: { active: [] } };
}
