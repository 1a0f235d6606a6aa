import type { SinkProvider } from "../../engine/exec/sink";

/**
 * Spark's `noop` sink: every batch runs in full (sources read, state updated, progress reported) and its rows
 * are discarded. Used to measure a query, or to run one for its side effects; all output modes.
 */
export const noopSinkProvider: SinkProvider = {
  name: "noop",
  async createSink() {
    return { description: "NoopSink", async addBatch() {} };
  },
};
