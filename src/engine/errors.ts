/**
 * Spark's exception classes, by the names users know from pyspark / Scala. Every class carries
 * Spark's `errorClass` (a.k.a. condition) and `sqlState` where Spark defines them, so tests and the
 * conformance runner can compare errors by class and condition instead of message text.
 *
 * `sparkMessage(errorClass, params)` renders the `[CLASS] text. SQLSTATE: xxxxx` form Spark 4 prints.
 */

export interface SparkErrorOptions {
  readonly errorClass?: string;
  readonly sqlState?: string;
  readonly messageParameters?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** Base of every tspark-raised Spark error (Spark's SparkThrowable). */
export class SparkThrowable extends Error {
  readonly errorClass: string | null;
  readonly sqlState: string | null;
  readonly messageParameters: Readonly<Record<string, string>>;

  constructor(message: string, options: SparkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.errorClass = options.errorClass ?? null;
    this.sqlState = options.sqlState ?? null;
    this.messageParameters = options.messageParameters ?? {};
  }

  /** Spark 4 name for the error class. */
  getCondition(): string | null {
    return this.errorClass;
  }
  getErrorClass(): string | null {
    return this.errorClass;
  }
  getSqlState(): string | null {
    return this.sqlState;
  }
}

/** org.apache.spark.sql.AnalysisException: the query cannot be resolved (unknown column, wrong types ...). */
export class AnalysisException extends SparkThrowable {}
/** org.apache.spark.sql.catalyst.parser.ParseException: SQL syntax error; message shows the input with a caret. */
export class ParseException extends SparkThrowable {
  readonly input: string;
  readonly position: number;
  constructor(message: string, input: string, position: number, options: SparkErrorOptions = {}) {
    super(message, { errorClass: "PARSE_SYNTAX_ERROR", sqlState: "42601", ...options });
    this.input = input;
    this.position = position;
  }
}
export class IllegalArgumentException extends SparkThrowable {}
export class IllegalStateException extends SparkThrowable {}
export class UnsupportedOperationException extends SparkThrowable {}
export class StreamingQueryException extends SparkThrowable {}
/** org.apache.spark.SparkException: generic runtime failure (FAILFAST from_json, internal errors). */
export class SparkException extends SparkThrowable {}
/** A runtime failure that Spark raises as SparkRuntimeException. */
export class SparkRuntimeException extends SparkThrowable {}
/** java.lang.ArithmeticException / SparkArithmeticException (overflow, divide by zero under ANSI). */
export class ArithmeticException extends SparkThrowable {}
export class SparkArithmeticException extends ArithmeticException {}
/** SparkNumberFormatException (CAST_INVALID_INPUT for numbers). */
export class NumberFormatException extends SparkThrowable {}
export class SparkNumberFormatException extends NumberFormatException {}
/** SparkDateTimeException (CANNOT_PARSE_TIMESTAMP, CAST_INVALID_INPUT for dates ...). */
export class SparkDateTimeException extends SparkThrowable {}
export class SparkIllegalArgumentException extends IllegalArgumentException {}
export class SparkArrayIndexOutOfBoundsException extends SparkThrowable {}
export class SparkNoSuchElementException extends SparkThrowable {}
export class SparkUnsupportedOperationException extends UnsupportedOperationException {}
/** PySpark's own argument checks (pyspark.errors), raised before anything reaches the JVM. */
export class PySparkValueError extends SparkThrowable {}
export class PySparkTypeError extends SparkThrowable {}
export class PySparkRuntimeError extends SparkThrowable {}

/** Message templates for the conditions tspark raises itself (Spark's error-conditions.json wording). */
const TEMPLATES: Readonly<Record<string, readonly [string, string]>> = {
  "UNRESOLVED_COLUMN.WITH_SUGGESTION": [
    "A column, variable, or function parameter with name <objectName> cannot be resolved. Did you mean one of the following? [<proposal>].",
    "42703",
  ],
  "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION": [
    "A column, variable, or function parameter with name <objectName> cannot be resolved.",
    "42703",
  ],
  "UNRESOLVED_FIELD.WITH_SUGGESTION": [
    "A field with name <fieldName> cannot be resolved with the struct-type column <columnPath>. Did you mean one of the following? [<proposal>].",
    "42703",
  ],
  UNRESOLVED_ROUTINE: [
    "Cannot resolve routine <routineName> on search path <searchPath>.",
    "42883",
  ],
  DIVIDE_BY_ZERO: [
    'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set <config> to "false" to bypass this error.',
    "22012",
  ],
  ARITHMETIC_OVERFLOW: [
    '<message>.<alternative> If necessary set <config> to "false" to bypass this error.',
    "22003",
  ],
  CAST_INVALID_INPUT: [
    "The value <expression> of the type <sourceType> cannot be cast to <targetType> because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.",
    "22018",
  ],
  CAST_OVERFLOW: [
    "The value <value> of the type <sourceType> cannot be cast to <targetType> due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead.",
    "22003",
  ],
  "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE": [
    "Cannot resolve <sqlExpr> due to data type mismatch: The <paramIndex> parameter requires the <requiredType> type, however <inputSql> has the type <inputType>.",
    "42K09",
  ],
  "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES": [
    "Cannot resolve <sqlExpr> due to data type mismatch: the left and right operands of the binary operator have incompatible types (<left> and <right>).",
    "42K09",
  ],
  "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION": [
    "Cannot resolve <sqlExpr> due to data type mismatch: cannot cast <srcType> to <targetType>.",
    "42K09",
  ],
  "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION": [
    "Cannot resolve <sqlExpr> due to data type mismatch: cannot cast <srcType> to <targetType> with ANSI mode on.\nIf you have to cast <srcType> to <targetType>, you can set <config> as <configVal>.",
    "42K09",
  ],
  "DATATYPE_MISMATCH.DATA_DIFF_TYPES": [
    "Cannot resolve <sqlExpr> due to data type mismatch: Input to <functionName> should all be the same type, but it's <dataType>.",
    "42K09",
  ],
  ORDER_BY_POS_OUT_OF_RANGE: ["ORDER BY position <index> is not in select list (valid range is [1, <size>]).", "42805"],
  WRONG_NUM_ARGS: [
    "The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>.",
    "42605",
  ],
  "WRONG_NUM_ARGS.WITHOUT_SUGGESTION": [
    "The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.",
    "42605",
  ],
  MISSING_GROUP_BY: ["The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.", "42803"],
  MISSING_AGGREGATION: [
    "The non-aggregating expression <expression> is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use <expressionAnyValue> if you do not care which of the values within a group is returned.",
    "42803",
  ],
  TABLE_OR_VIEW_NOT_FOUND: [
    "The table or view <relationName> cannot be found. Verify the spelling and correctness of the schema and catalog.",
    "42P01",
  ],
  PARSE_SYNTAX_ERROR: ["Syntax error at or near <error><hint>.", "42601"],
  INVALID_ARRAY_INDEX: [
    'The index <indexValue> is out of bounds. The array has <arraySize> elements. Use the SQL function `get()` to tolerate accessing element at invalid index and return NULL instead. If necessary set <ansiConfig> to "false" to bypass this error.',
    "22003",
  ],
  INVALID_ARRAY_INDEX_IN_ELEMENT_AT: [
    'The index <indexValue> is out of bounds. The array has <arraySize> elements. Use `try_element_at` to tolerate accessing element at invalid index and return NULL instead. If necessary set <ansiConfig> to "false" to bypass this error.',
    "22003",
  ],
  INVALID_INDEX_OF_ZERO: ["The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).", "22003"],
  UNRESOLVED_USING_COLUMN_FOR_JOIN: ["USING column <colName> cannot be resolved on the <side> side of the join. The <side>-side columns: [<suggestion>].", "42703"],
  AMBIGUOUS_REFERENCE: ["Reference <name> is ambiguous, could be: [<referenceNames>].", "42704"],
  COLUMN_ALREADY_EXISTS: ["The column <columnName> already exists. Choose another name or rename the existing column.", "42711"],
  UNSUPPORTED_DATATYPE: ["Unsupported data type <typeName>.", "0A000"],
  UNSUPPORTED_FEATURE: ["The feature is not supported: <feature>.", "0A000"],
  "UNSUPPORTED_FEATURE.LATERAL_COLUMN_ALIAS_IN_WINDOW": ["The feature is not supported: Referencing a lateral column alias <lca> in window expression <windowExpr>.", "0A000"],
  NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING: [
    "Window function is not supported in <windowFunc> (as column <columnName>) on streaming DataFrames/Datasets.\nStructured Streaming only supports time-window aggregation using the WINDOW function. (window specification: <windowSpec>)",
    "42KDE",
  ],
  "UNSUPPORTED_GENERATOR.NOT_GENERATOR": [
    "The generator is not supported: <functionName> is expected to be a generator. However, its class is <classCanonicalName>, which is not a generator.",
    "42K0E",
  ],
  UNSUPPORTED_EXPR_FOR_WINDOW: ["Expression <sqlExpr> not supported within a window function.", "42P20"],
  WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE: ["Window function <funcName> requires an OVER clause.", "42601"],
  WINDOW_FUNCTION_FRAME_NOT_ORDERED: [
    "Window function <wfName> requires the window to be ordered. You need to add an ORDER BY clause. For example: SELECT <wfExpr> OVER (PARTITION BY window_partition ORDER BY window_ordering) FROM table.",
    "42601",
  ],
  MISSING_WINDOW_SPECIFICATION: [
    "Window specification is not defined in the WINDOW clause for <windowName>. For more information about WINDOW clauses, please refer to '<docroot>/sql-ref-syntax-qry-select-window.html'.",
    "42P20",
  ],
  WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE: ["It is not allowed to use window functions inside <clauseName> clause.", "42601"],
};

/** Renders Spark's `[CLASS] message SQLSTATE: x` text for a known error class. */
export function sparkMessage(errorClass: string, params: Readonly<Record<string, string>> = {}): string {
  const t = TEMPLATES[errorClass];
  const text = t === undefined ? Object.entries(params).map(([k, v]) => `${k}=${v}`).join(", ") : t[0];
  const body = text.replace(/<([A-Za-z]+)>/g, (m, k: string) => params[k] ?? m);
  const state = t?.[1];
  return `[${errorClass}] ${body}${state ? ` SQLSTATE: ${state}` : ""}`;
}

/** Builds an error of class `cls` with Spark's message, errorClass and sqlState for `errorClass`. */
export function sparkError<T extends SparkThrowable>(
  cls: new (message: string, options?: SparkErrorOptions) => T,
  errorClass: string,
  params: Readonly<Record<string, string>> = {},
  cause?: unknown,
): T {
  return new cls(sparkMessage(errorClass, params), {
    errorClass,
    sqlState: TEMPLATES[errorClass]?.[1],
    messageParameters: params,
    cause,
  });
}

/** The sqlState Spark assigns to an error class tspark knows, or undefined. */
export function sqlStateOf(errorClass: string): string | undefined {
  return TEMPLATES[errorClass]?.[1];
}

/**
 * Spark's syntax error: `[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'. SQLSTATE: 42601 (line 1, pos 7)`
 * followed by `== SQL ==`, the input, and a caret line under the offending position.
 * `near` is the offending token text, or null for "end of input".
 */
export function syntaxError(input: string, position: number, near: string | null, hint = ""): ParseException {
  const error = near === null ? "end of input" : `'${near}'`;
  return parseErrorAt(input, position, sparkMessage("PARSE_SYNTAX_ERROR", { error, hint }), "PARSE_SYNTAX_ERROR", {
    error,
    hint,
  });
}

/** A ParseException whose message is `message (line l, pos p)` plus the input with a caret. */
export function parseErrorAt(
  input: string,
  position: number,
  message: string,
  errorClass = "PARSE_SYNTAX_ERROR",
  params: Readonly<Record<string, string>> = {},
): ParseException {
  const pos = Math.max(0, Math.min(position, input.length));
  const before = input.slice(0, pos);
  const line = before.split("\n").length;
  const col = pos - (before.lastIndexOf("\n") + 1);
  const lines = input.split("\n");
  const shown = [...lines.slice(0, line), `${"-".repeat(col)}^^^`, ...lines.slice(line)];
  const text = `${message} (line ${line}, pos ${col})\n\n== SQL ==\n${shown.join("\n")}\n`;
  return new ParseException(text, input, pos, { errorClass, sqlState: sqlStateOf(errorClass) ?? "42601", messageParameters: params });
}
