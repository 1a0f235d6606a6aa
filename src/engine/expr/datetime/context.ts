/** Session settings the zone- and ANSI-dependent datetime functions need. */
/** What every zone-dependent datetime function receives from the session. */
export interface DateTimeContext {
  /** spark.sql.session.timeZone, e.g. "America/Los_Angeles". */
  readonly timeZone: string;
  /** spark.sql.ansi.enabled. */
  readonly ansi: boolean;
}
