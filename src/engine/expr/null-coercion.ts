/**
 * The type an untyped NULL takes as the operand of a numeric operator (Spark's ImplicitTypeCasts: a NullType
 * input becomes the operator's default input type). Arithmetic (`+ - * / %`, mod, pmod, unary minus and plus,
 * negative, try_add...) accepts any numeric type and defaults to DOUBLE, so `NULL + NULL` and `mod(NULL, NULL)`
 * are DOUBLE; the bitwise operators (`& | ^ ~`) take integral types and default to INT; `div` is BIGINT.
 */
import { type DataType, DoubleType, IntegerType, LongType } from "../types/data-types";

export function nullOperandType(op: string): DataType {
  if (op === "&" || op === "|" || op === "^" || op === "~") return IntegerType();
  if (op === "div") return LongType();
  return DoubleType();
}
