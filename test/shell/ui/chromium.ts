import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { createSessionFor } from "../../../src/shell/session-factory";
import { type UiServer, startUiServer } from "../../../src/shell/ui/server";

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
export async function launchChromium(profile: string): Promise<{ context: BrowserContext; page: Page }> {
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

/** What a browser test of the UI works with: a session without AWS, its UI server and a page in Chromium. */
export interface UiInBrowser {
  // biome-ignore lint/suspicious/noExplicitAny: the session's fluent API is exercised as user code does.
  session: any;
  ui: UiServer;
  page: Page;
  /** The Chromium profile folder, removed after the tests: a place for the queries' checkpoints too. */
  profile: string;
  /** Keeps a screenshot of the page (or of one element of it) in test-artifacts/. */
  screenshot(file: string, selector?: string): Promise<void>;
}

/**
 * For a describe block: starts the UI server over a fresh session and Chromium on a fresh profile before its
 * tests, and after them stops the session's queries, Chromium and the server, and removes the profile.
 */
export function uiInBrowser(profilePrefix: string): UiInBrowser {
  let context: BrowserContext | undefined;
  const fixture = {
    session: createSessionFor({ mode: "none" }),
    profile: mkdtempSync(join(tmpdir(), profilePrefix)),
    async screenshot(file: string, selector?: string) {
      mkdirSync(ARTIFACTS, { recursive: true });
      if (selector) await fixture.page.locator(selector).screenshot({ path: join(ARTIFACTS, file) });
      else await fixture.page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
    },
  } as UiInBrowser;
  beforeAll(async () => {
    fixture.ui = await startUiServer({ session: fixture.session, port: 0 });
    ({ context, page: fixture.page } = await launchChromium(fixture.profile));
  });
  afterAll(async () => {
    for (const q of fixture.session.streams.active as { stop(): Promise<void> }[]) await q.stop();
    await context?.close();
    await fixture.ui?.close();
    rmSync(fixture.profile, { recursive: true, force: true });
  });
  return fixture;
}
