import { describe, expect, it } from "vitest";
import { BLOG_TEMPLATE, parseDuration, parseGenerateArgs, parsePeekArgs, splitArgs } from "../../../src/connector/generator";

describe("generator and peek arguments (CLI and shell)", () => {
  it("parses the README's command and the optional flags", () => {
    const c = parseGenerateArgs("--stream kinesis-source --rate 10 --template blog");
    expect(c.options).toMatchObject({ streams: ["kinesis-source"], rate: 10, template: BLOG_TEMPLATE });
    expect(c.aws).toBe(false);
    const d = parseGenerateArgs([
      "--stream", "a", "--stream", "b", "--count", "100", "--duration", "1.5m", "--seed", "42",
      "--partition-key-field", "id", "--aws", "--region", "eu-west-1",
    ]);
    expect(d.options).toMatchObject({ streams: ["a", "b"], count: 100, durationMs: 90_000, seed: 42, partitionKeyField: "id" });
    expect(d).toMatchObject({ aws: true, region: "eu-west-1", shards: 2 });
  });

  it("reads a template file and names bad values with the fix", () => {
    const c = parseGenerateArgs("--stream s --template t.hbs", (p) => (p === "t.hbs" ? "{{random.uuid}}" : ""));
    expect(c.options.template).toBe("{{random.uuid}}");
    expect(() => parseGenerateArgs("--stream s --template missing.txt", () => { throw new Error("ENOENT"); })).toThrow(/neither a built-in template \(blog\) nor a readable file/);
    expect(() => parseGenerateArgs("--rate 10")).toThrow(/give at least one --stream/);
    expect(() => parseGenerateArgs("--stream s --rate fast")).toThrow("--rate must be a positive number of records per second, not 'fast'");
    expect(() => parseGenerateArgs("--stream s --count 1.5")).toThrow(/--count must be a whole number/);
    expect(() => parseGenerateArgs("--stream s --colour red")).toThrow(/unknown option --colour/);
    expect(() => parseDuration("soon")).toThrow(/30s, 5m or 1500ms/);
    expect(parseDuration("1500ms")).toBe(1500);
  });

  it("parses .peek with AT_TIMESTAMP as two words and quoted values", () => {
    expect(parsePeekArgs("kinesis-source")).toEqual({ stream: "kinesis-source", options: { shardId: undefined, from: undefined } });
    expect(parsePeekArgs("s --from AT_TIMESTAMP 2026-11-23T10:00:00Z --n 5 --shard shardId-000000000001")).toEqual({
      stream: "s",
      options: { shardId: "shardId-000000000001", from: "AT_TIMESTAMP 2026-11-23T10:00:00Z", n: 5 },
    });
    expect(parsePeekArgs(["s", "--from", "AT_TIMESTAMP 2026-11-23T10:00:00Z"]).options.from).toBe("AT_TIMESTAMP 2026-11-23T10:00:00Z");
    expect(() => parsePeekArgs("--n 5")).toThrow(/give one stream name/);
    expect(() => parsePeekArgs("s --n 0")).toThrow(/--n must be a whole number from 1 to 10000/);
    expect(splitArgs(`--template "my file.txt" --x 'a b'`)).toEqual(["--template", "my file.txt", "--x", "a b"]);
  });
});
