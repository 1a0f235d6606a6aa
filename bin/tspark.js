#!/usr/bin/env node
// Entry point of the `tspark` command. TypeScript sources are transpiled (no type check) on first load and
// cached by content hash, so later starts skip the compiler entirely until the shell needs it for user input.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");

const root = path.join(__dirname, "..");
const cacheDir = process.env.TSPARK_CACHE_DIR || path.join(root, "node_modules", ".cache", "tspark");
const compilerOptions = {
  target: "ES2022",
  module: "CommonJS",
  esModuleInterop: true,
  resolveJsonModule: true,
  inlineSourceMap: true,
};
let ts;
let salt;

function transpile(source, filename) {
  ts = ts || require("typescript");
  return ts.transpileModule(source, { fileName: filename, compilerOptions }).outputText;
}

process.setSourceMapsEnabled(true);
require.extensions[".ts"] = function loadTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  salt = salt || require("typescript/package.json").version + JSON.stringify(compilerOptions);
  const key = crypto.createHash("sha1").update(salt).update(filename).update(source).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  let js;
  try {
    js = fs.readFileSync(cached, "utf8");
  } catch {
    js = transpile(source, filename);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, js);
      fs.renameSync(tmp, cached);
    } catch {
      // read-only install: run uncached
    }
  }
  module._compile(js, filename);
};

require("../src/shell/main.ts");
