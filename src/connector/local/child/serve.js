"use strict";
// Runs one in-process emulator (kinesalite, dynalite or s3rver) on 127.0.0.1:<port> and prints READY when it
// listens. Started by services.ts as a child so that it can be killed by PID and dies with its parent (watchdog.js).
const [service, portText, dataDir] = process.argv.slice(2);
const port = Number(portText);

function ready() {
  process.stdout.write(`READY ${service} ${port}\n`);
}
function fail(err) {
  process.stderr.write(`${service} failed: ${err?.stack ?? err}\n`);
  process.exit(1);
}

try {
  if (service === "kinesalite") {
    const opts = { createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 10000 };
    if (dataDir) opts.path = dataDir;
    const server = require("kinesalite")(opts);
    server.on("error", fail);
    server.listen(port, "127.0.0.1", ready);
  } else if (service === "dynalite") {
    const opts = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
    if (dataDir) opts.path = dataDir;
    const server = require("dynalite")(opts);
    server.on("error", fail);
    server.listen(port, "127.0.0.1", ready);
  } else if (service === "s3rver") {
    const S3rver = require("s3rver");
    new S3rver({ address: "127.0.0.1", port, directory: dataDir, silent: true }).run().then(ready, fail);
  } else {
    fail(new Error(`unknown service ${service}`));
  }
} catch (err) {
  fail(err);
}
