/**
 * A minimal HTTP forward proxy on 127.0.0.1 for tests of the proxy options: absolute-URI requests
 * (`POST http://host:port/ HTTP/1.1`, what an HTTP proxy agent sends for http:// targets) are forwarded and
 * counted; CONNECT tunnels (https:// targets) are piped and counted. Optional Basic credentials are enforced.
 */
import * as http from "node:http";
import * as net from "node:net";

export interface ForwardProxy {
  readonly url: string;
  readonly port: number;
  /** Requests forwarded (absolute URI) and tunnels opened (CONNECT). */
  readonly stats: { forwarded: number; tunnels: number; refused: number };
  close(): Promise<void>;
}

export async function startForwardProxy(auth?: { user: string; password: string }): Promise<ForwardProxy> {
  const stats = { forwarded: 0, tunnels: 0, refused: 0 };
  const expected = auth ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}` : undefined;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    if (expected && req.headers["proxy-authorization"] !== expected) {
      stats.refused++;
      res.writeHead(407, { "proxy-authenticate": "Basic" }).end();
      return;
    }
    const target = new URL(req.url ?? "");
    stats.forwarded++;
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const out = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  server.on("connect", (req, client: net.Socket) => {
    if (expected && req.headers["proxy-authorization"] !== expected) {
      stats.refused++;
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
      return;
    }
    stats.tunnels++;
    const [host, port] = (req.url ?? "").split(":");
    const up = net.connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      up.pipe(client);
      client.pipe(up);
    });
    up.on("error", () => client.destroy());
    client.on("error", () => up.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
