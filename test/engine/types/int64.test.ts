import { describe, expect, it } from "vitest";
import { int64ToNumber } from "../../../src/engine/types/int64";

describe("int64ToNumber", () => {
  it("gives exactly Number(v) across the 64-bit range and beyond it", () => {
    const edges = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n];
    const more = [-(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 70n + 12345n, 1_717_236_000_000_123n, -1_717_236_000_000_123n];
    let x = 0x2545f4914f6cdd1dn;
    for (let i = 0; i < 2_000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
      more.push(BigInt.asIntN(64, x) >> BigInt(i % 64)); // every magnitude, both signs
    }
    for (const v of [...edges, ...more]) expect([v, int64ToNumber(v)]).toEqual([v, Number(v)]);
  });
});
