// Opens ozsim reports in Debian's chromium, headless and offline, and fails on
// any console error, any chart with no drawn marks, a request leaving the
// file, or a blank screenshot. Screenshots (PNG) and prints (PDF) are kept for
// a person to look at.
//
//   node web/report/browser_test.mjs OUT_DIR REPORT.html [REPORT.html ...]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, ...reports] = process.argv.slice(2);
if (!outDir || reports.length === 0) {
  console.error('usage: node browser_test.mjs OUT_DIR REPORT.html [REPORT.html ...]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.OZSIM_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// Distinct colours in a screenshot, counted in the browser: a blank page has one or two.
async function distinctColours(context, png) {
  const page = await context.newPage();
  const count = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, img.width, img.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length && seen.size < 1000; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  }, png.toString('base64'));
  await page.close();
  return count;
}

let failures = 0;
for (const report of reports) {
  // Reports are usually DIR/report.html: the folder names the screenshot.
  const name = basename(report) === 'report.html' ? basename(dirname(resolve(report))) : basename(report, '.html');
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, offline: true });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push('request off the file: ' + r.url()); });
  await page.goto(pathToFileURL(resolve(report)).href);
  await page.waitForFunction(() => document.body && document.body.dataset.ready === 'yes', null, { timeout: 20000 });
  const state = await page.evaluate(() => ({
    report: window.ozsimReport,
    chartElements: document.querySelectorAll('.chart').length,
    textLength: document.body.innerText.length,
  }));
  for (const e of state.report.errors) problems.push('chart error: ' + e);
  if (state.report.charts.length !== state.chartElements)
    problems.push(`${state.chartElements} chart elements but ${state.report.charts.length} charts drawn`);
  for (const c of state.report.charts) {
    if (c.points === 0) problems.push(`chart ${c.id}: no data points`);
    if (c.marks === 0) problems.push(`chart ${c.id}: no marks drawn`);
  }
  if (state.textLength < 200) problems.push(`only ${state.textLength} characters of text`);
  const png = await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  // The same page in screen-high slices, easier for a person to look at.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1100) problems.push(`page is ${width} px wide: something overflows the 1100 px window`);
  for (let y = 0, i = 1; y < height; y += 1400, i++)
    await page.screenshot({ path: `${outDir}/${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width: 1100, height: Math.min(1400, height - y) } });
  // A run of several regions: its section alone, the table and chart a person checks first there.
  const regions = page.locator('#regions');
  if (await regions.count()) {
    await regions.scrollIntoViewIfNeeded();
    await regions.screenshot({ path: `${outDir}/${name}-regions-section.png` });
  }
  // A run of regions: its first kind of provision, all regions together per month and then by region.
  const byRegion = page.locator('figure.chart-block:has(.chart[id^="provision-regions-"])').first();
  if (await byRegion.count()) {
    const together = byRegion.locator('xpath=preceding-sibling::figure[1]');
    await together.scrollIntoViewIfNeeded();
    await together.screenshot({ path: `${outDir}/${name}-provision-kind.png` });
    await byRegion.screenshot({ path: `${outDir}/${name}-provision-regions.png` });
  }
  const colours = await distinctColours(context, png);
  if (colours < 8) problems.push(`blank screenshot (${colours} colours)`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: `${outDir}/${name}.pdf`, format: 'A4', printBackground: true });
  await context.close();
  const summary = `${name}: ${state.report.charts.length} charts, ${colours >= 1000 ? '1000+' : colours} colours`;
  if (problems.length) {
    failures++;
    console.error(`FAIL ${summary}\n  ` + problems.join('\n  '));
  } else {
    console.log(`ok   ${summary} -> ${outDir}/${name}.png`);
  }
}
await browser.close();
process.exit(failures ? 1 : 0);
