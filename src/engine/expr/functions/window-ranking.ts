/**
 * Ranking window functions (Spark's RowNumber, Rank, DenseRank, PercentRank, CumeDist, NTile): values from a
 * row's position in its sorted partition and its peer group (rows with equal ORDER BY keys); the frame is
 * ignored, as in Spark, where these always use ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
 */
import { DoubleType, IntegerType } from "../../types/data-types";
import { intArg, requireOrdered, type WindowBindContext, type WindowFunction, type WindowPartition } from "./window-spec";

type Ranker = (p: WindowPartition) => unknown[];

function each(p: WindowPartition, f: (i: number, n: number) => unknown): unknown[] {
  const n = p.rows.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = f(i, n);
  return out;
}

const rowNumber: Ranker = (p) => each(p, (i) => i + 1);
const rank: Ranker = (p) => each(p, (i) => p.peerStart(i) + 1);
const denseRank: Ranker = (p) => {
  let d = 0;
  return each(p, (i) => {
    if (p.peerStart(i) === i) d++;
    return d;
  });
};
const percentRank: Ranker = (p) => each(p, (i, n) => (n > 1 ? p.peerStart(i) / (n - 1) : 0));
const cumeDist: Ranker = (p) => each(p, (i, n) => p.peerEnd(i) / n);

/** Spark's NTile: the first n % k buckets hold one row more than the rest. */
function ntile(k: number): Ranker {
  return (p) =>
    each(p, (i, n) => {
      const size = Math.floor(n / k);
      const extra = n % k;
      const big = extra * (size + 1);
      return i < big ? Math.floor(i / (size + 1)) + 1 : extra + Math.floor((i - big) / size) + 1;
    });
}

const UPPER_CASED = new Set(["rank", "dense_rank", "percent_rank"]);

export function bindRankingFunction(c: WindowBindContext): WindowFunction | null {
  const name = c.call.name.toLowerCase();
  let f: Ranker;
  // Spark prints rank, dense_rank and percent_rank upper-cased in a column name (their SQL form): RANK() OVER (...)
  let label = UPPER_CASED.has(name) ? `${name.toUpperCase()}()` : `${name}()`;
  switch (name) {
    case "row_number":
      f = rowNumber;
      break;
    case "rank":
      f = rank;
      break;
    case "dense_rank":
      f = denseRank;
      break;
    case "percent_rank":
      f = percentRank;
      break;
    case "cume_dist":
      f = cumeDist;
      break;
    case "ntile": {
      const k = intArg(c, 0, 1);
      if (k <= 0) throw new RangeError(`ntile: the number of buckets must be positive, got ${k}`);
      f = ntile(k);
      label = `ntile(${k})`;
      break;
    }
    default:
      return null;
  }
  requireOrdered(c, name);
  const double = name === "percent_rank" || name === "cume_dist";
  // Spark shows cume_dist over a RANGE frame (peers count), the others over ROWS; the frame here is only shown
  return { name: label, frame: { type: name === "cume_dist" ? "range" : "rows", lower: Number.NEGATIVE_INFINITY, upper: 0 }, dataType: double ? DoubleType() : IntegerType(), nullable: false, evaluate: f };
}
