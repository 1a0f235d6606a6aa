import type { REPLServer } from "node:repl";

/**
 * The REPL behind a set of command deps, for the commands that need more than printing: `.watch` (keys, drawing
 * in place) and `.demo` (Enter runs the next step). Registered once by defineShellCommands.
 */
const handles = new WeakMap<object, REPLServer>();

export function rememberRepl(deps: object, repl: REPLServer): void {
  handles.set(deps, repl);
}

export function replOf(deps: object): REPLServer | undefined {
  return handles.get(deps);
}
