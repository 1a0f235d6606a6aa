/**
 * A session's job tags and interrupts (PySpark 3.5+: addTag, removeTag, getTags, clearTags, interruptAll,
 * interruptTag, interruptOperation). Tags are checked as Spark checks them (no empty tag, no ','). Spark
 * cancels the session's running jobs that carry the tags; tspark runs a batch action (and each streaming
 * micro-batch) to completion on the calling thread, so when a user's code can call these nothing of the
 * session is running: the interrupts return the empty list of interrupted operations, as Spark does when
 * nothing runs. Running streaming queries are stopped with `query.stop()` (or `spark.streams`), not by
 * interrupts: in Spark Classic an interrupt cancels a micro-batch's jobs, which fails the query, and only
 * Spark Connect tags streaming queries themselves.
 */
import { IllegalArgumentException } from "../errors";

export class SessionTags {
  private readonly tags = new Set<string>();

  private static check(tag: string): void {
    if (typeof tag !== "string" || tag === "") throw new IllegalArgumentException("Spark job tag cannot be an empty string.");
    if (tag.includes(",")) throw new IllegalArgumentException("Spark job tag cannot contain ','.");
  }
  add(tag: string): void {
    SessionTags.check(tag);
    this.tags.add(tag);
  }
  remove(tag: string): void {
    SessionTags.check(tag);
    this.tags.delete(tag);
  }
  get(): Set<string> {
    return new Set(this.tags);
  }
  clear(): void {
    this.tags.clear();
  }
  interruptAll(): string[] {
    return [];
  }
  interruptTag(tag: string): string[] {
    SessionTags.check(tag);
    return [];
  }
  /** Spark's operation ids are SQL execution ids: a number in string form. */
  interruptOperation(opId: string): string[] {
    if (!/^-?\d+$/.test(String(opId))) throw new IllegalArgumentException("executionId must be a number in string form.");
    return [];
  }
}
