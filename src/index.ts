/**
 * The public API: `import { SparkSession, functions, col, StructType, Trigger } from "tspark"`.
 * Importing it also registers the connector's formats (console, memory, rate, aws-kinesis), so a plain
 * TypeScript program gets the same formats as the shell.
 */
export { Trigger } from "./engine/api/trigger";
