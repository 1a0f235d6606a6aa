import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * `--aws` with nowhere to take credentials from: say so at start, not at the first query. This only looks for
 * the places the SDK's default chain reads without the network (environment, shared files); a machine with an
 * instance or container role may still have credentials, so the text says "found no", not "has no".
 */
export function missingCredentialsWarning(env: NodeJS.ProcessEnv = process.env, home = homedir()): string | undefined {
  const fromEnv =
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (fromEnv) return undefined;
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"), env.AWS_CONFIG_FILE ?? join(home, ".aws", "config")];
  if (files.some((f) => existsSync(f))) return undefined;
  return (
    "Warning: --aws, but no AWS credentials were found in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, " +
    "AWS_WEB_IDENTITY_TOKEN_FILE) or in ~/.aws/credentials and ~/.aws/config. Queries on AWS will fail unless this machine has an " +
    "instance or container role, or you give kinesis.awsAccessKeyId / kinesis.awsSecretKey. Leave out --aws to use the embedded local services."
  );
}
