// Drives Debian's Chromium through playwright-core over the cases tests/browser.rs gives it, and
// prints what it saw as JSON on stdout: markup hooks, axe-core violations, every request and cookie,
// error states, screenshot paths. It judges nothing; the Rust test asserts.
//
// Usage: node check.mjs '<config JSON>' (see tests/browser.rs for the fields).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FLAGS } from './flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(process.argv[2] ?? '{}');
const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TIMEOUT = 20_000;


/** Runs in the page (or frame): the contract's hooks, looked for in the document and open shadow roots. */
function collectHooks(words) {
  const elements = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      elements.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const viewportWidth = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  // The rendered box of the text node that holds `text` inside `el`: visible means wider and taller
  // than a pixel (a visually-hidden span is 1×1), not hidden, and within the viewport's width.
  const textShown = (el, text) => {
    if (!text) return { found: false };
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!norm(node.textContent).includes(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const parent = node.parentElement;
      return {
        found: true,
        visible:
          r.width > 1 && r.height > 1 && parent.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
        inViewport: r.left >= -1 && r.right <= viewportWidth + 1,
        ariaHidden: parent.closest('[aria-hidden="true"]') !== null,
      };
    }
    return { found: false };
  };
  const pick = (attr) => elements.filter((el) => el.hasAttribute(attr));
  return {
    lang: document.documentElement.lang,
    title: document.title,
    pledges: pick('data-pledge-id').map((el) => el.getAttribute('data-pledge-id')),
    focusAreas: pick('data-focus-area-id').map((el) => ({
      id: el.getAttribute('data-focus-area-id'),
      text: norm(el.textContent),
      visible: shown(el),
    })),
    activities: pick('data-activity-id').map((el) => {
      const status = el.getAttribute('data-status');
      const word = words?.[status];
      return {
        id: el.getAttribute('data-activity-id'),
        status,
        text: norm(el.textContent),
        visible: shown(el),
        statusWord: word ?? null,
        statusWordShown: textShown(el, word),
      };
    }),
    alerts: elements
      .filter((el) => el.getAttribute('role') === 'alert')
      .map((el) => ({ text: norm(el.textContent), visible: shown(el) })),
    statuses: elements
      .filter((el) => el.getAttribute('role') === 'status')
      .map((el) => ({ text: norm(el.textContent), visible: shown(el) })),
    // What a reader sees: the page's text and that of every open shadow root.
    text: norm(
      [
        document.body?.innerText ?? '',
        ...elements
          .filter((el) => el.shadowRoot)
          .flatMap((el) => [...el.shadowRoot.children])
          .filter((c) => !['STYLE', 'SCRIPT'].includes(c.tagName))
          .map((c) => c.innerText ?? ''),
      ].join(' '),
    ),
    // WCAG 1.4.10 reflow: nothing wider than the viewport at 320 px.
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: viewportWidth,
  };
}

async function runAxe(frame, include) {
  const loaded = await frame.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated over the DevTools protocol, so the page's Content-Security-Policy does not block it.
  if (!loaded) await frame.evaluate(axeSource);
  const result = await frame.evaluate(
    async ({ include }) => {
      const context = include ? { include: [include] } : document;
      const r = await window.axe.run(context, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations', 'incomplete'],
        iframes: false,
      });
      return {
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.flat(Infinity).join(' >>> '), summary: n.failureSummary })),
        })),
        passes: r.passes.length,
        // Rules axe could not decide (e.g. contrast over an undeterminable background), with why.
        incomplete: r.incomplete.map((v) => ({
          id: v.id,
          nodes: v.nodes.map((n) => ({
            target: n.target.flat(Infinity).join(' >>> '),
            why: [...n.any, ...n.all, ...n.none].map((c) => c.message).join(' '),
          })),
        })),
      };
    },
    { include },
  );
  return result;
}

/** The frame the case looks at: the page, or the embedded iframe whose URL starts with `prefix`. */
async function targetFrame(page, c) {
  if (c.target !== 'frame') return page.mainFrame();
  const iframe = page.locator('iframe').first();
  await iframe.waitFor({ state: 'attached', timeout: TIMEOUT });
  const handle = await iframe.elementHandle();
  const frame = await handle.contentFrame();
  await frame.waitForLoadState('load', { timeout: TIMEOUT });
  return frame;
}

