// Two people use the web client in a real browser (Debian's chromium, driven by playwright-core):
// they register, log in, befriend each other, chat both ways, reload and see their history, and
// use a group. Every control is found by the accessible name the issue gives it.
//
//   node scenario.mjs <the node's web address> <directory for screenshots>
//
// Exits 0 when every step passed; otherwise prints the failed step, saves the pages as
// failure-*.png, and exits 1. CHAT_CHROMIUM names another browser binary. With
// CHAT_RESTARTABLE=1 the scenario also has the node restarted (it prints "node: restart" and
// waits for a line on its standard input once the node is back) and checks that both pages
// come back by themselves. Its users are alice, bob and carol with a random suffix
// (alice-x7k2q), so that it can run again against the same node; CHAT_NAME_SUFFIX sets the
// suffix instead (empty: plain names, for a node with a database of its own).

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, outputDir] = process.argv.slice(2);
if (!url || !outputDir) {
  console.error('usage: node scenario.mjs <url> <screenshot directory>');
  process.exit(2);
}
mkdirSync(outputDir, { recursive: true });

const STEP_TIMEOUT_MS = 15000;
const suffix = process.env.CHAT_NAME_SUFFIX ?? `-${Math.random().toString(36).slice(2, 7)}`;
const alice = { name: `alice${suffix}`, password: 'wonderland-1' };
const bob = { name: `bob${suffix}`, password: 'builder-22' };
const carol = { name: `carol${suffix}`, password: 'carolina-3' };
const crew = `crew${suffix}`;
const NOTES = 60;

let step = 'start';
let steps = 0;
function say(text) {
  step = text;
  steps++;
  console.log(`step: ${text}`);
}

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

