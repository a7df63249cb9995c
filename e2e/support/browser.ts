// Debian's Chromium driven by playwright-core (no downloaded browser builds), a fresh profile per
// run, and an axe check that fails on any WCAG 2.1 A/AA violation.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export async function launchBrowser() {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'loket-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] };

/** WCAG 2.1 A and AA rules; returns the violations in a readable form (empty when clean). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
}

/** Press Tab until the focused element matches; keyboard only, like a user who cannot use a mouse. */
export async function tabTo(
  page: Page,
  matches: (el: { tag: string; label: string; name: string; id: string; role: string }) => boolean,
  max = 40,
) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a) return { tag: '', label: '', name: '', id: '', role: '' };
      const labelled = a.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null;
      return {
        tag: a.tagName.toLowerCase(),
        label: (labelled ?? a.getAttribute('aria-label') ?? a.textContent ?? '').trim(),
        name: a.getAttribute('name') ?? '',
        id: a.id,
        role: a.getAttribute('role') ?? '',
      };
    });
    if (matches(el)) return el;
  }
  throw new Error('Element niet bereikt met Tab');
}
