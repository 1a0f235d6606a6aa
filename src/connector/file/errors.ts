/** Spark's error texts for files, with tspark's addition of the line number where a record failed. */
import { AnalysisException, SparkException } from "../../engine/errors";
import { qualifiedPath } from "./fs/location";

/** `[PATH_NOT_FOUND] Path does not exist: file:/x. SQLSTATE: 42K03` */
export function pathNotFound(path: string): AnalysisException {
  const p = qualifiedPath(path);
  return new AnalysisException(`[PATH_NOT_FOUND] Path does not exist: ${p}. SQLSTATE: 42K03`, {
    errorClass: "PATH_NOT_FOUND",
    sqlState: "42K03",
    messageParameters: { path: p },
  });
}

/** `[PATH_ALREADY_EXISTS]` for save mode errorifexists. */
export function pathAlreadyExists(path: string): AnalysisException {
  const p = qualifiedPath(path);
  return new AnalysisException(
    `[PATH_ALREADY_EXISTS] Path ${p} already exists. Set mode as "overwrite" to overwrite the existing path. SQLSTATE: 42K04`,
    { errorClass: "PATH_ALREADY_EXISTS", sqlState: "42K04", messageParameters: { outputPath: p } },
  );
}

/** A record in FAILFAST mode (or a file that cannot be decoded): Spark 4's FAILED_READ_FILE, naming file and line. */
export function failedReadFile(path: string, line: number | null, cause: unknown): SparkException {
  const p = qualifiedPath(path);
  const reason = cause instanceof Error ? cause.message : String(cause);
  const where = line === null ? p : `${p}, line ${line}`;
  return new SparkException(`[FAILED_READ_FILE.NO_HINT] Encountered error while reading file ${where}. SQLSTATE: KD001\n${reason}`, {
    errorClass: "FAILED_READ_FILE.NO_HINT",
    sqlState: "KD001",
    messageParameters: { path: p },
    cause,
  });
}

/** Spark's UNABLE_TO_INFER_SCHEMA: no files (or only empty ones) and no schema given. */
export function unableToInferSchema(format: string): AnalysisException {
  const f = format.toUpperCase() === "PARQUET" ? "Parquet" : format.toUpperCase();
  return new AnalysisException(
    `[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for ${f}. It must be specified manually. SQLSTATE: 42KD9`,
    { errorClass: "UNABLE_TO_INFER_SCHEMA", sqlState: "42KD9", messageParameters: { format: f } },
  );
}
