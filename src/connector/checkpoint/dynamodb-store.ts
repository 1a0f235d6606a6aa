/**
 * A checkpoint in a DynamoDB table: `dynamodb://table[/prefix]`.
 *
 * One item per file or directory: hash key `parent` ("/" + the directory's full path, e.g. "/q1/offsets"),
 * range key `name` ("3"), `kind` ("file" | "dir") and `data`. `list(dir)` is then one consistent Query on
 * `parent`. Directories get a marker item in their own parent the first time something is written below them, so
 * listing the root shows "offsets", "commits", ... as on a file system.
 *
 * Put-if-absent is a conditional PutItem (`attribute_not_exists(#name)`): of two writers, exactly one wins,
 * which is what fences a second query on the same checkpoint. All reads are consistent reads.
 *
 * Items are limited to 400 KB; a larger file (a big state snapshot) is split into chunk items under a hidden
 * parent "#chunks/<id>", written before the head item, so the head's conditional put stays the single commit
 * point. The table is created on demand (PAY_PER_REQUEST) and must have exactly these keys.
 */
import { randomUUID } from "node:crypto";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import type { CheckpointStore } from "../../engine/checkpoint/checkpoint-store";
import { errorName } from "../kinesis/retry";
import { ensureTable } from "./dynamodb-table";
import { joinPath, normalisePath, parseLocation } from "./location";
import { DEFAULT_METADATA_RETRY, type MetadataRetryOptions, withStoreRetry } from "./metadata-retry";

export const CHECKPOINT_TABLE_KEYS = { hashKey: "parent", rangeKey: "name" } as const;

/** Bytes of `data` per item; leaves room for keys and attribute names under the 400 KB item limit. */
export const CHUNK_BYTES = 350_000;
const CHUNK_PARENT = "#chunks/";

type Item = Record<string, AttributeValue>;

function s(value: string): AttributeValue {
  return { S: value };
}

function str(item: Item | undefined, attr: string): string | undefined {
  const v = item?.[attr];
  return v && "S" in v ? v.S : undefined;
}

export class DynamoDBCheckpointStore implements CheckpointStore {
  readonly location: string;
  private readonly table: string;
  private readonly prefix: string;
  /** Directory markers already written by this instance (they never need writing twice). */
  private readonly knownDirs = new Set<string>();

  private constructor(
    location: string,
    private readonly client: DynamoDBClient,
    private readonly retry: MetadataRetryOptions,
  ) {
    this.location = location;
    const parsed = parseLocation(location, "dynamodb");
    this.table = parsed.container;
    this.prefix = parsed.prefix;
  }

  /** Opens the store, creating its table if needed. */
  static async open(
    location: string,
    client: DynamoDBClient,
    retry: MetadataRetryOptions = DEFAULT_METADATA_RETRY,
  ): Promise<DynamoDBCheckpointStore> {
    const store = new DynamoDBCheckpointStore(location, client, retry);
    await ensureTable(client, store.table, CHECKPOINT_TABLE_KEYS, retry);
    return store;
  }

  /** Full path (prefix + rel) split into its parent key and name. */
  private split(rel: string): { parent: string; name: string; full: string } {
    const full = joinPath(this.prefix, rel);
    if (normalisePath(rel) === "") throw new Error(`Checkpoint path '${rel}' names the root of ${this.location}, not a file`);
    const cut = full.lastIndexOf("/");
    return cut < 0
      ? { parent: "/", name: full, full }
      : { parent: `/${full.slice(0, cut)}`, name: full.slice(cut + 1), full };
  }

  private where(rel: string): string {
    return `dynamodb://${this.table}/${joinPath(this.prefix, rel)}`;
  }

