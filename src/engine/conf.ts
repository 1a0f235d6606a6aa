/**
 * Session configuration (`spark.conf`): string values by key, Spark's defaults for the keys the
 * engine reads. `spark.sql.ansi.enabled` defaults to true (Spark 4); `spark.sql.session.timeZone`
 * defaults to the process zone (TZ) or UTC.
 */
import { IllegalArgumentException } from "./errors";

export const DEFAULTS: Readonly<Record<string, string>> = {
  "spark.sql.ansi.enabled": "true",
  "spark.sql.session.timeZone": process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
  "spark.sql.shuffle.partitions": "200",
  "spark.sql.streaming.checkpointLocation": "",
};

export class RuntimeConfig {
  private readonly values = new Map<string, string>();

  constructor(initial: Iterable<[string, string]> = []) {
    for (const [k, v] of initial) this.set(k, v);
  }
  /** Value of `key`; `fallback` (or Spark's default) when unset; throws for an unknown unset key. */
  get(key: string, fallback?: string | null): string {
    const v = this.values.get(key) ?? DEFAULTS[key];
    if (v !== undefined) return v;
    if (fallback !== undefined && fallback !== null) return fallback;
    if (fallback === null) return null as unknown as string;
    throw new IllegalArgumentException(`[SQL_CONF_NOT_FOUND] The SQL config "${key}" cannot be found. Please verify that the config exists. SQLSTATE: 42K0I`, {
      errorClass: "SQL_CONF_NOT_FOUND",
      sqlState: "42K0I",
    });
  }
  getOption(key: string): string | undefined {
    return this.values.get(key) ?? DEFAULTS[key];
  }
  set(key: string, value: string | number | boolean): void {
    const v = String(value);
    if (key === "spark.sql.ansi.enabled" && !/^(true|false)$/i.test(v)) {
      throw new IllegalArgumentException(`spark.sql.ansi.enabled should be boolean, but was ${v}`);
    }
    this.values.set(key, key === "spark.sql.ansi.enabled" ? v.toLowerCase() : v);
  }
  unset(key: string): void {
    this.values.delete(key);
  }
  isModifiable(_key: string): boolean {
    return true;
  }
  getAll(): Record<string, string> {
    return { ...DEFAULTS, ...Object.fromEntries(this.values) };
  }
  get ansi(): boolean {
    return this.get("spark.sql.ansi.enabled") === "true";
  }
  get timeZone(): string {
    return this.get("spark.sql.session.timeZone");
  }
}
