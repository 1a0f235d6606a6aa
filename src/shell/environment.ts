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
    // The connector resolves endpoint/region/credentials per query from options, then the SDK's own
    // environment: flags become the standard variables, so every query and the SDK default chain agree.
    if (args.region) process.env.AWS_REGION = args.region;
    if (args.endpoint) process.env.AWS_ENDPOINT_URL_KINESIS = args.endpoint;
    return {
      mode: "aws",
      region: args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
      endpoints: args.endpoint ? { kinesis: args.endpoint } : undefined,
    };
  }
  return { mode: "none" };
}
