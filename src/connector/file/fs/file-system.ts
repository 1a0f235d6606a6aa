/**
 * The few file operations the file source and sink need, over local disk and S3 alike. Paths are full
 * locations as users write them: "/tmp/out/x.json", "file:///tmp/out/x.json", "s3://bucket/key" ("s3a://" too).
 */
export interface FileStatus {
  /** Full location of the file, in the scheme it was listed under. */
  readonly path: string;
  readonly size: number;
  /** Milliseconds since the epoch. */
  readonly modificationTime: number;
}

export interface FileSystem {
  /** "file" or "s3": what `ls` and error messages call it. */
  readonly scheme: string;
  /** The file or folder at `path`; null when neither exists. */
  stat(path: string): Promise<(FileStatus & { readonly isDir: boolean }) | null>;
  /** Every file below `dir`, recursively, sorted by path. Empty when `dir` does not exist. */
  listFiles(dir: string): Promise<FileStatus[]>;
  read(path: string): Promise<Uint8Array>;
  /** Write (replace) the whole file, creating parent folders. Large S3 objects go up in parts. */
  write(path: string, data: Uint8Array | string): Promise<void>;
  delete(path: string): Promise<void>;
  /** Delete `dir` and everything below it. */
  deleteRecursively(dir: string): Promise<void>;
  /** Move a file (cleanSource=archive). */
  rename(from: string, to: string): Promise<void>;
  /** Before writing under `dir`: on the embedded S3 a missing bucket is created (never on AWS). */
  prepareForWrite?(dir: string): Promise<void>;
}
