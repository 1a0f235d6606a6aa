// Child used by services.test.ts: starts services, prints their ports, then waits to be killed.
import { startLocalServices } from "../../../src/connector/local/services";

startLocalServices({ services: ["kinesis", "dynamodb", "s3"], kinesisBackend: "kinesalite" }).then((s) => {
  const ports = Object.values(s.endpoints).map((e) => new URL(e!).port);
  process.stdout.write(`PORTS ${ports.join(",")}\n`);
  setInterval(() => undefined, 1000);
});
