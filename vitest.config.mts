import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in a small pool so emulators and tests do not starve each other.
    pool: "forks",
    maxWorkers: 2,
  },
});
