/**
 * PySpark export: loading this module gives the engine's `toPySpark()` its renderer (the engine cannot import
 * connector code, so the connector registers itself, like formats do).
 */
import { setPySparkExporter } from "../../engine/plan/to-pyspark";
import { renderProgram } from "./render-program";

setPySparkExporter(renderProgram);

export { renderProgram } from "./render-program";
export { SPARK_TARGETS, parseTarget, sparkSubmit, sparkSubmitLine } from "./spark-submit";
