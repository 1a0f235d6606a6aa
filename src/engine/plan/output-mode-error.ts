/**
 * Spark 4's STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION: the error UnsupportedOperationChecker raises when an output
 * mode cannot run an operation (an aggregation without watermark in append mode, a session window in update mode).
 */
import { AnalysisException } from "../errors";
import type { OutputMode } from "./physical";

export function unsupportedOutputMode(mode: OutputMode, operation: string): AnalysisException {
  return new AnalysisException(
    `[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: ${mode}. This output mode is not supported for ${operation} on streaming DataFrames/DataSets. SQLSTATE: 42KDE`,
    { errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION", sqlState: "42KDE" },
  );
}
