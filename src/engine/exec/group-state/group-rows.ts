/**
 * A batch's input rows grouped by the user's key, as both arbitrary-state operators (flatMapGroupsWithState,
 * transformWithState) need them: late rows dropped first when the operator's time mode says so, then one group per
 * distinct key in the order keys first appear.
 *
 * Groups keep the engine rows; the user-form rows are made as the function reads them, so they die young (a batch of
 * user rows kept until its keys are called costs far more in garbage collection).
 */
import type { RowImpl } from "../../api/row";
import type { Row } from "../../types/values";
import { forEachRow, type RowFeed } from "../stateful";
import { keyText } from "./group-state-store";

export interface KeyGroup {
  readonly key: unknown;
  readonly rows: Row[];
}

/** Late-row filter: rows whose event time (column `index`, microseconds) is at or below `watermarkMs` are dropped. */
export interface LateRows {
  readonly index: number;
  readonly watermarkMs: number;
}

export function groupRowsByKey(
  input: RowFeed,
  keyOf: (row: Row, toUser: (row: Row) => RowImpl) => unknown,
  toUser: (row: Row) => RowImpl,
  late: LateRows | null,
): { groups: Map<string, KeyGroup>; dropped: number } {
  const lateMicros = late === null ? 0n : BigInt(late.watermarkMs) * 1000n;
  let dropped = 0;
  const groups = new Map<string, KeyGroup>();
  forEachRow(input, (r) => {
    if (late !== null) {
      const t = r[late.index];
      if (typeof t === "bigint" && t <= lateMicros) {
        dropped++;
        return;
      }
    }
    const key = keyOf(r, toUser);
    const kt = keyText(key);
    const g = groups.get(kt);
    if (g === undefined) groups.set(kt, { key, rows: [r] });
    else g.rows.push(r);
  });
  return { groups, dropped };
}
