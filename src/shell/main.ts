import { createRequire } from "node:module";
import { join } from "node:path";
import { type ShellArgs, USAGE, UsageError, parseArgs } from "./args";
import { banner } from "./banner";
import { type ShellEnvironment, prepareEnvironment } from "./environment";

/**
 * `tspark` / `npm start`: parse flags, start embedded services in the background (the prompt comes while they
 * boot; input waits for them), print the banner, then open the shell or run a script.
 */
const started = performance.now();
// The SDK's notice about a future Node requirement is noise in an interactive banner.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function version(): string {
  const pkg = createRequire(__filename)(join(__dirname, "..", "..", "package.json")) as { version?: string };
  return pkg.version ?? "0.0.0";
}

let warmed = false;
/** Load ts-node and TypeScript and compile a first input, so the user's first line runs at full speed. */
function warmCompiler(): void {
  if (warmed) return;
  warmed = true;
  const { createTranspiler } = require("./transpile") as typeof import("./transpile");
  createTranspiler().compile("0", "warm-up.ts");
  (require("./incomplete") as typeof import("./incomplete")).isIncomplete("0");
}

async function main(argv: string[]): Promise<number> {
  let args: ShellArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tspark: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`tspark ${version()} (node ${process.version})\n`);
    return 0;
  }
  const colors = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

  // The embedded services start as child processes in the background: prepareEnvironment returns once their
  // ports are chosen, the prompt comes while they boot, and input waits for them (repl.ts). The compiler loads
  // after the prompt is shown (nobody types faster than it loads), or now for a script.
  const environment = prepareEnvironment(args);
  require("../index");
  if (args.script) warmCompiler();
  let env: ShellEnvironment;
  try {
    env = await environment;
  } catch (e) {
    process.stderr.write(`tspark: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const { createSessionFor } = require("./session-factory") as typeof import("./session-factory");
  const session = createSessionFor(env);

  if (env.warning && args.script) process.stderr.write(`${env.warning}\n`);
  if (args.script) {
    const { runScript } = require("./script") as typeof import("./script");
    let onSigint: () => void = () => {};
    const interrupt = new Promise<void>((resolve) => {
      onSigint = resolve;
    });
    process.once("SIGINT", onSigint);
    try {
      await env.services?.ready;
    } catch (e) {
      process.stderr.write(`tspark: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
      await env.services?.stop().catch(() => undefined);
      return 1;
    }
    // A script's queries show on the web UI too. Its address goes to stderr, and only to a terminal: stdout is
    // the script's output, and piped stderr carries only the script's errors (scripts in pipelines and CI).
    if (!args.noUi) {
      const line = await (require("./ui/launch") as typeof import("./ui/launch")).launchUi(session);
      if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
    }
    const code = await runScript(args.script, { session, output: process.stdout, errorOutput: process.stderr, interrupt });
    if (!args.noUi) await (require("./ui/launch") as typeof import("./ui/launch")).stopUi();
    await env.services?.stop().catch(() => undefined);
    return code;
  }

  process.stdout.write(
    banner({
      version: version(),
      nodeVersion: process.version,
      mode: env.mode,
      region: env.region,
      endpoints: env.endpoints,
      kinesisBackend: env.kinesisBackend,
      demoStreams: env.demoStreams,
      dataNote: env.dataNote,
      colors,
    }),
  );
  if (env.warning) process.stdout.write(`${colors ? `\x1b[33m${env.warning}\x1b[39m` : env.warning}\n`);
  const { createShell } = require("./repl") as typeof import("./repl");
  const { captureStdout } = require("./stdout-capture") as typeof import("./stdout-capture");
  const capture = process.stdout.isTTY ? captureStdout() : undefined;
  const shell = createShell({
    input: process.stdin,
    output: capture?.terminal ?? process.stdout,
    terminal: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    session,
    services: env.services,
    useColors: colors,
  });
  capture?.redirect((text) => shell.print(text));
  // A promise user code dropped (`q.awaitTermination()` without await that later fails) must not kill the shell.
  process.on("unhandledRejection", (reason) => {
    const { formatError } = require("./format") as typeof import("./format");
    shell.print(formatError(reason));
  });
  // Signals (Ctrl-C when stdin is not a terminal, kill): stop queries and services cleanly, then leave.
  const leave = () => void shell.close();
  process.once("SIGTERM", leave);
  if (!process.stdin.isTTY) process.once("SIGINT", leave);
  // The compiler loads after the prompt; with embedded services only once they have started (input waits for
  // them anyway), so that it does not take the CPU the emulators need to boot.
  if (env.services?.ready) env.services.ready.then(warmCompiler, warmCompiler);
  else setTimeout(warmCompiler, 0);
  // The web UI starts after the prompt is shown (never delaying it) and announces itself above the prompt.
  const ui = args.noUi ? undefined : (require("./ui/launch") as typeof import("./ui/launch"));
  if (ui) setTimeout(() => void ui.launchUi(session).then((line) => shell.print(line)), 0);
  if (process.env.TSPARK_TIMING) process.stderr.write(`[tspark] prompt after ${Math.round(performance.now())} ms since process start (${Math.round(performance.now() - started)} ms in main)\n`);
  await shell.closed;
  await ui?.stopUi();
  capture?.restore();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`tspark: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
