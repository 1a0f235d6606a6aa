import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../../src/engine/checkpoint/state-codec";
import { stateJson } from "../../../src/engine/checkpoint/state-json";
import { GroupStateStore, keyText } from "../../../src/engine/exec/group-state/group-state-store";
import { StructType } from "../../../src/engine/types/struct-type";

/** A snapshot as the state store writes and reads it (JSON through the common codec). */
const roundTrip = (v: unknown) => decodeState(JSON.parse(JSON.stringify(encodeState(v))));

describe("the per-key state of [flat]MapGroupsWithState", () => {
  it("round-trips keys and states of any user form (Date, bigint, objects) through the checkpoint codec", () => {
    const store = new GroupStateStore(null);
    const day = new Date(Date.UTC(2026, 0, 2));
    store.entries.set(keyText(day), { key: day, state: { since: day, n: 2n, tags: ["x"] }, timeoutMs: 5_000 });
    store.entries.set(keyText(["a", 1]), { key: ["a", 1], state: undefined, timeoutMs: 7_000 }); // removed, timeout pending
    const back = new GroupStateStore(null);
    back.restore(roundTrip(store.snapshot()));
    expect([...back.entries]).toEqual([...store.entries]);
    expect(back.earliestTimeoutMs()).toBe(5_000);
  });

  it("with a state schema, writes the state in engine form and reads it back as the plain object update() took", () => {
    const schema = StructType.fromDDL("start TIMESTAMP, events LONG, ids ARRAY<STRING>");
    const store = new GroupStateStore(schema);
    const state = { start: new Date(1_000), events: 3, ids: ["a", "b"] };
    store.entries.set(keyText("k"), { key: "k", state, timeoutMs: -1 });
    const snap = store.snapshot() as unknown[][];
    expect(snap[0]![1]).toEqual([1_000_000n, 3n, ["a", "b"]]); // Spark's UnsafeRow values: micros, LONG
    const back = new GroupStateStore(schema);
    back.restore(roundTrip(snap));
    expect(back.entries.get(keyText("k"))!.state).toEqual(state);
  });

  it("writes each key's row once after it changed: the file text is the snapshot's, before and after a change", () => {
    const schema = StructType.fromDDL("start LONG, events INT");
    const store = new GroupStateStore(schema);
    store.entries.set(keyText(1), { key: 1, state: { start: 10, events: 1 }, timeoutMs: 40 });
    store.entries.set(keyText(2), { key: 2, state: { start: 20, events: 2 }, timeoutMs: 50 });
    const text = () => stateJson(store.encodedSnapshot());
    expect(text()).toBe(JSON.stringify(encodeState(store.snapshot())));
    const first = store.encodedSnapshot()[0];
    expect(store.encodedSnapshot()[0]).toBe(first); // unchanged: the same text object
    // what the operator does when a call updated the key: new state, new timeout, written text dropped
    const e = store.entries.get(keyText(1))!;
    e.state = { start: 10, events: 5 };
    e.timeoutMs = 70;
    e.written = undefined;
    expect(text()).toBe(JSON.stringify(encodeState(store.snapshot())));
    expect(text()).toContain('[1,[{"$t":"bigint","v":"10"},5],70]');
  });

  it("keys equal by value share one state; 1 and '1' do not", () => {
    expect(keyText(new Date(5))).toBe(keyText(new Date(5)));
    expect(keyText({ a: 1 })).toBe(keyText({ a: 1 }));
    expect(keyText(1)).not.toBe(keyText("1"));
  });
});
