/** Where and how tspark talks to AWS (or to the embedded emulators). Resolved once, handed to every client. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsConnection {
  region: string;
  kinesisEndpoint?: string;
  dynamodbEndpoint?: string;
  s3Endpoint?: string;
  stsEndpoint?: string;
  /** undefined = the SDK default chain (env vars, shared profiles, instance roles). */
  credentials?: AwsCredentials;
  /** true when the endpoints are the embedded emulators. */
  local: boolean;
  kinesisBackend?: "kinesis-local" | "kinesalite";
}

/** Credentials the emulators accept (s3rver insists on S3RVER/S3RVER; the others take anything). */
export const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const LOCAL_REGION = "us-east-1";
