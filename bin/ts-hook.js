// Loads TypeScript sources with Node's own `require`: each file is transpiled (no type check) once and
// cached by content hash. Used by bin/tspark.js, and by the shell's tests so that the shell, the engine
// and the connectors load as one module graph exactly as in production.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");

const root = path.join(__dirname, "..");
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

function install() {
  if (require.extensions[".ts"] && require.extensions[".ts"].tsparkHook) return;
  const cacheDir = process.env.TSPARK_CACHE_DIR || path.join(root, "node_modules", ".cache", "tspark");
  process.setSourceMapsEnabled(true);
  const hook = function loadTypeScript(module, filename) {
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
  hook.tsparkHook = true;
  require.extensions[".ts"] = hook;
}

module.exports = { install };
