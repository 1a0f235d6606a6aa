import type { ShellArgs } from "./args";
import type { ShellServices } from "./repl";

/**
 * Where the shell's AWS calls go: embedded local services (default), real AWS (--aws, --endpoint), or
 * nothing (--no-local). Local services start in the background while the compiler loads (see main.ts).
 */
export interface ShellEnvironment {
  mode: "local" | "aws" | "none";
  services?: ShellServices;
  endpoints?: Record<string, string>;
  region?: string;
  kinesisBackend?: string;
  demoStreams?: string[];
}

export async function prepareEnvironment(args: ShellArgs): Promise<ShellEnvironment> {
  if (args.noLocal) return { mode: "none" };
  if (args.aws || args.endpoint) {
    return { mode: "aws", region: args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION };
  }
  return { mode: "none" };
}
