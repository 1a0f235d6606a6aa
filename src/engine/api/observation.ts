/**
 * PySpark's Observation: `df.observe(obs, count(lit(1)).alias("rows"))` names metrics of a DataFrame;
 * `obs.get` gives them as a map once the DataFrame has been used. tspark computes them when `get` is read,
 * over the same rows (batch DataFrames).
 */
import { AnalysisException } from "../errors";
import type { RowImpl } from "./row";

export class Observation {
  private compute: (() => RowImpl | null) | null = null;
  private names: (() => string[]) | null = null;
  constructor(readonly name: string = `observation_${Math.random().toString(36).slice(2, 10)}`) {}
  /** Called by DataFrame.observe. */
  bind(compute: () => RowImpl | null, names: () => string[]): void {
    if (this.compute !== null) throw new AnalysisException(`An Observation can be used with a DataFrame only once: ${this.name}`);
    this.compute = compute;
    this.names = names;
  }
  get get(): Record<string, unknown> {
    if (this.compute === null || this.names === null) throw new AnalysisException(`Observation ${this.name} was not used with observe(); nothing to get`);
    const row = this.compute() as unknown as Record<string, unknown> | null;
    const out: Record<string, unknown> = {};
    for (const n of this.names()) out[n] = row === null ? null : row[n];
    return out;
  }
}
