import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isNonAwsEndpoint, regionFromEndpoint, resolveAwsConnection } from "../../../src/connector/aws/resolve";

describe("real-AWS connection from flags and the standard env vars", () => {
  it("takes the region from an AWS endpoint URL, FIPS and VPC endpoints included", () => {
    expect(regionFromEndpoint("https://kinesis.us-east-2.amazonaws.com")).toBe("us-east-2");
    expect(regionFromEndpoint("https://kinesis-fips.us-gov-west-1.amazonaws.com")).toBe("us-gov-west-1");
    expect(regionFromEndpoint("https://vpce-0a1.kinesis.eu-west-1.vpce.amazonaws.com")).toBe("eu-west-1");
    expect(regionFromEndpoint("https://kinesis.cn-north-1.amazonaws.com.cn")).toBe("cn-north-1");
    expect(regionFromEndpoint("http://127.0.0.1:4567")).toBeUndefined();
    expect(regionFromEndpoint("not a url")).toBeUndefined();
  });

  it("flag > endpoint > AWS_REGION; credentials left to the SDK chain unless given", () => {
    const env = { AWS_REGION: "eu-west-1" };
    const c = resolveAwsConnection({ endpoint: "https://kinesis.us-east-2.amazonaws.com" }, env);
    expect(c).toMatchObject({ region: "us-east-2", kinesisEndpoint: "https://kinesis.us-east-2.amazonaws.com", local: false });
    expect(c.credentials).toBeUndefined();
    expect(resolveAwsConnection({}, env).region).toBe("eu-west-1");
    expect(resolveAwsConnection({ region: "ap-south-1" }, env).region).toBe("ap-south-1");
    const withKeys = resolveAwsConnection({ accessKeyId: "AK", secretAccessKey: "SK", sessionToken: "T" }, env);
    expect(withKeys.credentials).toEqual({ accessKeyId: "AK", secretAccessKey: "SK", sessionToken: "T" });
    expect(() => resolveAwsConnection({ accessKeyId: "AK" }, env)).toThrow(/--secret-access-key/);
  });

  it("reads per-service endpoints and a profile's region; names the fix when there is no region", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-awscfg-"));
    const config = path.join(dir, "config");
    fs.writeFileSync(config, "[default]\nregion = us-west-1\n[profile demo]\nregion = eu-north-1\n");
    try {
      const env = { AWS_CONFIG_FILE: config, AWS_PROFILE: "demo", AWS_ENDPOINT_URL_S3: "https://s3.example.test" };
      const c = resolveAwsConnection({}, env);
      expect(c.region).toBe("eu-north-1");
      expect(c.s3Endpoint).toBe("https://s3.example.test");
      expect(resolveAwsConnection({}, { AWS_CONFIG_FILE: config }).region).toBe("us-west-1");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(() => resolveAwsConnection({}, { AWS_CONFIG_FILE: "/nonexistent" })).toThrow(/No AWS region: pass --region/);
  });

  it("an endpoint on this machine is an emulator: default region and emulator credentials", () => {
    const c = resolveAwsConnection({ endpoint: "http://127.0.0.1:4567" }, { AWS_CONFIG_FILE: "/nonexistent" });
    expect(c).toMatchObject({ region: "us-east-1", local: true, credentials: { accessKeyId: "S3RVER" } });
    expect(isNonAwsEndpoint("http://localhost:1")).toBe(true);
    expect(isNonAwsEndpoint("https://kinesis.us-east-1.amazonaws.com")).toBe(false);
  });
});
