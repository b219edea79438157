// Browser tests of the operator console: a real Chromium (Debian's) against the packaged service jar on
// PostgreSQL, started by ops/console-test, which passes:
//   CONSOLE_BASE_URL       e.g. http://127.0.0.1:18090
//   CONSOLE_ADMIN_TOKEN    an admin token (the bootstrap token of that run)
//   CONSOLE_VIEWER_TOKEN   a viewer token
//   CONSOLE_SCREENSHOTS    where to save screenshots of the main pages (not committed)
// Every page fails its test on a console error, an uncaught exception, a failed request or an HTTP error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;

const BASE = required('CONSOLE_BASE_URL');
const ADMIN = required('CONSOLE_ADMIN_TOKEN');
const VIEWER = required('CONSOLE_VIEWER_TOKEN');
const SHOTS = process.env.CONSOLE_SCREENSHOTS || '../target/console-screenshots';
const suffix = randomBytes(4).toString('hex');
const APP = `demo-${suffix}`;
const HOST = `api-${suffix}.example.com`;
const pin = () => 'sha256/' + randomBytes(32).toString('base64');
const PRIMARY = pin(), BACKUP = pin(), NEXT = pin();

let browser;
const problems = [];

function required(name) {
  const v = process.env[name];
  if (!v) { throw new Error(`${name} is not set: run the tests through ops/console-test`); }
  return v;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-default-apps', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
});

after(async () => { await browser?.close(); });

/** A fresh browser context (own cookies) whose page records every problem. */
async function open(width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') { problems.push(`console error on ${page.url()}: ${m.text()}`); } });
  page.on('pageerror', (e) => problems.push(`uncaught ${e.message} on ${page.url()}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) { problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`); } });
  return { context, page };
}

/** Fails the test when the pages recorded any problem since the last check. */
function noProblems() {
  const seen = problems.splice(0);
  assert.deepEqual(seen, [], 'the pages had problems');
}

