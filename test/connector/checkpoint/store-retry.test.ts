/**
 * The metadata retry options on the DynamoDB checkpoint store: throttling and 5xx injected on the wire between
 * the real SDK client and dynalite are retried; with no retries left the error names the operation and the cause.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBCheckpointStore } from "../../../src/connector/checkpoint/dynamodb-store";
import { createDynamoDBClientFor } from "../../../src/connector/checkpoint/store-clients";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy";
import { type StoreServices, startStoreServices, uniqueName } from "./services";

let services: StoreServices;
let proxy: FaultProxy;

beforeAll(async () => {
  services = await startStoreServices();
  proxy = await startFaultProxy({ target: services.dynamodb.endpoint!, seed: 11 });
});
afterAll(async () => {
  await proxy?.close();
  await services?.stop();
});

const viaProxy = () => ({ ...services.dynamodb, endpoint: proxy.url });

describe("metadata retry on DynamoDB", () => {
  it("retries throttled and failing calls until they succeed", async () => {
    proxy.clearRules();
    const store = await DynamoDBCheckpointStore.open(`dynamodb://${uniqueName("cp")}/q`, createDynamoDBClientFor(viaProxy()), {
      numRetries: 4,
      intervalMs: 5,
      maxIntervalMs: 20,
    });
    proxy.setRules([
      { operation: "PutItem", fault: "throttle", count: 2 },
      { operation: "Query", fault: "503", count: 1 },
      { operation: "GetItem", fault: "reset", count: 1 },
    ]);
    expect(await store.putIfAbsent("offsets/0", "v1")).toBe(true);
    expect(await store.list("offsets")).toEqual(["0"]);
    expect(await store.get("offsets/0")).toBe("v1");
    expect(proxy.stats.faults).toMatchObject({ throttle: 2, "503": 1, reset: 1 });
  });

  it("gives up after kinesis.metadataNumRetries with the operation and cause in the message", async () => {
    proxy.clearRules();
    const table = uniqueName("cp");
    const store = await DynamoDBCheckpointStore.open(`dynamodb://${table}/q`, createDynamoDBClientFor(viaProxy()), {
      numRetries: 1,
      intervalMs: 5,
      maxIntervalMs: 5,
    });
    proxy.setRules([{ operation: "PutItem", fault: "throttle" }]);
    await expect(store.putIfAbsent("offsets/3", "{}")).rejects.toThrow(
      new RegExp(`Gave up after 1 retries while .* in DynamoDB table ${table}: ProvisionedThroughputExceededException`),
    );
    proxy.clearRules();
  });
});
