#!/usr/bin/env node
// Entry point of the `tspark` command: loads TypeScript sources through ts-node (transpile-only, fast start).
"use strict";
const path = require("node:path");
require("ts-node").register({
  transpileOnly: true,
  project: path.join(__dirname, "..", "tsconfig.json"),
});
require("../src/shell/main.ts");
