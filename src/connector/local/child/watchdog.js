"use strict";
// Loaded into every embedded-service child (`node -r`). The parent holds the write end of our stdin pipe: when the
// parent exits for any reason (normal exit, Ctrl-C, SIGTERM, SIGKILL, crash) the pipe closes and we exit at once,
// so no emulator ever outlives the process that started it. It also pins every listen() to 127.0.0.1, because
// kinesis-local binds 0.0.0.0 and has no host option.
const net = require("node:net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === "object" && first !== null && !Array.isArray(first)) {
    args[0] = { ...first, host: "127.0.0.1" };
  } else if (typeof first === "number" || typeof first === "string") {
    // listen(port[, host][, backlog][, cb]): drop any host given, then insert ours.
    const rest = args.slice(1).filter((a) => typeof a === "function");
    args = [Number(first), "127.0.0.1", ...rest];
  }
  return listen.apply(this, args);
};

if (process.env.TSPARK_CHILD_WATCHDOG === "1") {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("close", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
  process.stdin.unref?.();
  // Belt and braces: should the pipe's write end ever be held open by someone else, a parent that is gone still
  // shows as a changed ppid (we are re-parented to init or a subreaper).
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}