/** Waits until the locator's text contains the expected text. */
async function textContains(locator, expected) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.textContent({ timeout: STEP_TIMEOUT_MS })) || '';
    if (seen.includes(expected)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected "${expected}" in "${seen}"`);
}

async function shown(page, text) {
  const message = page.locator('.message .text', { hasText: text });
  await message.waitFor({ state: 'visible' });
  return message;
}

/** Asks whoever runs the scenario to restart the node; resolves once it is back. */
const restarted = [];
if (process.env.CHAT_RESTARTABLE === '1') {
  createInterface({ input: process.stdin }).on('line', () => restarted.shift()?.());
}
function restartNode() {
  return new Promise((resolve) => {
    restarted.push(resolve);
    console.log('node: restart');
  });
}

/** Script errors and console errors (a refused resource, a CSP violation, ...) of every page. */
const pageErrors = [];

async function opened(page) {
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs each refused attempt to connect while the node restarts: expected there.
    if (message.type() === 'error' && !/^WebSocket connection to .* failed/.test(message.text())) {
      pageErrors.push(`console error: ${message.text()}`);
    }
  });
  await page.goto(url);
}

async function register(page, person) {
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Register' }).click();
  await textContains(page.getByRole('status').filter({ hasText: 'Registered' }), `Registered ${person.name}`);
}

async function logIn(page, person) {
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

function conversation(page, name) {
  return page.getByRole('button', { name });
}

async function send(page, text, { withEnter }) {
  await page.getByLabel('Message').fill(text);
  if (withEnter) {
    await page.getByLabel('Message').press('Enter');
  } else {
    await page.getByRole('button', { name: 'Send' }).click();
  }
  const mine = page.locator('.message.mine .text', { hasText: text });
  await mine.waitFor();
  // Sent once the server answered: the bubble shows its time instead of "Sending…".
  await page.locator('.message.mine', { hasText: text }).locator('time').waitFor();
}

const profile = mkdtempSync(join(tmpdir(), 'chat-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHAT_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
});
const pages = {};
let failed = false;
try {
  say('open the web client twice');
  pages.alice = context.pages()[0] || await context.newPage();
  pages.bob = await context.newPage();
  for (const page of Object.values(pages)) {
    await opened(page);
  }
  await pages.alice.getByRole('button', { name: 'Log in' }).waitFor();
  await pages.alice.screenshot({ path: join(outputDir, 'login.png') });

  say('both register, then log in');
  await register(pages.alice, alice);
  await register(pages.bob, bob);
  await logIn(pages.alice, alice);
  await logIn(pages.bob, bob);

  say('alice adds bob as a friend; bob sees alice in his conversations');
  await pages.alice.getByLabel('Add friend').fill(bob.name);
  await pages.alice.getByRole('button', { name: 'Add', exact: true }).click();
  await conversation(pages.bob, alice.name).waitFor();
  await textContains(conversation(pages.alice, bob.name), 'Online');

  say('alice writes to bob (Enter sends); bob sees it unread, opens it, and answers');
  await send(pages.alice, 'Hi Bob! Are we still on for lunch today?', { withEnter: true });
  await textContains(conversation(pages.bob, alice.name).locator('.unread'), '1');
  await conversation(pages.bob, alice.name).click();
  await shown(pages.bob, 'Hi Bob! Are we still on for lunch today?');
  await send(pages.bob, 'Yes! 12:30 at the usual place?', { withEnter: false });
  await shown(pages.alice, 'Yes! 12:30 at the usual place?');
  await send(pages.alice, 'Perfect, see you there.', { withEnter: true });
  await shown(pages.bob, 'Perfect, see you there.');
  check(await pages.alice.locator('.message.mine .text', { hasText: 'Hi Bob!' }).count() === 1,
    'alice sees her own message as hers');
  check(await pages.alice.locator('.message:not(.mine) .text', { hasText: '12:30' }).count() === 1,
    'alice sees bob\'s message as his');

  say('both reload the page, stay logged in, and see their history');
  for (const [who, page] of Object.entries(pages)) {
    await page.reload();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.locator('#conversation-list[aria-busy="false"]').waitFor();
    const other = conversation(page, who === 'alice' ? bob.name : alice.name);
    check(await other.locator('.unread').count() === 0, `${who} acknowledged everything shown before the reload`);
    await other.click();
    await shown(page, 'Hi Bob! Are we still on for lunch today?');
    await shown(page, 'Yes! 12:30 at the usual place?');
    await shown(page, 'Perfect, see you there.');
    check(await page.locator('.message .text', { hasText: 'Perfect, see you there.' }).count() === 1,
      `${who} sees each message once after the reload`);
  }

  if (process.env.CHAT_RESTARTABLE === '1') {
    say('the node restarts: both pages log in again by themselves, and what alice wrote meanwhile arrives once');
    const back = restartNode();
    await textContains(pages.alice.locator('#connection-state'), 'Reconnecting');
    const meanwhile = 'Sorry, my connection dropped for a moment. Still 12:30?';
    await pages.alice.getByLabel('Message').fill(meanwhile);
    await pages.alice.getByLabel('Message').press('Enter');
    await textContains(pages.alice.locator('.message.mine', { hasText: meanwhile }), 'Sending');
    await back;
    await pages.alice.locator('.message.mine', { hasText: meanwhile }).locator('time').waitFor({ timeout: 60000 });
    await pages.bob.locator('.message .text', { hasText: meanwhile }).waitFor({ timeout: 60000 });
    check(await pages.bob.locator('.message .text', { hasText: meanwhile }).count() === 1, 'bob got it once');
    await textContains(pages.bob.locator('#me-name'), bob.name);
    check((await pages.alice.locator('#connection-state').textContent()) === '', 'alice is connected again');
  }

  say('alice creates a group and writes in it; bob joins it and sees what she wrote');
  await pages.alice.getByLabel('New group').fill(crew);
  await pages.alice.getByRole('button', { name: 'Create' }).click();
  await textContains(pages.alice.locator('#conversation-name'), crew);
  await send(pages.alice, 'Welcome to the crew! Lunch plans go here.', { withEnter: true });
  await pages.bob.getByLabel('Join group').fill(crew);
  await pages.bob.getByRole('button', { name: 'Join' }).click();
  await textContains(pages.bob.locator('#conversation-name'), crew);
  await shown(pages.bob, 'Welcome to the crew! Lunch plans go here.');
  await pages.alice.locator('.system', { hasText: `${bob.name} joined the group` }).waitFor();

  say('bob writes in the group; alice sees it live, with his name');
  await send(pages.bob, 'Thanks! I will bring the dessert 🍰', { withEnter: true });
  await shown(pages.alice, 'Thanks! I will bring the dessert 🍰');
  await textContains(pages.alice.locator('.message:not(.mine)', { hasText: 'dessert' }).locator('.author'), bob.name);
  await send(pages.alice, 'Great, thank you!', { withEnter: false });
  await shown(pages.bob, 'Great, thank you!');

  say('carol joins in: alice and bob add her, she writes to both, and leaves');
  pages.carol = await context.newPage();
  await opened(pages.carol);
  await register(pages.carol, carol);
  await logIn(pages.carol, carol);
  for (const [page, back] of [[pages.alice, bob.name], [pages.bob, crew]]) {
    await page.getByLabel('Add friend').fill(carol.name);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await textContains(page.locator('#conversation-name'), carol.name);
    await conversation(page, back).click();
  }
  await conversation(pages.carol, bob.name).click();
  for (let i = 1; i <= NOTES; i++) {
    await pages.carol.getByLabel('Message').fill(`note ${i}`);
    await pages.carol.getByLabel('Message').press('Enter');
  }
  // The text exactly: 'note 6' followed by its time, 01:23, reads 'note 601:23' too.
  const lastNote = pages.carol.locator('.text', { hasText: new RegExp(`^note ${NOTES}$`) });
  await pages.carol.locator('.message.mine').filter({ has: lastNote }).locator('time').waitFor();
  await conversation(pages.carol, alice.name).click();
  await send(pages.carol, 'Hey Alice, are you coming to the party on Saturday?', { withEnter: true });
  await send(pages.carol, 'Bring your guitar if you can! 🎸', { withEnter: true });
  await textContains(conversation(pages.alice, carol.name).locator('.unread'), '2');
  await pages.carol.close();
  delete pages.carol;
  await textContains(conversation(pages.alice, carol.name), 'Offline');

  say('bob reloads, opens carol\'s notes and scrolls up for the older ones');
  await pages.bob.reload();
  await conversation(pages.bob, carol.name).click();
  await shown(pages.bob, `note ${NOTES}`);
  check(await pages.bob.locator('.message .text', { hasText: /^note 1$/ }).count() === 0,
    'the first note waits in the history until bob scrolls up');
  await pages.bob.locator('#messages').evaluate((box) => { box.scrollTop = 0; });
  await pages.bob.locator('.message .text', { hasText: /^note 1$/ }).waitFor();
  check(await pages.bob.locator('.message .text', { hasText: /^note \d+$/ }).count() === NOTES,
    'every note once');

  say('screenshots');
  await conversation(pages.alice, bob.name).click();
  await shown(pages.alice, 'Perfect, see you there.');
  await textContains(conversation(pages.alice, carol.name).locator('.unread'), '2');
  await pages.alice.screenshot({ path: join(outputDir, 'web-client.png') });
  await pages.bob.screenshot({ path: join(outputDir, 'web-client-bob.png') });
  console.log(`screenshots in ${outputDir}`);

  say('bob leaves the group and alice sees him go; alice removes carol, whose conversation stays, read-only');
  await conversation(pages.bob, crew).click();
  await pages.bob.getByRole('button', { name: 'Leave group' }).click();
  await conversation(pages.bob, crew).waitFor({ state: 'detached' });
  await conversation(pages.alice, crew).click();
  await pages.alice.locator('.system', { hasText: `${bob.name} left the group` }).waitFor();
  await conversation(pages.alice, carol.name).click();
  await shown(pages.alice, 'Bring your guitar if you can!');
  await pages.alice.getByRole('button', { name: 'Remove friend' }).click();
  await textContains(conversation(pages.alice, carol.name), 'Not your friend');
  check(await pages.alice.getByLabel('Message').isDisabled(), 'no writing to a former friend');
  check(pageErrors.length === 0, `no script or console errors:\n${pageErrors.join('\n')}`);
  console.log(`browser scenario passed: ${steps} steps`);
} catch (error) {
  failed = true;
  console.error(`FAILED at step "${step}": ${error.stack || error}`);
  for (const [who, page] of Object.entries(pages)) {
    await page.screenshot({ path: join(outputDir, `failure-${who}.png`) }).catch(() => {});
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