  private send<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withStoreRetry(this.retry, `${what} in DynamoDB table ${this.table}`, fn);
  }

  /** Marker items for every directory above `full` ("a/b/c" -> dirs "a", "a/b"), once per instance. */
  private async ensureParents(full: string): Promise<void> {
    const parts = full.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (this.knownDirs.has(dir)) continue;
      const parent = i === 1 ? "/" : `/${parts.slice(0, i - 1).join("/")}`;
      await this.send(`creating directory ${dir}`, async () => {
        try {
          await this.client.send(
            new PutItemCommand({
              TableName: this.table,
              Item: { parent: s(parent), name: s(parts[i - 1]!), kind: s("dir") },
              ConditionExpression: "attribute_not_exists(#n)",
              ExpressionAttributeNames: { "#n": "name" },
            }),
          );
        } catch (error) {
          if (errorName(error) !== "ConditionalCheckFailedException") throw error;
        }
      });
      this.knownDirs.add(dir);
    }
  }

  /** The head item for `data`: inline, or a reference to chunk items written first. */
  private async headFor(parent: string, name: string, data: string): Promise<{ item: Item; chunkId?: string }> {
    const bytes = Buffer.from(data, "utf8");
    if (bytes.length <= CHUNK_BYTES) return { item: { parent: s(parent), name: s(name), kind: s("file"), data: s(data) } };
    const chunkId = randomUUID();
    const chunks: Item[] = [];
    // Split on byte boundaries into binary attributes, so a multi-byte character cut in two survives.
    for (let i = 0, n = 0; i < bytes.length; i += CHUNK_BYTES, n++) {
      const part = bytes.subarray(i, i + CHUNK_BYTES);
      chunks.push({ parent: s(CHUNK_PARENT + chunkId), name: s(String(n).padStart(6, "0")), kind: s("chunk"), bytes: { B: part } });
    }
    for (const item of chunks) {
      await this.send(`writing a chunk of ${name}`, () => this.client.send(new PutItemCommand({ TableName: this.table, Item: item })));
    }
    return {
      item: { parent: s(parent), name: s(name), kind: s("file"), chunks: s(chunkId), chunkCount: { N: String(chunks.length) } },
      chunkId,
    };
  }

  async putIfAbsent(rel: string, data: string): Promise<boolean> {
    const { parent, name, full } = this.split(rel);
    await this.ensureParents(full);
    const { item, chunkId } = await this.headFor(parent, name, data);
    const written = await this.send(`writing ${this.where(rel)}`, async () => {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: item,
            ConditionExpression: "attribute_not_exists(#n)",
            ExpressionAttributeNames: { "#n": "name" },
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return false;
        throw error;
      }
    });
    if (!written && chunkId !== undefined) await this.deleteChunks(chunkId);
    return written;
  }

  async put(rel: string, data: string): Promise<void> {
    const { parent, name, full } = this.split(rel);
    await this.ensureParents(full);
    const previous = await this.getItem(parent, name);
    const { item } = await this.headFor(parent, name, data);
    await this.send(`writing ${this.where(rel)}`, () => this.client.send(new PutItemCommand({ TableName: this.table, Item: item })));
    const oldChunks = str(previous, "chunks");
    if (oldChunks !== undefined) await this.deleteChunks(oldChunks);
  }

  private async getItem(parent: string, name: string): Promise<Item | undefined> {
    const out = await this.send(`reading ${parent}/${name}`, () =>
      this.client.send(
        new GetItemCommand({ TableName: this.table, Key: { parent: s(parent), name: s(name) }, ConsistentRead: true }),
      ),
    );
    return out.Item;
  }

  async get(rel: string): Promise<string | null> {
    const { parent, name } = this.split(rel);
    const item = await this.getItem(parent, name);
    if (item === undefined || str(item, "kind") !== "file") return null;
    const chunkId = str(item, "chunks");
    if (chunkId === undefined) return str(item, "data") ?? "";
    const parts = await this.queryAll(CHUNK_PARENT + chunkId, true);
    const expected = Number(item.chunkCount && "N" in item.chunkCount ? item.chunkCount.N : Number.NaN);
    if (parts.length !== expected) {
      throw new Error(`Checkpoint file ${this.where(rel)} is incomplete: ${parts.length} of ${expected} chunks found`);
    }
    return Buffer.concat(parts.map((p) => (p.bytes && "B" in p.bytes && p.bytes.B ? p.bytes.B : new Uint8Array()))).toString("utf8");
  }

  /** Every item under one parent key, in name order. */
  private async queryAll(parent: string, withData: boolean): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.send(`listing ${parent}`, () =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: "#p = :p",
            ExpressionAttributeNames: withData ? { "#p": "parent" } : { "#p": "parent", "#n": "name", "#k": "kind", "#c": "chunks" },
            ExpressionAttributeValues: { ":p": s(parent) },
            ProjectionExpression: withData ? undefined : "#p, #n, #k, #c",
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async list(dir: string): Promise<string[]> {
    const full = joinPath(this.prefix, dir);
    const items = await this.queryAll(`/${full}`, false);
    return items
      .map((i) => str(i, "name"))
      .filter((n): n is string => n !== undefined)
      .sort();
  }

  /** Deletes the file or directory at `rel` with everything below it. */
  async delete(rel: string): Promise<void> {
    const { parent, name, full } = this.split(rel);
    const doomed: Item[] = [];
    const chunkIds: string[] = [];
    const collect = async (p: string, n: string, item: Item | undefined) => {
      doomed.push({ parent: s(p), name: s(n) });
      const chunkId = str(item, "chunks");
      if (chunkId !== undefined) chunkIds.push(chunkId);
    };
    await collect(parent, name, await this.getItem(parent, name));
    // Children exist only for directories; a Query on a file's path returns nothing.
    const walk = async (dirFull: string): Promise<void> => {
      for (const child of await this.queryAll(`/${dirFull}`, false)) {
        const childName = str(child, "name")!;
        await collect(`/${dirFull}`, childName, child);
        if (str(child, "kind") === "dir") await walk(`${dirFull}/${childName}`);
      }
    };
    await walk(full);
    for (const id of chunkIds) await this.deleteChunks(id);
    await this.deleteKeys(doomed);
    for (const known of [...this.knownDirs]) {
      if (known === full || known.startsWith(`${full}/`)) this.knownDirs.delete(known);
    }
  }

  private async deleteChunks(chunkId: string): Promise<void> {
    const parts = await this.queryAll(CHUNK_PARENT + chunkId, false);
    await this.deleteKeys(parts.map((p) => ({ parent: p.parent!, name: p.name! })));
  }

  /** BatchWriteItem in groups of 25, resending unprocessed items. */
  private async deleteKeys(keys: Item[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let pending: WriteRequest[] = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > this.retry.numRetries + 5) throw new Error(`DynamoDB kept ${pending.length} deletes unprocessed in ${this.table}`);
        const out = await this.send("deleting checkpoint items", () =>
          this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: pending } })),
        );
        pending = out.UnprocessedItems?.[this.table] ?? [];
        if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
  }
}
