/**
 * Which test runs each ```ts block of docs/, the way its readers use it (see test/helpers/doc-blocks.ts). The
 * runners read these tables; every-block.test.ts checks that together they cover every ts block of every page.
 * Block numbers count a page's ts blocks from 1.
 */

/** Typed line by line at the prompt of one shell per page, on the test run's embedded services (typed-pages). */
export const TYPED: Record<string, number[]> = {
  "docs/streaming.md": [1],
  "docs/joins.md": [1, 2, 3],
  "docs/files.md": [1, 2, 3],
  "docs/kinesis-sink.md": [1],
  "docs/kinesis-source.md": [1],
  "docs/variant.md": [1, 2, 3, 4],
};

/** Whole programs, run as `tspark file.ts`; a text block after one is its output, exactly or as a part (doc-pages). */
export const PROGRAM_PAGES: Record<string, "exact" | "part"> = {
  "docs/stateful.md": "exact",
  "docs/session-windows.md": "part",
  "docs/udf.md": "exact",
  "docs/observe.md": "exact",
  "docs/dataframe.md": "exact",
};

/** [page, heading]: the ts blocks under the heading, in this process with the shell's names (sections). */
export const SECTIONS: [string, string][] = [
  ["docs/engine.md", "## Chains of stateful operators"],
  ["docs/joins.md", "### A join followed by an aggregation"],
  ["docs/streaming.md", "## Testing streams"],
  ["docs/local-aws.md", "## Embedded local AWS"],
];

/** Pages whose ts blocks are one session of pieces copied into the shell, in this process (pages). */
export const SESSION_PAGES = ["docs/sql.md", "docs/functions.md"];

/** Blocks run by a test of their own area: "page" (all its ts blocks) or "page#n" -> that test file. */
export const ELSEWHERE: Record<string, string> = {
  "docs/ui.md": "test/docs/ui.test.ts",
  "docs/files.md#4": "test/shell/demo-lake.test.ts",
};
