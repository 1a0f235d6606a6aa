/**
 * How the awslabs connector reaches a cluster, per target, and the spark-submit line that follows from it.
 * Checked (docs/export-and-demo.md, "How the connector is shipped"):
 *
 * - It is NOT on Maven Central under any coordinates (`mvn dependency:get` fails for com.amazon.emr and
 *   org.apache.spark, _2.12 and _2.13, 1.2.1 / 1.4.2 / 2.0.0), so `--packages` cannot work.
 * - EMR 7.1+ (EC2, EKS, Serverless) ship it in the release image: nothing to add (AWS EMR release guide).
 * - 1.x (Spark 3.x, Scala 2.12, pom group org.apache.spark) is published as a public jar in S3
 *   (connector README at v1.x: `s3://awslabs-code-us-east-1/spark-sql-kinesis-connector/<jar>`, also over
 *   https); 1.4.2 is the last 1.x release (tag v1.4.2, Spark 3.5.5).
 * - 2.x (Spark 4, Scala 2.13, group com.amazon.emr since commit e9f417b) has no published jar: build it from the
 *   v2.0.0 tag (`mvn -DskipTests package`) and pass the shaded jar with `--jars`.
 */
export type SparkTarget = "emr-7" | "spark-3.5" | "spark-4";

export const SPARK_TARGETS: readonly SparkTarget[] = ["emr-7", "spark-3.5", "spark-4"];
export const DEFAULT_TARGET: SparkTarget = "emr-7";

export const CONNECTOR_ARTIFACT = "spark-streaming-sql-kinesis-connector";
/** The last 1.x release (Spark 3.5, Scala 2.12), as a public S3 jar. */
export const CONNECTOR_1X_VERSION = "1.4.2";
/** The 2.x release for Spark 4 (Scala 2.13): built from its tag. */
export const CONNECTOR_2X_VERSION = "2.0.0";
export const CONNECTOR_S3_PREFIX = "s3://awslabs-code-us-east-1/spark-sql-kinesis-connector";
export const CONNECTOR_HTTPS_PREFIX = "https://awslabs-code-us-east-1.s3.amazonaws.com/spark-sql-kinesis-connector";

export function jarName(target: "spark-3.5" | "spark-4"): string {
  return target === "spark-3.5"
    ? `${CONNECTOR_ARTIFACT}_2.12-${CONNECTOR_1X_VERSION}.jar`
    : `${CONNECTOR_ARTIFACT}_2.13-${CONNECTOR_2X_VERSION}.jar`;
}

/** The target named by the user, or an error naming the choices. */
export function parseTarget(text: string | undefined): SparkTarget {
  if (text === undefined || text === "") return DEFAULT_TARGET;
  const t = text.trim().toLowerCase();
  if ((SPARK_TARGETS as readonly string[]).includes(t)) return t as SparkTarget;
  throw new Error(`Unknown export target '${text}': use ${SPARK_TARGETS.map((x) => `--target ${x}`).join(", ")}`);
}

export interface SubmitLine {
  /** The command. */
  readonly line: string;
  /** What to know or do before running it (header comments). */
  readonly notes: readonly string[];
}

export function sparkSubmit(fileName: string, usesKinesis: boolean, target: SparkTarget = DEFAULT_TARGET): SubmitLine {
  if (!usesKinesis) return { line: `spark-submit ${fileName}`, notes: [] };
  switch (target) {
    case "emr-7":
      return {
        line: `spark-submit ${fileName}`,
        notes: ["Amazon EMR 7.1+ ships the connector in its release image: no --jars or --packages needed."],
      };
    case "spark-3.5":
      return {
        line: `spark-submit --jars ${CONNECTOR_HTTPS_PREFIX}/${jarName(target)} ${fileName}`,
        notes: [
          `Connector ${CONNECTOR_1X_VERSION} (Scala 2.12) is a public jar in S3, not on Maven Central; on EMR use --jars ${CONNECTOR_S3_PREFIX}/${jarName(target)}.`,
        ],
      };
    case "spark-4":
      return {
        line: `spark-submit --jars ${jarName(target)} ${fileName}`,
        notes: [
          `Connector ${CONNECTOR_2X_VERSION} (Spark 4, Scala 2.13) is not published: git clone -b v${CONNECTOR_2X_VERSION} https://github.com/awslabs/spark-sql-kinesis-connector && mvn -DskipTests package, then pass target/${jarName(target)}.`,
        ],
      };
  }
}

/** The spark-submit command alone (kept for callers of the old API). */
export function sparkSubmitLine(fileName: string, usesKinesis: boolean, target: SparkTarget = DEFAULT_TARGET): string {
  return sparkSubmit(fileName, usesKinesis, target).line;
}