async function runCase(browser, c) {
  const out = { name: c.name, url: c.url, widths: [], requests: [], cookies: [], console: [], pageErrors: [] };
  const context = await browser.newContext({
    colorScheme: c.colorScheme ?? 'light',
    viewport: { width: c.widths[0], height: 800 },
    locale: c.lang === 'en' ? 'en-GB' : 'sv-SE',
  });
  try {
    // One entry per request object (a page may ask for the same URL several times).
    const entries = new Map();
    const entry = (r) => {
      if (!entries.has(r)) {
        const e = { url: r.url(), method: r.method(), type: r.resourceType() };
        entries.set(r, e);
        out.requests.push(e);
      }
      return entries.get(r);
    };
    context.on('request', (r) => entry(r));
    context.on('response', async (r) => {
      const e = entry(r.request());
      e.status = r.status();
      try {
        const headers = await r.headersArray();
        e.setCookie = headers.filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
      } catch {
        e.setCookie = [];
        e.headersUnread = true;
      }
    });
    context.on('requestfailed', (r) => {
      entry(r).failure = r.failure()?.errorText ?? 'failed';
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') out.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => out.pageErrors.push(String(e)));

    if (c.route === 'abort-api') {
      await page.route(`${config.app}/v1/**`, (route) => route.abort('failed'));
    } else if (c.route === 'delay-api') {
      // Hold the JSON back so the loading state can be seen, then let it through.
      await page.route(`${config.app}/v1/**`, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await route.continue();
      });
    }

    const response = await page.goto(c.url, { waitUntil: 'load', timeout: TIMEOUT });
    out.status = response?.status() ?? null;
    const frame = await targetFrame(page, c);
    if (c.waitFor) {
      try {
        await frame.locator(c.waitFor).first().waitFor({ state: 'attached', timeout: c.waitTimeout ?? TIMEOUT });
      } catch (e) {
        out.waitError = `nothing matched ${c.waitFor} within ${c.waitTimeout ?? TIMEOUT} ms`;
      }
    }

    for (const width of c.widths) {
      await page.setViewportSize({ width, height: 800 });
      // Let layout and media queries settle after the resize.
      await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const w = { width };
      w.hooks = await frame.evaluate(collectHooks, config.words?.[c.lang] ?? null);
      if (c.axe) w.axe = await runAxe(frame, c.axeInclude ?? null);
      if (c.screenshot !== false) {
        const file = join(config.artifacts, `${c.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        w.screenshot = file;
      }
      out.widths.push(w);
    }
    for (const shot of c.readmeShots ?? []) {
      await page.setViewportSize({ width: shot.width, height: 800 });
      await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const file = join(config.artifacts, 'readme', shot.file);
      if (shot.element) await page.locator(shot.element).first().screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: true });
    }
    // Let late requests (fonts, images, beacons) show before the cookie jar is read.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    out.cookies = await context.cookies();
  } catch (e) {
    out.error = String(e?.stack ?? e);
  } finally {
    await context.close();
  }
  return out;
}

async function main() {
  mkdirSync(join(config.artifacts, 'readme'), { recursive: true });
  const started = Date.now();
  // playwright-core starts Chromium with a fresh user-data dir of its own under the temp dir and
  // removes it at close; every case gets a new context on top (no cookies, no storage shared).
  const browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: FLAGS,
    timeout: 60_000,
  });
  const version = browser.version();
  const cases = [];
  try {
    for (const c of config.cases) {
      const t = Date.now();
      const r = await runCase(browser, c);
      r.ms = Date.now() - t;
      process.stderr.write(`browser: ${c.name} ${r.ms} ms${r.error ? ' ERROR' : ''}\n`);
      cases.push(r);
    }
  } finally {
    await browser.close();
  }
  const result = { chromium: version, ms: Date.now() - started, cases };
  writeFileSync(join(config.artifacts, 'result.json'), JSON.stringify(result, null, 2));
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => {
  process.stderr.write(`browser: ${e?.stack ?? e}\n`);
  process.exit(1);
});
