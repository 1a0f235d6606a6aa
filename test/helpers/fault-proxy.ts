/**
 * Fault-injecting HTTP proxy for AWS JSON APIs (Kinesis, DynamoDB), for tests. The emulators enforce no limits, so
 * throttling, 5xx, resets and slow calls are injected on the wire, between the real SDK client and the emulator.
 *
 * API
 *   const proxy = await startFaultProxy({ target: "http://127.0.0.1:4568", seed: 7 });
 *   proxy.url                      // "http://127.0.0.1:<port>": use it as the client's endpoint
 *   proxy.setRules([               // replaces the rules; first matching rule that fires wins
 *     { operation: "GetRecords", fault: "throttle", rate: 0.3 },     // 30% of GetRecords calls, deterministic per seed
 *     { operation: "PutRecords", fault: "503", count: 2 },           // the next 2 PutRecords calls
 *     { fault: "reset", rate: 0.05, after: 10 },                     // any operation, only after the first 10 matches
 *     { operation: "ListShards", fault: "slow", delayMs: 300 },      // delay, then forward
 *   ]);
 *   proxy.clearRules();
 *   proxy.stats                    // { requests, forwarded, byOperation: {op: n}, faults: {fault: n} }
 *   await proxy.close();
 *
 * Faults (400s carry a JSON body `{"__type": ..., "message": ...}` as AWS does):
 *   "throttle" ProvisionedThroughputExceededException · "limit" LimitExceededException · "expired"
 *   ExpiredIteratorException · "unrecognized" UnrecognizedClientException (bad credentials) · "not-found"
 *   ResourceNotFoundException · "in-use" ResourceInUseException · "500" InternalFailure · "503" ServiceUnavailable ·
 *   "reset" (socket destroyed without an answer) · "slow" (delayMs, then forwarded normally) · "cut" (forwarded, then
 *   the connection is dropped delayMs after the response started: a SubscribeToShard stream dying mid-way) ·
 *   "lost-answer" (forwarded and done by the emulator, then the socket destroyed before any answer: the call did its
 *   work but the client sees a reset).
 * `operation` matches the X-Amz-Target action ("GetRecords", "Kinesis_20131202.GetRecords" or a RegExp); a RegExp
 * also matches "<METHOD> <path>" (S3's REST calls: /^PUT \/bucket\/out\//).
 * "s3-access-denied" answers 403 with S3's XML error body (AccessDenied), as a bucket policy refusing the call does.
 * Randomness comes only from `seed` (mulberry32), so a run is reproducible.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | "throttle"
  | "limit"
  | "expired"
  | "unrecognized"
  | "not-found"
  | "in-use"
  | "500"
  | "503"
  | "reset"
  | "slow"
  | "cut"
  | "lost-answer"
  | "s3-access-denied";

export interface FaultRule {
  readonly operation?: string | RegExp;
  readonly fault: Fault;
  /** Share of matching calls that fail, 0..1 (default 1). */
  readonly rate?: number;
  /** Fire at most this many times. */
  readonly count?: number;
  /** Let the first `after` matching calls through. */
  readonly after?: number;
  /** For "slow" and "cut". */
  readonly delayMs?: number;
  /** Overrides the error message of a JSON fault (e.g. AWS's "Shard ... does not exist" for "not-found"). */
  readonly message?: string;
}

export interface FaultProxyStats {
  requests: number;
  forwarded: number;
  byOperation: Record<string, number>;
  faults: Record<string, number>;
}

export interface FaultProxy {
  readonly url: string;
  readonly stats: FaultProxyStats;
  setRules(rules: readonly FaultRule[]): void;
  clearRules(): void;
  close(): Promise<void>;
}

