import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in a small pool so emulators and tests do not starve each other.
    pool: "forks",
    // Shells and scripts the tests start serve their web UI on any free port, never on Spark's 4040 (docs/ui.md).
    env: { TSPARK_UI_PORT: "0" },
    maxWorkers: 2,
  },
});
