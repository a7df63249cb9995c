// Helpers shared by the browser tests of the werkplek's later screens: log in, axe, screenshots,
// and the 200%-zoom check (no sideways scrolling at 640 CSS px wide).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, launchBrowser } from './browser.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shotsDir = process.env.LOKET_SCREENSHOTS ? path.join(repo, 'docs', 'screenshots') : null;

export async function logIn(page: Page, url: string, username: string, password = `${username}-demo`) {
  await page.goto(`${url}/inloggen`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /Welkom/ }).waitFor();
}

export async function expectNoAxeViolations(page: Page, name: string) {
  expect(await axeViolations(page), `axe op ${name}`).toEqual([]);
}

export async function shot(page: Page, name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/**
 * 200% zoom on a 1280×800 screen is a 640×400 CSS-pixel viewport: the page must reflow without a
 * horizontal scrollbar (WCAG 1.4.10) and the named controls must still be reachable.
 */
export async function expectReflowAt200(page: Page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 640, height: 400 });
  try {
    await page.waitForTimeout(50); // let layout settle after the resize; not a timing assertion
    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll<HTMLElement>('main *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    }));
    expect(overflow.wide, 'elementen breder dan het venster').toEqual([]);
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Debian's Chromium with one page whose waits give up after 20 s (a failing step fails fast). */
export async function openBrowserPage() {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  return { browser, page };
}
