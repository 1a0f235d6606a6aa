/**
 * The one line a user sees when local mode serves an AWS endpoint with the embedded Kinesis (resolve-connection.ts):
 * printed through the session's output (above the shell's prompt), once per endpoint per process, so the blog's
 * source and sink, both naming the same endpoint, say it once.
 */
import type { KinesisConnection } from "./resolve-connection";

const announced = new Set<string>();

export function announceServedLocally(conn: KinesisConnection, session: unknown): void {
  const what = conn.servedLocally;
  if (what === undefined || announced.has(what)) return;
  announced.add(what);
  const line = `local mode: ${what} is served by the embedded Kinesis; start with --aws to use AWS`;
  const print = (session as { print?: (text: string) => void } | undefined)?.print;
  if (typeof print === "function") print.call(session, line);
  else process.stderr.write(`${line}\n`);
}
