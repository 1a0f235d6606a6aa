import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Debian's headless Chromium for the web UI's browser tests (`npm run ui:setup` installs it), driven by
 * playwright-core. Without /usr/bin/chromium the tests skip with the reason printed, so plain `npm test` needs
 * nothing but Node.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
/** Screenshots kept as test artefacts (git-ignored). */
export const ARTIFACTS = join(__dirname, "..", "..", "..", "test-artifacts");

export function warnIfNoChromium(): void {
  if (!haveChromium) {
    console.warn(`browser tests skipped: ${CHROMIUM} is absent (run \`npm run ui:setup\` to install Debian's chromium)`);
  }
}

/** A fresh profile directory each run; no network beyond 127.0.0.1 is needed or wanted. */
export async function launchChromium(profile: string): Promise<{ context: import("playwright-core").BrowserContext; page: import("playwright-core").Page }> {
  const { chromium } = await import("playwright-core");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 1400 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
