/**
 * How many rows the rate source has produced by `seconds` after its start, ramping linearly up to
 * `rowsPerSecond` over `rampUpSeconds` (Spark's RateStreamProvider.valueAtSecond). With rampUp r and rate R the
 * speed grows by R/(r+1) per second, so the total is an arithmetic sum until r, then R per second.
 */
export function valueAtSecond(seconds: number, rowsPerSecond: number, rampUpSeconds: number): number {
  const step = Math.floor(rowsPerSecond / (rampUpSeconds + 1));
  if (seconds <= rampUpSeconds) {
    // step * (0 + 1 + ... + seconds), computed as in Spark (integer halves) to keep results identical.
    return seconds % 2 === 1 ? ((seconds + 1) / 2) * step * seconds : (seconds / 2) * step * (seconds + 1);
  }
  return valueAtSecond(rampUpSeconds, rowsPerSecond, rampUpSeconds) + (seconds - rampUpSeconds) * rowsPerSecond;
}