const JSON_FAULTS: Partial<Record<Fault, [number, string, string]>> = {
  throttle: [400, "ProvisionedThroughputExceededException", "Rate exceeded for shard (injected)"],
  limit: [400, "LimitExceededException", "Rate exceeded (injected)"],
  expired: [400, "ExpiredIteratorException", "Iterator expired (injected)"],
  unrecognized: [400, "UnrecognizedClientException", "The security token included in the request is invalid (injected)"],
  "not-found": [400, "ResourceNotFoundException", "Stream not found (injected)"],
  "in-use": [400, "ResourceInUseException", "Resource in use (injected)"],
  "500": [500, "InternalFailure", "Internal failure (injected)"],
  "503": [503, "ServiceUnavailable", "Service unavailable (injected)"],
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function operationOf(req: http.IncomingMessage): string {
  const target = req.headers["x-amz-target"];
  const t = Array.isArray(target) ? target[0] : target;
  if (!t) return "";
  const dot = t.lastIndexOf(".");
  return dot >= 0 ? t.slice(dot + 1) : t;
}

function matches(rule: FaultRule, op: string, target: string, rest: string): boolean {
  if (rule.operation === undefined) return true;
  if (rule.operation instanceof RegExp) return rule.operation.test(target) || rule.operation.test(op) || (target === "" && rule.operation.test(rest));
  return rule.operation === op || rule.operation === target;
}

export async function startFaultProxy(opts: { target: string; seed?: number }): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const random = mulberry32(opts.seed ?? 1);
  let rules: { rule: FaultRule; seen: number; fired: number }[] = [];
  const stats: FaultProxyStats = { requests: 0, forwarded: 0, byOperation: {}, faults: {} };
  const agent = new http.Agent({ keepAlive: true });

  const pickFault = (op: string, targetHeader: string, rest: string): FaultRule | undefined => {
    for (const r of rules) {
      if (!matches(r.rule, op, targetHeader, rest)) continue;
      r.seen++;
      if (r.rule.after !== undefined && r.seen <= r.rule.after) continue;
      if (r.rule.count !== undefined && r.fired >= r.rule.count) continue;
      if (random() >= (r.rule.rate ?? 1)) continue;
      r.fired++;
      return r.rule;
    }
    return undefined;
  };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, cutAfterMs?: number) => {
    stats.forwarded++;
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        if (cutAfterMs !== undefined) {
          setTimeout(() => {
            up.destroy();
            res.socket?.destroy();
          }, cutAfterMs);
        }
        up.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const op = operationOf(req);
      const targetHeader = String(req.headers["x-amz-target"] ?? "");
      stats.requests++;
      stats.byOperation[op] = (stats.byOperation[op] ?? 0) + 1;
      const rule = pickFault(op, targetHeader, `${req.method} ${req.url}`);
      if (!rule) return forward(req, res, body);
      stats.faults[rule.fault] = (stats.faults[rule.fault] ?? 0) + 1;
      if (rule.fault === "reset") {
        req.socket.destroy();
        return;
      }
      if (rule.fault === "lost-answer") {
        stats.forwarded++;
        const upstream = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
          (up) => {
            up.resume();
            up.on("end", () => req.socket.destroy());
          },
        );
        upstream.on("error", () => req.socket.destroy());
        upstream.end(body);
        return;
      }
      if (rule.fault === "cut") {
        forward(req, res, body, rule.delayMs ?? 500);
        return;
      }
      if (rule.fault === "slow") {
        setTimeout(() => forward(req, res, body), rule.delayMs ?? 500);
        return;
      }
      if (rule.fault === "s3-access-denied") {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${rule.message ?? "Access Denied (injected)"}</Message><RequestId>injected</RequestId></Error>`;
        res.writeHead(403, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) });
        res.end(xml);
        return;
      }
      const [status, type, message] = JSON_FAULTS[rule.fault]!;
      const payload = JSON.stringify({ __type: type, message: rule.message ?? message });
      res.writeHead(status, {
        "content-type": "application/x-amz-json-1.1",
        "content-length": Buffer.byteLength(payload),
        "x-amzn-errortype": type,
        "x-amzn-requestid": `fault-${stats.requests}`,
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setRules(next) {
      rules = next.map((rule) => ({ rule, seen: 0, fired: 0 }));
    },
    clearRules() {
      rules = [];
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
