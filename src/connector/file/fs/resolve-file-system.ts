/**
 * A path to its file system: S3 clients are made from the reader's/writer's options the way the S3
 * checkpoint store makes its own (store-connection.ts: kinesis.region, kinesis.s3.endpointUrl, static keys,
 * else the shell's embedded s3rver or AWS), and kept per connection so a query reuses one client.
 * The AWS SDK is loaded only when an S3 path is used.
 */
import { resolveServiceConnection } from "../../checkpoint/store-connection";
import type { FileSystem } from "./file-system";
import { LocalFileSystem } from "./local-file-system";
import { parseFileLocation } from "./location";

const localFs = new LocalFileSystem();
const s3Systems = new Map<string, FileSystem>();

export async function resolveFileSystem(path: string, options: ReadonlyMap<string, string> = new Map()): Promise<FileSystem> {
  const loc = parseFileLocation(path);
  if (loc.scheme === "file") return localFs;
  const conn = resolveServiceConnection("s3", options);
  const key = JSON.stringify([conn.region, conn.endpoint, conn.credentials?.accessKeyId, conn.local]);
  let fs = s3Systems.get(key);
  if (fs === undefined) {
    const [{ S3FileSystem }, { createS3ClientFor }] = await Promise.all([
      import("./s3-file-system"),
      import("../../checkpoint/store-clients"),
    ]);
    fs = new S3FileSystem(createS3ClientFor(conn), conn.local);
    s3Systems.set(key, fs);
  }
  return fs;
}
