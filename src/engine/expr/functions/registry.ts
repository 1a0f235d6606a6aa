/**
 * The function registry: every SQL function by lower-case name. Scalar families live one file per
 * family beside this one; datetime and JSON functions wrap the pure libraries in ../datetime and
 * ../json. Aggregates are kept apart so the Aggregate operator can find them.
 */
import type { FunctionDef, FunctionLookup } from "../analyze";
import { aggregateNames } from "../parser";
import { type AggregateDef, aggregateFunctions } from "./aggregate";
import { statisticalAggregates } from "./aggregate-stats";
import { collectionFunctions } from "./collection";
import { conditionalFunctions } from "./conditional";
import { datetimeFunctions } from "./datetime";
import { jsonFunctions } from "./json";
import { mathFunctions } from "./math";
import { miscFunctions } from "./misc";
import { sessionWindowFunctions } from "./session-window";
import { moreMathFunctions } from "./math-more";
import { hashFunctions } from "./hashing";
import { arrayFunctions } from "./arrays";
import { higherOrderFunctions } from "./higher-order";
import { mapFunctions } from "./maps";
import { moreStringFunctions } from "./strings-more";
import { csvFunctions } from "./csv";
import { runtimeInfoFunctions } from "./runtime-info";
import { moreDatetimeFunctions } from "./datetime-more";
import { miscMoreFunctions } from "./misc-more";
import { aesFunctions } from "./aes";
import { stringFunctions } from "./string";
import { ANONYMOUS_UDF_PREFIX, anonymousUdf } from "./udf";
import { windowOnlyFunctions } from "./window-spec";
import { xpathFunctions } from "./xpath";
import { xmlFunctions } from "./xml";
import { reflectFunctions } from "./reflect";
import { yearMonthIntervalFunctions } from "../year-month-interval";
import { whenFunction } from "../case-when";
import { collationFunctions } from "./collation";
import { histogramNumeric } from "./histogram-numeric";
import { columnInternalFunctions } from "./column-internals";
import { schemaOfVariantAgg } from "../variant/aggregate";
import { variantFunctions } from "../variant/functions";
import { variantEditFunctions } from "../variant/modify";
import { collectUnion } from "./collect-union";
import { timeBucket } from "./time-bucket";

export class FunctionRegistry implements FunctionLookup {
  private readonly scalars = new Map<string, FunctionDef>();
  private readonly aggregates = new Map<string, AggregateDef>();

  constructor() {
    for (const family of [stringFunctions(), conditionalFunctions(), mathFunctions(), moreMathFunctions(), hashFunctions(), collectionFunctions(), arrayFunctions(), higherOrderFunctions(), mapFunctions(), moreStringFunctions(), csvFunctions(), runtimeInfoFunctions(), moreDatetimeFunctions(), miscMoreFunctions(), aesFunctions(), datetimeFunctions(), jsonFunctions(), miscFunctions(), windowOnlyFunctions(), xpathFunctions(), xmlFunctions(), reflectFunctions(), yearMonthIntervalFunctions(), collationFunctions(), columnInternalFunctions(), variantFunctions(), variantEditFunctions()]) {
      for (const [name, f] of Object.entries(family)) this.scalars.set(name, f);
    }
    for (const [name, f] of Object.entries(sessionWindowFunctions())) this.scalars.set(name, f);
    this.scalars.set("when", whenFunction);
    this.scalars.set("time_bucket", timeBucket);
    const base = aggregateFunctions();
    for (const [name, a] of Object.entries({ ...base, ...statisticalAggregates(base), histogram_numeric: histogramNumeric, schema_of_variant_agg: schemaOfVariantAgg, collect_union: collectUnion })) {
      this.aggregates.set(name, a);
      aggregateNames.add(name);
    }
  }
  get(name: string): FunctionDef | undefined {
    const lower = name.toLowerCase();
    return this.scalars.get(lower) ?? (lower.startsWith(ANONYMOUS_UDF_PREFIX) ? anonymousUdf(lower) : undefined);
  }
  getAggregate(name: string): AggregateDef | undefined {
    return this.aggregates.get(name.toLowerCase());
  }
  isAggregate(name: string): boolean {
    return this.aggregates.has(name.toLowerCase());
  }
  names(): Iterable<string> {
    return [...this.scalars.keys(), ...this.aggregates.keys()].filter((n) => !n.startsWith("__"));
  }
  /** Registers a user function (scalar). */
  register(name: string, def: FunctionDef): void {
    this.scalars.set(name.toLowerCase(), def);
  }
  /** A registry of its own with the same functions (a session's, so its registrations stay in it). */
  copy(): FunctionRegistry {
    const c = Object.create(FunctionRegistry.prototype) as FunctionRegistry;
    Object.assign(c, { scalars: new Map(this.scalars), aggregates: new Map(this.aggregates) });
    return c;
  }
}

let shared: FunctionRegistry | null = null;
/** The built-in registry (built once; user registrations go to a session's own copy). */
export function builtinFunctions(): FunctionRegistry {
  shared ??= new FunctionRegistry();
  return shared;
}
