import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/shell/redact";
import { driveShell } from "./helpers/drive";

describe("history", () => {
  it("redacts credentials in every form they are typed", () => {
    expect(redactSecrets('.option("kinesis.awsSecretKey", "wJalrXUtnFEMI/K7MDENG") .option("kinesis.region", "eu-west-1")')).toBe(
      '.option("kinesis.awsSecretKey", "***") .option("kinesis.region", "eu-west-1")',
    );
    expect(redactSecrets(".option('kinesis.awsAccessKeyId', 'AKIAIOSFODNN7EXAMPLE')")).toBe(".option('kinesis.awsAccessKeyId', '***')");
    expect(redactSecrets('{ sessionToken: "FwoGZXIvYXdz", secretAccessKey: `abc` }')).toBe('{ sessionToken: "***", secretAccessKey: `***` }');
    expect(redactSecrets("option(awsSecretKey='s3cr3t')")).toBe("option(awsSecretKey='***')");
    expect(redactSecrets("const id = 'AKIAIOSFODNN7EXAMPLE'")).toBe("const id = '***'");
  });

  it("writes entered lines to the history file, secrets redacted, and loads them in a new shell", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "tspark-history-")), "history");
    const d = driveShell({ historyFile: file, session: { streams: { active: [] } } });
    d.line("const region = 'us-east-1'");
    d.line('const opts = { "kinesis.awsSecretKey": "topsecret", "kinesis.sessionToken": "tok" }');
    d.line("1 + 1");
    await d.waitFor("2\n");
    await d.close();
    const text = readFileSync(file, "utf8");
    expect(text).toBe(
      "const region = 'us-east-1'\n" + 'const opts = { "kinesis.awsSecretKey": "***", "kinesis.sessionToken": "***" }\n' + "1 + 1\n",
    );
    expect(text).not.toContain("topsecret");
    const again = driveShell({ historyFile: file, session: { streams: { active: [] } } });
    expect((again.shell.repl as unknown as { history: string[] }).history[0]).toBe("1 + 1");
    await again.close();
  });
});
