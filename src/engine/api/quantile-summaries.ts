/**
 * Greenwald-Khanna quantile summaries with the buffering Spark uses for `approxQuantile` (its
 * QuantileSummaries): values collect in a head buffer; every `HEAD_SIZE` values they are sorted and merged
 * into the (value, g, delta) samples, which are compressed once there are `COMPRESS_THRESHOLD` of them; a
 * query needs a compressed summary. tspark reads a DataFrame as one partition, so a single summary sees
 * every value (Spark builds one per partition and merges them: with several partitions its answer can be
 * another sample within the same error bound). With relativeError 0 nothing is merged and the answer is
 * the exact quantile, the value at rank ceil(p * n).
 */

const HEAD_SIZE = 50000;
const COMPRESS_THRESHOLD = 10000;

interface Sample {
  readonly value: number;
  readonly g: number;
  readonly delta: number;
}

export class QuantileSummary {
  private samples: Sample[] = [];
  private count = 0;
  private head: number[] = [];

  constructor(private readonly relativeError: number) {}

  insert(x: number): void {
    this.head.push(x);
    if (this.head.length >= HEAD_SIZE) {
      this.flushHead();
      if (this.samples.length >= COMPRESS_THRESHOLD) this.compress();
    }
  }

  /** Sorted head values join the samples; a new inner sample's rank may be off by 2 * error * count. */
  private flushHead(): void {
    if (this.head.length === 0) return;
    const sorted = Float64Array.from(this.head).sort();
    this.head = [];
    const out: Sample[] = [];
    let i = 0;
    for (let op = 0; op < sorted.length; op++) {
      const v = sorted[op]!;
      while (i < this.samples.length && this.samples[i]!.value <= v) out.push(this.samples[i++]!);
      this.count++;
      const edge = out.length === 0 || (i === this.samples.length && op === sorted.length - 1);
      out.push({ value: v, g: 1, delta: edge ? 0 : Math.floor(2 * this.relativeError * this.count) });
    }
    while (i < this.samples.length) out.push(this.samples[i++]!);
    this.samples = out;
  }

  /** GK's COMPRESS: from the end, a sample folds into its successor while their span stays under 2 * error * n. */
  compress(): void {
    this.flushHead();
    const s = this.samples;
    if (s.length === 0) return;
    const threshold = 2 * this.relativeError * this.count;
    const res: Sample[] = [];
    let head = s[s.length - 1]!;
    for (let i = s.length - 2; i >= 1; i--) {
      const cur = s[i]!;
      if (cur.g + head.g + head.delta < threshold) head = { ...head, g: head.g + cur.g };
      else {
        res.push(head);
        head = cur;
      }
    }
    res.push(head);
    // the minimum stays unless the summary holds a single sample
    if (s[0]!.value <= head.value && s.length > 1) res.push(s[0]!);
    this.samples = res.reverse();
  }

  /** The sample whose rank range holds ceil(p * n) within the error; null when no value was inserted. */
  query(p: number): number | null {
    const s = this.samples;
    if (s.length === 0) return null;
    if (p <= this.relativeError) return s[0]!.value;
    if (p >= 1 - this.relativeError) return s[s.length - 1]!.value;
    const rank = Math.ceil(p * this.count);
    let targetError = 0;
    for (const x of s) targetError = Math.max(targetError, x.delta + x.g);
    targetError = Math.floor(targetError / 2);
    let minRank = 0;
    for (let i = 0; i < s.length - 1; i++) {
      const cur = s[i]!;
      minRank += cur.g;
      const maxRank = minRank + cur.delta;
      if (maxRank - targetError <= rank && rank <= minRank + targetError) return cur.value;
    }
    return s[s.length - 1]!.value;
  }
}
