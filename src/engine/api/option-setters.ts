import { AnalysisException } from "../errors";
import { parseDDLSchema } from "../types/ddl";
import { type StructType, StructTypeImpl } from "../types/struct-type";

/**
 * What Spark's DataFrameReader, DataFrameWriter, DataStreamReader and DataStreamWriter share: `option`/`options`
 * keep every value as a string under the key as typed (sources and sinks match keys case-insensitively).
 */
export abstract class OptionSetters {
  protected readonly opts = new Map<string, string>();

  option(key: string, value: string | number | boolean): this {
    this.opts.set(key, String(value));
    return this;
  }

  options(map: Record<string, string | number | boolean> | ReadonlyMap<string, string>): this {
    const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
    for (const [k, v] of entries) this.option(k, v as string);
    return this;
  }
}

/** An option's value by its key in any case, as Spark's CaseInsensitiveMap finds it. */
export function optionValue(opts: ReadonlyMap<string, string>, key: string): string | undefined {
  for (const [k, v] of opts) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

/** `schema(...)` of both readers: a StructType or a DDL string such as "id INT, data STRING". */
export function userSchema(schema: StructType | string): StructType {
  const parsed = typeof schema === "string" ? parseDDLSchema(schema) : schema;
  if (!(parsed instanceof StructTypeImpl)) {
    throw new AnalysisException('schema() expects a StructType or a DDL string such as "id INT, data STRING"');
  }
  return parsed;
}
