/** Command-line flags of `tspark` (and `npm start --`). */
export interface ShellArgs {
  help: boolean;
  version: boolean;
  /** Real AWS: no embedded services; endpoint/region/credentials from flags, env and profiles. */
  aws: boolean;
  /** No embedded services and no AWS resolution at all (fastest start; rate/memory sources only). */
  noLocal: boolean;
  endpoint?: string;
  region?: string;
  kinesisBackend: "kinesis-local" | "kinesalite";
  /** Embedded services keep their data in this directory (default: the per-user one, see state-dir.ts). */
  dataDir?: string;
  /** Embedded services start empty and keep nothing (no per-user data directory). */
  fresh: boolean;
  /** No web UI (the Structured Streaming page on 127.0.0.1:4040, docs/ui.md). */
  noUi: boolean;
  script?: string;
  scriptArgs: string[];
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseArgs(argv: readonly string[]): ShellArgs {
  const args: ShellArgs = { help: false, version: false, aws: false, noLocal: false, fresh: false, noUi: false, kinesisBackend: "kinesis-local", scriptArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (args.script !== undefined) {
      args.scriptArgs.push(a);
      continue;
    }
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value (see --help)`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        args.help = true;
        break;
      case "-v":
      case "--version":
        args.version = true;
        break;
      case "--aws":
        args.aws = true;
        break;
      case "--no-local":
        args.noLocal = true;
        break;
      case "--endpoint":
        args.endpoint = value();
        break;
      case "--region":
        args.region = value();
        break;
      case "--kinesis-backend": {
        const b = value();
        if (b !== "kinesis-local" && b !== "kinesalite") {
          throw new UsageError(`--kinesis-backend must be kinesis-local or kinesalite, not '${b}'`);
        }
        args.kinesisBackend = b;
        break;
      }
      case "--data-dir":
        args.dataDir = value();
        break;
      case "--fresh":
        args.fresh = true;
        break;
      case "--no-ui":
        args.noUi = true;
        break;
      default:
        if (a.startsWith("-")) throw new UsageError(`Unknown option ${a} (see --help)`);
        args.script = a;
    }
  }
  if (args.fresh && args.dataDir !== undefined) throw new UsageError("--fresh and --data-dir contradict each other: give one");
  return args;
}

export const USAGE = `Usage: tspark [options] [script.ts|script.py [args...]]

Opens the tspark shell: TypeScript (and pasted PySpark) for Spark Structured Streaming on Kinesis.
With a script file, runs it with the same preloaded names and exits when its queries finish.

Options:
  --aws                      Use real AWS: no embedded services; region, endpoint and credentials from
                             the flags below, AWS_* environment variables and ~/.aws profiles
  --endpoint URL             Kinesis endpoint to use (implies no embedded services)
  --region R                 AWS region (default: AWS_REGION, the profile's region, or us-east-1 locally)
  --kinesis-backend NAME     Embedded Kinesis: kinesis-local (default) or kinesalite
  --data-dir DIR             Keep the embedded services' data in DIR (default: ~/.tspark/local, or
                             $XDG_STATE_HOME/tspark/local; streams and records survive restarts)
  --fresh                    Start the embedded services empty and keep nothing from this session
  --no-local                 Start no embedded services (rate and memory sources only; fastest start)
  --no-ui                    Do not serve the web UI (by default the Structured Streaming page is on
                             http://127.0.0.1:4040, or the next free port; .ui prints it)
  -v, --version              Print the version
  -h, --help                 This help

Environment:
  TSPARK_HISTORY             History file (default ~/.tspark_history; empty to disable)
  TSPARK_STATE_DIR           Per-user directory (default $XDG_STATE_HOME/tspark or ~/.tspark): data, running shells
  TSPARK_UI_PORT             First port the web UI tries (default 4040; 0 = any free port)
  NO_COLOR                   No colours
`;
