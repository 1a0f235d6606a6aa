/**
 * Secrets never reach the history file. A value given to a key whose name says it is a credential
 * (`.option("kinesis.awsSecretKey", "...")`, `{ secretAccessKey: "..." }`, `sessionToken = '...'`) is replaced
 * by `***`, and so is anything shaped like an AWS access key id anywhere on the line.
 */
const SECRET_KEY_NAMES = [
  "awsSecretKey",
  "awsAccessKeyId",
  "awsAccessKey",
  "awsSessionToken",
  "sessionToken",
  "secretAccessKey",
  "accessKeyId",
  "secretKey",
  "aws_secret_access_key",
  "aws_access_key_id",
  "aws_session_token",
  "password",
];

const KEY = `(?:[\\w.]*\\.)?(?:${SECRET_KEY_NAMES.join("|")})`;
// key, then its closing quote (if quoted), a separator (`,` `:` `=`), then a quoted value.
const KEY_THEN_VALUE = new RegExp(`(["'\`]?${KEY}["'\`]?\\s*[,:=]\\s*)(["'\`])((?:\\\\.|(?!\\2).)*)\\2`, "gi");
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;

export function redactSecrets(line: string): string {
  return line.replace(KEY_THEN_VALUE, (_m, head: string, quote: string) => `${head}${quote}***${quote}`).replace(ACCESS_KEY_ID, "***");
}

/** True when the line names a credential key (even without a literal value we could redact). */
export function mentionsSecret(line: string): boolean {
  return new RegExp(KEY, "i").test(line);
}
