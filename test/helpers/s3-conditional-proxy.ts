/**
 * Gives s3rver the conditional writes real S3 has, on the wire, for tests. s3rver ignores `If-None-Match: *` and
 * `If-Match` on PutObject (see /work/shared/reference/local-aws.md, trap 6), so put-if-absent races cannot be
 * shown on it alone. This proxy sits between the real SDK client and s3rver: it runs every write (PUT, POST,
 * DELETE) one at a time and, for a PUT with a precondition, first asks s3rver (an anonymous HEAD) whether the key
 * exists and its ETag, answering 412 PreconditionFailed as S3 does when the condition fails
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html). Reads pass straight through.
 *
 * API
 *   const proxy = await startS3ConditionalProxy("http://127.0.0.1:<s3rver port>");
 *   proxy.url             // use as the S3 endpoint
 *   proxy.stats           // { conditionalPuts, preconditionFailed }
 *   await proxy.close();
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface S3ConditionalProxy {
  readonly url: string;
  readonly stats: { conditionalPuts: number; preconditionFailed: number };
  close(): Promise<void>;
}

const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
  "<Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>";

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

export async function startS3ConditionalProxy(target: string): Promise<S3ConditionalProxy> {
  const upstream = new URL(target);
  const stats = { conditionalPuts: 0, preconditionFailed: 0 };
  let writes: Promise<unknown> = Promise.resolve();

  const head = (path: string) =>
    new Promise<{ status: number; etag: string | undefined }>((resolve, reject) => {
      const r = http.request({ host: upstream.hostname, port: upstream.port, method: "HEAD", path }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
      });
      r.on("error", reject);
      r.end();
    });

  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) =>
    new Promise<void>((resolve) => {
      const r = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on("end", resolve);
          up.on("error", () => resolve());
        },
      );
      r.on("error", () => {
        res.destroy();
        resolve();
      });
      r.end(body);
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const noneMatch = req.headers["if-none-match"];
    const ifMatch = req.headers["if-match"];
    if (req.method === "PUT" && (noneMatch !== undefined || ifMatch !== undefined)) {
      stats.conditionalPuts++;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const current = await head(path);
      const exists = current.status === 200;
      const failed = (noneMatch === "*" && exists) || (ifMatch !== undefined && (!exists || current.etag !== ifMatch));
      if (failed) {
        stats.preconditionFailed++;
        res.writeHead(ifMatch !== undefined && !exists ? 404 : 412, { "content-type": "application/xml" });
        res.end(PRECONDITION_FAILED);
        return;
      }
    }
    await forward(req, body, res);
  };

  const server = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.method === "GET" || req.method === "HEAD") return handle(req, res, body);
      // Writes one at a time, so a precondition checked is still true when the write lands.
      const run = writes.then(() => handle(req, res, body));
      writes = run.catch(() => {});
      return run;
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