async function signIn(page, token) {
  await page.goto(`${BASE}/console/sign-in`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}/console/apps`);
}

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function axe(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, [], `axe-core found serious or critical violations on ${name}`);
}

test('an admin signs in with a token and sees the apps', async () => {
  const { context, page } = await open();
  await page.goto(`${BASE}/console`);
  await page.waitForURL(`${BASE}/console/sign-in`);
  await shot(page, '01-sign-in');
  await axe(page, 'sign-in');
  await signIn(page, ADMIN);
  assert.match(await page.locator('.who').innerText(), /Signed in as .* \(admin\)/);
  assert.equal(await page.evaluate(() => document.cookie), '', 'the session cookie is HttpOnly');
  assert.equal(await page.evaluate(() => JSON.stringify(localStorage)), '{}');
  await context.close();
  noProblems();
});

test('a wrong token is refused in words and opens no session', async () => {
  const { context, page } = await open();
  await page.goto(`${BASE}/console/sign-in`);
  await page.getByLabel('API token').fill('pw_wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('This token is unknown, revoked or expired.').waitFor();
  assert.equal((await context.cookies()).filter((c) => c.name === 'pinwheel_console').length, 0);
  await context.close();
  noProblems();
});

test('the rotation walkthrough: app, domain, pins, publish, a finding, stage, what promote waits for', async () => {
  const { context, page } = await open();
  await signIn(page, ADMIN);

  // 1. an app that polls every 15 s
  await page.getByLabel('Id', { exact: true }).fill(APP);
  await page.getByLabel('Display name').fill('Demo app');
  await page.getByLabel('Poll interval (seconds)').fill('15');
  await page.getByRole('button', { name: 'Create app' }).click();
  await page.waitForURL(`${BASE}/console/apps/${APP}`);

  // a dry run before the app carries any domain: the finding, in words, and nothing stored
  await page.getByLabel('Dry run (run the checks, store nothing)').check();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText('Dry run: nothing was stored').waitFor();
  const finding = await page.locator('.finding').first().innerText();
  assert.match(finding, /Error\s+NO_DOMAINS/);
  assert.match(await page.locator('#history + .table-wrap').innerText(), /Nothing published yet/);

  // 2. a domain in mode enforce, carried by the app
  await page.goto(`${BASE}/console/domains`);
  await page.getByLabel('Host').fill(HOST);
  await page.getByLabel('Mode').selectOption('enforce');
  await page.getByRole('button', { name: 'Create domain' }).click();
  await page.waitForURL(`${BASE}/console/domains/${HOST}`);
  await page.goto(`${BASE}/console/apps/${APP}`);
  await page.getByLabel('Domains this app carries').fill(HOST);
  await page.getByRole('button', { name: 'Save domains' }).click();
  await page.getByRole('link', { name: HOST }).waitFor();

  // 3. pins: without a backup the rule is shown in words, then version 1 with primary and backup
  await page.getByRole('link', { name: HOST }).click();
  await page.getByLabel('Key hash of pin 1').fill(PRIMARY);
  await page.getByRole('button', { name: 'Save pin set' }).click();
  await page.locator('.problem').waitFor();
  assert.match(await page.locator('.problem').innerText(), /Pin set rule violated[\s\S]*enforce needs at least 2 pins/);
  await page.getByLabel('Key hash of pin 1').fill(PRIMARY);
  await page.getByLabel('Role of pin 1').selectOption('primary');
  await page.getByLabel('Key hash of pin 2').fill(BACKUP);
  await page.getByLabel('Role of pin 2').selectOption('backup');
  await page.getByLabel('Comment').first().fill('first pins');
  await page.getByRole('button', { name: 'Save pin set' }).click();
  await page.getByText('Version 1, by').waitFor();
  await shot(page, '04-domain');

  // 4. publish seq 1
  await page.goto(`${BASE}/console/apps/${APP}`);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText(/Published bundle seq 1\./).waitFor();
  await shot(page, '03-app');

  // 5. stage the next key: promote waits for a publish, and is refused in words
  await page.goto(`${BASE}/console/domains/${HOST}`);
  await page.getByLabel('New key pin (sha256/…)').fill(NEXT);
  await page.getByLabel('Comment', { exact: true }).last().fill('yearly renewal');
  await page.getByRole('button', { name: 'Stage rotation' }).click();
  await page.waitForURL(/\/rotations\/\d+$/);
  const rotationUrl = page.url();
  assert.match(await page.locator('.waits-for').innerText(), new RegExp(`a published bundle pinning the new key for app\\(s\\) ${APP}`));
  await page.getByRole('button', { name: 'Promote', exact: true }).click();
  await page.locator('.problem').waitFor();
  const refusal = await page.locator('.problem').innerText();
  assert.match(refusal, /Rotation step not safe yet/);
  assert.match(refusal, new RegExp(`unpublishedApps\\s+${APP}`));
  assert.doesNotMatch(refusal, /\b409\b/);

  // 6. publish, then promote waits for time: a countdown the script keeps current
  await page.goto(`${BASE}/console/apps/${APP}`);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText(/Published bundle seq 2\./).waitFor();
  await page.goto(rotationUrl);
  const countdown = page.locator('[data-countdown-text]');
  await countdown.waitFor();
  const first = await countdown.innerText();
  assert.match(first, /^in \d+ s$|^in \d+ min \d+ s$/);
  await page.waitForFunction((t) => document.querySelector('[data-countdown-text]').textContent !== t, first);
  await shot(page, '05-rotation');
  await context.close();
  noProblems();
});

test('a viewer sees every page but no control that changes anything, and a forged change is refused', async () => {
  const { context, page } = await open();
  await signIn(page, VIEWER);
  for (const path of ['/console/apps', `/console/apps/${APP}`, '/console/domains', `/console/domains/${HOST}`,
    '/console/rotations', '/console/keys', '/console/audit']) {
    await page.goto(`${BASE}${path}`);
    const forms = await page.locator('form[method="post"]').evaluateAll((fs) => fs.map((f) => f.getAttribute('action')));
    assert.deepEqual(forms, ['/console/sign-out'], `only sign-out on ${path}`);
  }
  const csrf = await page.locator('form.who input[name="_csrf"]').getAttribute('value');
  const forged = await page.request.post(`${BASE}/console/apps/${APP}/publish`, { form: { _csrf: csrf }, maxRedirects: 0 });
  assert.equal(forged.status(), 403);
  assert.match(await forged.text(), /Insufficient role/);
  await context.close();
  noProblems();
});

test('signing out ends the session', async () => {
  const { context, page } = await open();
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();
  await page.goto(`${BASE}/console/apps`);
  await page.waitForURL(`${BASE}/console/sign-in`);
  await context.close();
  noProblems();
});

test('the main pages have no serious or critical accessibility violations, wide and narrow', async () => {
  for (const width of [1280, 420]) {
    const { context, page } = await open(width);
    await signIn(page, ADMIN);
    const pages = [['apps', '/console/apps'], ['app', `/console/apps/${APP}`], ['domains', '/console/domains'],
      ['domain', `/console/domains/${HOST}`], ['rotations', '/console/rotations'], ['keys', '/console/keys'],
      ['audit', `/console/audit?target=domain:${HOST}&verify=1`], ['tokens', '/console/tokens'],
      ['reports', `/console/apps/${APP}/reports`]];
    await page.goto(`${BASE}/console/rotations`);
    const links = page.locator('main table a');
    assert.ok(await links.count() > 0, 'the walkthrough left an open rotation');
    pages.push(['rotation', await links.first().getAttribute('href')]);
    for (const [name, path] of pages) {
      await page.goto(`${BASE}${path}`);
      await axe(page, `${name} at ${width} px`);
      if (width === 1280 || name === 'app' || name === 'rotation') {
        await shot(page, `${width === 1280 ? '10' : '20'}-${name}-${width}`);
      }
    }
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(scrolls, false, `the last page does not scroll sideways at ${width} px`);
    await context.close();
  }
  noProblems();
});

test('the audit log tells the story and its chain verifies', async () => {
  const { context, page } = await open();
  await signIn(page, ADMIN);
  await page.goto(`${BASE}/console/audit`);
  await page.getByLabel('Target').fill(`domain:${HOST}`);
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await page.getByText(/The chain verifies/).waitFor();
  const text = await page.locator('main table').innerText();
  for (const action of ['pin-set.version-created', 'rotation.staged']) { assert.match(text, new RegExp(action.replace('.', '\\.'))); }
  await shot(page, '06-audit');
  await context.close();
  noProblems();
});
