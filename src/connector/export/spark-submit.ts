/**
 * The connector's Maven coordinates for `spark-submit --packages`. Group id com.amazon.emr and the version the
 * blog used (1.2.1, shipped with EMR 7.1) come from /work/shared/reference (blog.md, kinesis-connector.md); the
 * artifact name spark-streaming-sql-kinesis-connector_<scala> is the connector's pom.xml artifactId. Scala 2.12
 * matches Spark 3.5 on EMR 7.x; connector 2.x (Spark 4) is built for Scala 2.13.
 */
export const CONNECTOR_GROUP_ID = "com.amazon.emr";
export const CONNECTOR_ARTIFACT = "spark-streaming-sql-kinesis-connector";
export const CONNECTOR_VERSION = "1.2.1";
export const CONNECTOR_SCALA = "2.12";

export interface SubmitOptions {
  readonly version?: string;
  readonly scala?: string;
}

export function connectorCoordinates(opts: SubmitOptions = {}): string {
  return `${CONNECTOR_GROUP_ID}:${CONNECTOR_ARTIFACT}_${opts.scala ?? CONNECTOR_SCALA}:${opts.version ?? CONNECTOR_VERSION}`;
}

export function sparkSubmitLine(fileName: string, usesKinesis: boolean, opts: SubmitOptions = {}): string {
  return usesKinesis ? `spark-submit --packages ${connectorCoordinates(opts)} ${fileName}` : `spark-submit ${fileName}`;
}
