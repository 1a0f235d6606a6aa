/**
 * The per-batch cost of #21's checkpoint safety on local disk: the writes one micro-batch makes to its checkpoint
 * (offsets/N, the state snapshot N+1, commits/N, retention deletes once past minBatchesToRetain) through the raw
 * store, against the same writes through the store a query now uses: checksum sidecars (.N.sha256) and the lock's
 * fence (each write first checks the lock epoch; the heartbeat renews it when the lease runs low). Figure: ms per
 * batch, and the ratio raw / safe (higher is better; 1.0 = free).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CheckpointLock } from "../src/engine/checkpoint/checkpoint-lock";
import type { CheckpointStore } from "../src/engine/checkpoint/checkpoint-store";
import { ChecksummedStore } from "../src/engine/checkpoint/checksummed-store";
import { CommitLog } from "../src/engine/checkpoint/commit-log";
import { FencedStore } from "../src/engine/checkpoint/fenced-store";
import { LocalFileStore } from "../src/engine/checkpoint/local-file-store";
import { OffsetSeqLog } from "../src/engine/checkpoint/offset-seq-log";
import { StateStoreFiles } from "../src/engine/checkpoint/state-store";
import { machine, median, round, writeResult } from "./harness";

const BATCHES = Number(process.env.BENCH_CHECKPOINT_BATCHES ?? (process.env.BENCH_QUICK ? 200 : 600));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RETAIN = 100;
/** A Kinesis offset line of a 4-shard stream and a 1,000-key count state: sizes as a real query writes them. */
const OFFSET = JSON.stringify({
  metadata: { streamName: "orders", batchId: "0" },
  ...Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [
      `shardId-00000000000${i}`,
      { iteratorType: "AFTER_SEQUENCE_NUMBER", iteratorPosition: "49650000000000000000000000000000000000000000000000000000", isLast: "true" },
    ]),
  ),
});
const STATE = Array.from({ length: 1000 }, (_, i) => [`key-${i}`, [`key-${i}`], [i]]);

async function batches(store: CheckpointStore): Promise<number> {
  const offsets = new OffsetSeqLog(store);
  const commits = new CommitLog(store);
  const state = new StateStoreFiles(store, 0);
  const t0 = performance.now();
  for (let n = 0; n < BATCHES; n++) {
    await offsets.add(n, { metadata: { batchWatermarkMs: 0, batchTimestampMs: Date.now(), conf: {} }, offsets: [OFFSET] });
    await state.commit(n + 1, STATE);
    await commits.add(n, { nextBatchWatermarkMs: 0 });
    const threshold = n - RETAIN + 1;
    if (threshold > 0) {
      await offsets.purge(threshold);
      await commits.purge(threshold);
      await state.purge(threshold + 1);
    }
  }
  return (performance.now() - t0) / BATCHES;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-cp-"));
  const raw: number[] = [];
  const safe: number[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      raw.push(await batches(new LocalFileStore(path.join(root, `raw-${r}`))));
      const base = new LocalFileStore(path.join(root, `safe-${r}`));
      const lock = await CheckpointLock.acquire(base, "bench", `run-${r}`);
      lock.startHeartbeat();
      safe.push(await batches(new FencedStore(new ChecksummedStore(base), lock)));
      await lock.release();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const rawMs = median(raw);
  const safeMs = median(safe);
  writeResult({
    bench: "checkpoint-overhead",
    command: "npm run bench -- checkpoint-overhead",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "checkpoint writes per batch, raw local store", value: round(rawMs, 3), unit: "ms", note: `${BATCHES} batches, median of ${RUNS}` },
      {
        name: "checkpoint writes per batch, with checksums + fencing + heartbeat",
        value: round(safeMs, 3),
        unit: "ms",
        baseline: round(rawMs, 3),
        ratio: round(rawMs / safeMs, 2),
        note: "ratio = raw / safe: the share of raw speed kept",
      },
    ],
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
