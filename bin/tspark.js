#!/usr/bin/env node
// Entry point of the `tspark` command. TypeScript sources are transpiled (no type check) on first load and
// cached by content hash (bin/ts-hook.js), so later starts skip the compiler until the shell needs it.
"use strict";
require("./ts-hook").install();
require("../src/shell/main.ts");
