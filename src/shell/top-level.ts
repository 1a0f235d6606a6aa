import type * as TS from "typescript";

/**
 * Rewrites one compiled input so that (1) top-level `await` works and (2) declarations outlive the input,
 * as they do in Node's and ts-node's REPLs:
 *
 *   const x = await f();  class A {}  function g() {}  x
 * becomes
 *   (async () => { g = function g() {}; void (x = await (await f())); A = class A {}; return (x); })()
 *
 * The assignments create globals, so the next input sees them; `const` turns into a plain binding so a name
 * can be defined again (a REPL habit); a declared value that is a promise is awaited first.
 * This is a syntactic rewrite of the user's own statements, done with the TypeScript parser.
 */
export interface Rewritten {
  readonly code: string;
  readonly declared: readonly string[];
}

export interface RewriteOptions {
  /**
   * Await every top-level expression statement (Python translated to TypeScript): Python code is sequential,
   * so `q.awaitTermination()` then `print("done")` must run in that order, though in TypeScript the first
   * gives a promise nobody awaits.
   */
  readonly awaitStatements?: boolean;
}

export function rewriteTopLevel(js: string, options: RewriteOptions = {}): Rewritten {
  const ts = require("typescript") as typeof TS;
  const file = ts.createSourceFile("input.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const declared: string[] = [];
  const hoisted: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const statements = file.statements;
  const text = (n: TS.Node) => js.slice(n.getStart(file), n.end);

  statements.forEach((st, i) => {
    const last = i === statements.length - 1;
    if (ts.isVariableStatement(st) && !hasModifier(st, ts.SyntaxKind.DeclareKeyword)) {
      const isVar = !(st.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const));
      const parts: string[] = [];
      for (const d of st.declarationList.declarations) {
        collectNames(ts, d.name, declared);
        if (d.initializer) {
          // A promise is awaited before it is bound (`const q = df.writeStream...start()` holds the query,
          // as in pyspark where start() returns it): the REPL reads as synchronous code.
          parts.push(`void (${text(d.name)} = await (${text(d.initializer)}))`);
        } else if (!isVar && ts.isIdentifier(d.name)) {
          parts.push(`void (${d.name.text} = undefined)`);
        }
      }
      edits.push({ start: st.getStart(file), end: st.end, text: parts.length ? `${parts.join("; ")};` : "" });
    } else if (ts.isFunctionDeclaration(st) && st.name && st.body) {
      declared.push(st.name.text);
      // Function declarations are hoisted inside the wrapper: publish them as globals before the other
      // statements run. The declaration stays where it is, so its lines (stack traces, file:line of a
      // script's error) are the user's.
      hoisted.push(`globalThis[${JSON.stringify(st.name.text)}] = ${st.name.text};`);
    } else if (ts.isClassDeclaration(st) && st.name) {
      declared.push(st.name.text);
      edits.push({ start: st.getStart(file), end: st.end, text: `${st.name.text} = ${text(st)};` });
    } else if (last && ts.isExpressionStatement(st)) {
      edits.push({ start: st.getStart(file), end: st.end, text: `return (${text(st.expression)});` });
    } else if (options.awaitStatements && ts.isExpressionStatement(st)) {
      edits.push({ start: st.getStart(file), end: st.end, text: `await (${text(st.expression)});` });
    }
  });

  let body = js;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    body = body.slice(0, e.start) + e.text + body.slice(e.end);
  }
  // No `var` for the declared names: the code runs inside a function (see evaluate.ts), where a sloppy-mode
  // assignment to an undeclared name creates the global we want.
  return { code: `(async () => { ${hoisted.join(" ")}\n${body}\n})()`, declared: [...new Set(declared)] };
}

function hasModifier(node: TS.VariableStatement, kind: TS.SyntaxKind): boolean {
  return (node.modifiers ?? []).some((m) => m.kind === kind);
}

function collectNames(ts: typeof TS, name: TS.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) {
    into.push(name.text);
    return;
  }
  for (const el of name.elements) {
    if (ts.isBindingElement(el)) collectNames(ts, el.name, into);
  }
}

/**
 * `import` in TypeScript source to `const ... = require(...)`, before transpiling: the compiler would elide an
 * import whose names this input does not use, and its bindings would not outlive the input.
 * `import type` lines disappear; `import x from "m"` takes the default export or the module itself.
 * `export` keywords are dropped, so a pasted module's declarations become REPL bindings.
 */
export function rewriteImports(source: string): string {
  if (!/\b(import|export)\b/.test(source)) return source;
  const ts = require("typescript") as typeof TS;
  const file = ts.createSourceFile("input.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const st of file.statements) {
    // `export` means nothing in a REPL: `export const x` declares x like `const x`.
    if (ts.isExportAssignment(st)) {
      edits.push({ start: st.getStart(file), end: st.expression.getStart(file), text: "" });
      continue;
    }
    if (ts.isExportDeclaration(st)) {
      edits.push({ start: st.getStart(file), end: st.end, text: "" });
      continue;
    }
    const modifiers = ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : [];
    for (const m of modifiers) {
      if (m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) {
        edits.push({ start: m.getStart(file), end: m.end, text: "" });
      }
    }
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const spec = JSON.stringify(st.moduleSpecifier.text);
    const clause = st.importClause;
    const parts: string[] = [];
    if (clause && !clause.isTypeOnly) {
      if (clause.name) parts.push(`const ${clause.name.text} = ((m) => (m && m.__esModule && "default" in m ? m.default : m))(require(${spec}));`);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) parts.push(`const ${nb.name.text} = require(${spec});`);
      if (nb && ts.isNamedImports(nb)) {
        const names = nb.elements
          .filter((e) => !e.isTypeOnly)
          .map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
        if (names.length) parts.push(`const { ${names.join(", ")} } = require(${spec});`);
      }
    } else if (!clause) {
      parts.push(`require(${spec});`);
    }
    edits.push({ start: st.getStart(file), end: st.end, text: parts.join(" ") });
  }
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
