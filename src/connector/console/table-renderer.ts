import kleur from "kleur";

/**
 * Spark's `Dataset.showString` layout (non-vertical), reproduced exactly:
 * ```
 * +------+-----+
 * | value|count|
 * +------+-----+
 * |apache|    1|
 * +------+-----+
 * only showing top 20 rows
 * ```
 * Widths are max(3, widest cell) in display columns (East Asian wide characters count 2, as Spark's
 * `stringHalfWidth`); with truncate on, long cells become the first (truncate-3) characters + "..." and
 * everything is right-aligned; with truncate 0 cells are left-aligned.
 */
export interface TableOptions {
  /** 0 = no truncation (left-aligned); >0 = max cell width (right-aligned). Spark's default is 20. */
  readonly truncate: number;
  /** More rows exist than were given: print `only showing top N rows` with N = numRows. */
  readonly hasMoreData: boolean;
  readonly numRows: number;
  /** Colour borders and header with kleur (only when printing to a terminal). */
  readonly colors?: boolean;
}

const WIDE =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;

/** Display width: each code point counts 1, full-width ones 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Spark's cell truncation (by characters, not display width). */
export function truncateCell(cell: string, truncate: number): string {
  const chars = [...cell];
  if (truncate <= 0 || chars.length <= truncate) return cell;
  return truncate < 4 ? chars.slice(0, truncate).join("") : chars.slice(0, truncate - 3).join("") + "...";
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions): string {
  const head = header.map((h) => truncateCell(h, opts.truncate));
  const body = rows.map((r) => r.map((c) => truncateCell(c, opts.truncate)));
  const widths = head.map((h, i) => Math.max(3, displayWidth(h), ...body.map((r) => displayWidth(r[i] ?? ""))));
  const dim = opts.colors ? kleur.dim : (s: string) => s;
  const bold = opts.colors ? kleur.bold : (s: string) => s;
  const pad = (cell: string, i: number): string => {
    const fill = " ".repeat(widths[i]! - displayWidth(cell));
    return opts.truncate > 0 ? fill + cell : cell + fill;
  };
  const sep = dim("+" + widths.map((w) => "-".repeat(w)).join("+") + "+");
  const line = (cells: readonly string[], style: (s: string) => string): string =>
    dim("|") + cells.map((c, i) => style(pad(c, i))).join(dim("|")) + dim("|");
  const out = [sep, line(head, bold), sep, ...body.map((r) => line(r, (s) => s)), sep];
  let text = out.join("\n") + "\n";
  if (opts.hasMoreData) text += `only showing top ${opts.numRows} ${opts.numRows === 1 ? "row" : "rows"}\n`;
  return text;
}
