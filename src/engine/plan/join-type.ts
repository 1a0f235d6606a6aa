/**
 * `how` of `df.join(other, on, how)` to a JoinType, with every spelling Spark's JoinType.apply accepts
 * (case-insensitive, underscores ignored) and its UNSUPPORTED_JOIN_TYPE error for any other.
 */
import { AnalysisException } from "../errors";
import type { JoinType } from "./nodes";

const BY_NAME: Readonly<Record<string, JoinType>> = {
  inner: "inner",
  outer: "full",
  full: "full",
  fullouter: "full",
  leftouter: "left",
  left: "left",
  rightouter: "right",
  right: "right",
  leftsemi: "semi",
  semi: "semi",
  leftanti: "anti",
  anti: "anti",
  cross: "cross",
};

/** The names Spark lists in its error, in Spark's order. */
const SUPPORTED = [
  "inner",
  "outer",
  "full",
  "fullouter",
  "full_outer",
  "leftouter",
  "left",
  "left_outer",
  "rightouter",
  "right",
  "right_outer",
  "leftsemi",
  "left_semi",
  "semi",
  "leftanti",
  "left_anti",
  "anti",
  "cross",
];

export function parseJoinType(how: string): JoinType {
  const t = BY_NAME[how.toLowerCase().replace(/_/g, "")];
  if (t !== undefined) return t;
  throw new AnalysisException(
    `[UNSUPPORTED_JOIN_TYPE] Unsupported join type '${how}'. Supported join types include: ${SUPPORTED.map((s) => `'${s}'`).join(", ")}. SQLSTATE: 0A000`,
    { errorClass: "UNSUPPORTED_JOIN_TYPE", sqlState: "0A000" },
  );
}

/** Spark's name of a join type as plans and messages print it (`LeftOuter`, `LeftAnti`...). */
export const JOIN_TYPE_NAME: Readonly<Record<JoinType, string>> = {
  inner: "Inner",
  cross: "Cross",
  left: "LeftOuter",
  right: "RightOuter",
  full: "FullOuter",
  semi: "LeftSemi",
  anti: "LeftAnti",
};
