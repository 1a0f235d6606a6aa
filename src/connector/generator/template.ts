import { HELPERS, type HelperContext, helperNames, helperText } from "./helpers";
import { createRng } from "./random";
import { TemplateError, parseTemplate, position } from "./template-parser";

/** The blog's KDG template (one JSON event per record). */
export const BLOG_TEMPLATE = `{
    "id": {{random.number(100)}},
    "data": "{{random.arrayElement(
        ["Spain","Portugal","Finland","France"]
    )}}",
    "date": "{{date.now("YYYY-MM-DD hh:mm:ss")}}"
}`;

export const BUILT_IN_TEMPLATES: Record<string, string> = { blog: BLOG_TEMPLATE };

export interface CompiledTemplate {
  readonly source: string;
  /** Render one record with the given RNG/clock. */
  render(ctx: HelperContext): string;
}

function nearest(name: string): string | undefined {
  const score = (a: string, b: string) => {
    const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = dp[0]!;
      dp[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = dp[j]!;
        dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return dp[b.length]!;
  };
  const best = helperNames()
    .map((n) => [n, score(name.toLowerCase(), n.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 3 ? best[0] : undefined;
}

/** Parse and check a template once; unknown helpers and bad arguments fail here, naming the helper and position. */
export function compileTemplate(source: string): CompiledTemplate {
  const helperAt = (path: string, pos: number) => {
    const helper = Object.hasOwn(HELPERS, path) ? HELPERS[path] : undefined;
    if (helper) return helper;
    const hint = nearest(path);
    throw new TemplateError(`Unknown template helper '${path}' at ${position(source, pos)}${hint ? ` (did you mean '${hint}'?)` : ""}`);
  };
  const parts = parseTemplate(source, (path, pos) => void helperAt(path, pos));
  const steps = parts.map((p) => {
    if (p.kind === "text") return () => p.text;
    const helper = helperAt(p.path, p.pos);
    const problem = helper.check?.(p.args);
    if (problem) throw new TemplateError(`Template helper '${p.path}' at ${position(source, p.pos)} ${problem}`);
    const value = helper.bind ? helper.bind(p.args) : (ctx: HelperContext) => helper.run(p.args, ctx);
    return (ctx: HelperContext) => helperText(value(ctx));
  });
  return {
    source,
    render: (ctx) => {
      let out = "";
      for (let i = 0; i < steps.length; i++) out += steps[i]!(ctx);
      return out;
    },
  };
}

/** `blog` or template text: a built-in name is looked up, anything else is taken as the template itself. */
export function resolveTemplate(nameOrText: string): string {
  return BUILT_IN_TEMPLATES[nameOrText] ?? nameOrText;
}

/** Render n records with a seed (tests, previews). */
export function renderSample(source: string, n: number, seed = 1, now = () => new Date()): string[] {
  const t = compileTemplate(source);
  const ctx = { rng: createRng(seed), now };
  return Array.from({ length: n }, () => t.render(ctx));
}
