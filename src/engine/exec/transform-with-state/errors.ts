/**
 * The errors Spark raises when a StatefulProcessor is used wrongly (error-conditions.json's
 * STATEFUL_PROCESSOR_* and TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR), with Spark's classes and wording.
 */
import { SparkException, SparkRuntimeException, SparkThrowable, SparkUnsupportedOperationException } from "../../errors";

type Cls = new (message: string, options?: ConstructorParameters<typeof SparkThrowable>[1]) => SparkThrowable;

function make(cls: Cls, errorClass: string, sqlState: string, text: string, messageParameters: Record<string, string>, cause?: unknown): SparkThrowable {
  return new cls(`[${errorClass}] ${text} SQLSTATE: ${sqlState}`, { errorClass, sqlState, messageParameters, cause });
}

/** Spark's TimeMode names in messages (TimeMode.None() prints as NoTime). */
export const TIME_MODE_NAME = { None: "NoTime", ProcessingTime: "ProcessingTime", EventTime: "EventTime" } as const;

export function invalidHandleState(operationType: string, handleState: string): SparkThrowable {
  return make(
    SparkUnsupportedOperationException,
    "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE",
    "42802",
    `Failed to perform stateful processor operation=${operationType} with invalid handle state=${handleState}.`,
    { operationType, handleState },
  );
}

export function invalidTimeMode(operationType: string, timeMode: string): SparkThrowable {
  return make(
    SparkUnsupportedOperationException,
    "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE",
    "42802",
    `Failed to perform stateful processor operation=${operationType} with invalid timeMode=${timeMode}`,
    { operationType, timeMode },
  );
}

export function duplicateStateVariable(stateVarName: string): SparkThrowable {
  return make(
    SparkRuntimeException,
    "STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED",
    "42802",
    `State variable with name ${stateVarName} has already been defined in the StatefulProcessor.`,
    { stateVarName },
  );
}

export function ttlInWrongTimeMode(stateName: string, timeMode: string): SparkThrowable {
  return make(
    SparkUnsupportedOperationException,
    "STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL",
    "42802",
    `Cannot use TTL for state=${stateName} in timeMode=${timeMode}, use TimeMode.ProcessingTime() instead.`,
    { stateName, timeMode },
  );
}

export function ttlMustBePositive(operationType: string, stateName: string): SparkThrowable {
  return make(
    SparkUnsupportedOperationException,
    "STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE",
    "42802",
    `TTL duration must be greater than zero for State store operation=${operationType} on state=${stateName}.`,
    { operationType, stateName },
  );
}

export function unknownTimeMode(timeMode: string): SparkThrowable {
  return make(
    SparkUnsupportedOperationException,
    "STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE",
    "42802",
    `Unknown time mode ${timeMode}. Accepted timeMode modes are 'none', 'processingTime', 'eventTime'`,
    { timeMode },
  );
}

/** An error thrown by the processor that is not a SparkThrowable: TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR. */
export function userFunctionError(fn: string, err: unknown): Error {
  if (err instanceof SparkThrowable) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return make(
    SparkException,
    "TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR",
    "39000",
    `An error occurred in the user-defined function ${fn} of the StatefulProcessor. Reason: ${reason}.`,
    { function: fn, reason },
    err,
  );
}
