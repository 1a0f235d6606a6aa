// Child used by services.test.ts: starts the default services (kinesis-local, dynalite, s3rver), prints their
// ports, then waits to be killed (the test kills it with SIGKILL and checks that every port closes).
import { startLocalServices } from "../../../src/connector/local/services";

startLocalServices({ fastTimings: true }).then(
  (s) => {
    const ports = Object.values(s.endpoints).map((e) => new URL(e!).port);
    process.stdout.write(`PORTS ${ports.join(",")}\n`);
    setInterval(() => undefined, 1000);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
