// The learner web app in a real browser (Debian's chromium, driven by playwright-core) against a running stack.
// Run by client's WebAppEndToEndIT in two phases on one browser profile:
//   PHASE=learn   sign in, download the course, go offline, reload, read an html block (its image shows), a video
//                 and a problem, answer it, complete a block, see completion change; back online the outbox drains.
//   PHASE=update  after a republish with one block changed: the app fetches only that block.
// Prints one line `RESULT {json}` for the Java test; screenshots go to SCREENSHOTS.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
};
const BASE = env('SATCHEL_APP_BASE'); // http://127.0.0.1:<sync-api port>
const TOKEN = env('SATCHEL_LEARNER_TOKEN');
const COURSE = env('SATCHEL_COURSE_ID');
const S3 = env('SATCHEL_S3_BASE'); // http://127.0.0.1:<s3 port>
const PROFILE = env('SATCHEL_BROWSER_PROFILE');
const SHOTS = env('SCREENSHOTS');
const PHASE = env('PHASE');
const BROWSER = process.env.SATCHEL_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT = 60_000;

mkdirSync(SHOTS, { recursive: true });
let shot = PHASE === 'learn' ? 0 : 20;
const result = { phase: PHASE, steps: [], s3Requests: [], progressBodies: [], submissionBodies: [] };

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
}

async function step(page, name) {
  shot++;
  const file = join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  result.steps.push(name);
  console.log(`step ${name} (${file})`);
}

const folder = (id) => [...new TextEncoder().encode(id)]
  .map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) && b < 128 ? String.fromCharCode(b) : '~' + b.toString(16).toUpperCase().padStart(2, '0')))
  .join('');

async function manifest() {
  const r = await fetch(`${BASE}/api/v1/courses/${COURSE}/offline-manifest`, { headers: { Authorization: 'Bearer ' + TOKEN } });
  check(r.ok, `manifest answered ${r.status}`);
  return r.json();
}

async function completionText(page) {
  return (await page.locator('#course-completion').textContent()).trim();
}

async function openCourse(page) {
  await page.goto(`${BASE}/app/#/course/${encodeURIComponent(COURSE)}`);
  await page.getByRole('heading', { name: COURSE }).waitFor({ timeout: TIMEOUT });
}

/** The block's iframe, once its page has loaded from the service worker. */
async function openBlock(page, blockId) {
  await openCourse(page);
  await page.locator(`li.block[data-block="${blockId}"] a`).click();
  await page.locator('iframe.reader').waitFor({ timeout: TIMEOUT });
  const frame = page.frameLocator('iframe.reader');
  await frame.locator('body').waitFor({ timeout: TIMEOUT });
  const handle = await page.locator('iframe.reader').elementHandle();
  const content = await handle.contentFrame();
  await content.waitForLoadState('load');
  check(content.url().includes('/app/read/' + folder(COURSE) + '/' + folder(blockId) + '/'), 'iframe url ' + content.url());
  return content;
}

async function setOffline(context, offline) {
  // setOffline does not reach service-worker fetches (playwright#2311): also refuse every network request
  if (offline) {
    await context.route('**/*', (route) => route.abort('internetdisconnected'));
    result.offlineRequests = 0;
    context.on('request', countOffline);
  } else {
    await context.unroute('**/*');
    context.off('request', countOffline);
  }
  await context.setOffline(offline);
}
function countOffline(request) {
  if (!request.url().startsWith('data:') && !request.url().startsWith('blob:')) result.offlineRequests++;
}

async function learn(context, page) {
  const m = await manifest();
  const html = m.blocks.find((b) => b.type === 'html' && b.blockId.endsWith('@welcome'));
  const otherHtml = m.blocks.find((b) => b.type === 'html' && b.blockId !== html.blockId);
  const video = m.blocks.find((b) => b.type === 'video' && b.blockId.endsWith('@intro_video'));
  const problem = m.blocks.find((b) => b.type === 'problem');
  check(html && otherHtml && video && problem, 'the sample course has html, video and problem blocks');
  result.blocks = { html: html.blockId, otherHtml: otherHtml.blockId, video: video.blockId, problem: problem.blockId };
  result.leafCount = m.blocks.length;

  // 1. sign in with the dev token
  await page.goto(`${BASE}/app/`);
  await page.getByLabel('Access token').waitFor({ timeout: TIMEOUT });
  await step(page, 'sign-in');
  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in with this token' }).click();
  await page.getByRole('heading', { name: 'My courses' }).waitFor({ timeout: TIMEOUT });
  await page.getByRole('link', { name: COURSE }).waitFor({ timeout: TIMEOUT });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await step(page, 'courses');

  // 2. download the whole course
  await openCourse(page);
  check((await completionText(page)).startsWith('0% complete'), 'nothing done yet: ' + (await completionText(page)));
  await step(page, 'outline');
  // the progress bar's text while it runs (the outline is redrawn when the download ends)
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('progress[aria-label="Download progress"]:not([hidden])');
      const text = bar?.parentElement?.querySelector('p[role="status"]')?.textContent;
      if (text) window.__progress.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByRole('button', { name: /Download the whole course/ }).click();
  await page.getByText('The whole course is on this device.').waitFor({ timeout: TIMEOUT * 3 });
  const progressTexts = await page.evaluate(() => window.__progress);
  result.progressTexts = progressTexts.slice(-3);
  check(progressTexts.some((t) => /^Downloading: .+ of .+ \(\d+ of \d+ parts\)$/.test(t)), 'a progress bar with bytes: ' + progressTexts.slice(-3));
  await page.getByText(/^Downloaded \d+ parts \(/).waitFor({ timeout: TIMEOUT });
  result.downloadedFirst = result.s3Requests.length;
  await step(page, 'downloaded');
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  result.persisted = persisted;

  // 3. no network: reload, the shell and the outline come from the device
  await setOffline(context, true);
  await page.reload();
  await page.getByRole('heading', { name: COURSE }).waitFor({ timeout: TIMEOUT });
  check(await page.evaluate(() => navigator.onLine === false), 'the browser is offline');
  check((await page.locator('#pending').getAttribute('data-offline')) === 'yes', 'the app says it is offline');
  await step(page, 'offline-outline');

  // 4. an html block: its image shows
  const htmlFrame = await openBlock(page, html.blockId);
  const img = htmlFrame.locator('img[alt="A map of the learning path"]');
  await img.waitFor({ timeout: TIMEOUT });
  await htmlFrame.waitForFunction(() => {
    const i = document.querySelector('img[alt="A map of the learning path"]');
    return i && i.complete && i.naturalWidth > 0;
  }, null, { timeout: TIMEOUT });
  result.imageWidth = await img.evaluate((i) => i.naturalWidth);
  await step(page, 'offline-html-block');

  // 5. a video block: served by the service worker with Range support
  const videoFrame = await openBlock(page, video.blockId);
  const videoInfo = await videoFrame.evaluate(async () => {
    const v = document.querySelector('video');
    const src = v.currentSrc || v.querySelector('source').src;
    const r = await fetch(src, { headers: { Range: 'bytes=0-99' } });
    const canPlay = v.canPlayType('video/mp4');
    if (canPlay) {
      v.load();
      await new Promise((ok) => {
        if (v.readyState >= 1) return ok();
        v.addEventListener('loadedmetadata', ok, { once: true });
        v.addEventListener('error', ok, { once: true });
        setTimeout(ok, 10_000);
      });
    }
    return { status: r.status, type: r.headers.get('Content-Type'), range: r.headers.get('Content-Range'),
      bytes: (await r.arrayBuffer()).byteLength, canPlay, readyState: v.readyState, error: v.error && v.error.code };
  });
  result.video = videoInfo;
  check(videoInfo.status === 206 && videoInfo.bytes === 100 && /^bytes 0-99\/\d+$/.test(videoInfo.range), 'Range: ' + JSON.stringify(videoInfo));
  check(videoInfo.type === 'video/mp4', 'video Content-Type ' + videoInfo.type);
  if (videoInfo.canPlay) check(videoInfo.readyState >= 1, 'the video loads its metadata offline: ' + JSON.stringify(videoInfo));
  await step(page, 'offline-video-block');

  // 6. a problem: answer it (the page hands the answer to window.SatchelBridge); answering completes it
  const problemFrame = await openBlock(page, problem.blockId);
  await problemFrame.locator('input[type="radio"]').nth(1).check();
  await problemFrame.locator('input[type="checkbox"]').first().check();
  const select = problemFrame.locator('select');
  if (await select.count()) await select.first().selectOption({ index: 2 });
  const text = problemFrame.locator('input[type="text"]');
  for (let i = 0; i < (await text.count()); i++) await text.nth(i).fill('42');
  await problemFrame.locator('form [type="submit"], form button').first().click();
  await page.getByText('Your answer is saved and will be sent when you are online.').waitFor({ timeout: TIMEOUT });
  await step(page, 'offline-problem-answered');

  // 7. complete an html block; completion changes at once, offline
  await openBlock(page, otherHtml.blockId);
  await page.getByRole('button', { name: 'Mark as complete' }).click();
  await page.getByText('Marked as complete.').waitFor({ timeout: TIMEOUT });
  await openCourse(page);
  const expected = Math.floor((100 * 2) / m.blocks.length);
  const after = await completionText(page);
  check(after.startsWith(`${expected}% complete · 2 of ${m.blocks.length} done`), 'completion after two blocks: ' + after);
  const pending = Number(await page.locator('#pending').getAttribute('data-pending'));
  check(pending >= 4, 'progress and the answer wait in the outbox: ' + pending);
  result.pendingOffline = pending;
  result.completionOffline = after;
  await step(page, 'offline-completion');
  result.requestsRefusedOffline = result.offlineRequests;

  // 8. back online: the outbox drains (the `online` event starts a sync)
  await setOffline(context, false);
  await page.waitForFunction(() => document.querySelector('#pending')?.getAttribute('data-pending') === '0'
    && document.querySelector('#pending')?.getAttribute('data-offline') === 'no', null, { timeout: TIMEOUT });
  check(await page.locator('#dead-letters').count() === 0, 'nothing was rejected');
  await page.reload();
  await page.getByRole('heading', { name: COURSE }).waitFor({ timeout: TIMEOUT });
  result.completionOnline = await completionText(page);
  await step(page, 'online-synced');
}

async function update(page) {
  await openCourse(page);
  const button = page.getByRole('button', { name: /Update the download \(1 part,/ });
  await button.waitFor({ timeout: TIMEOUT });
  await step(page, 'update-available');
  result.s3Requests.length = 0;
  await button.click();
  await page.getByText('The whole course is on this device.').waitFor({ timeout: TIMEOUT });
  await step(page, 'updated');
  const changed = env('SATCHEL_CHANGED_BLOCK');
  const frame = await openBlock(page, changed);
  result.changedBlockText = await frame.locator('body').textContent();
  await step(page, 'changed-block');
}

const context = await chromium.launchPersistentContext(PROFILE, {
  executablePath: BROWSER,
  headless: true,
  args: FLAGS,
  serviceWorkers: 'allow',
  viewport: { width: 360, height: 780 },
  deviceScaleFactor: 1,
});
context.on('request', (request) => {
  if (request.url().startsWith(S3)) result.s3Requests.push(new URL(request.url()).pathname);
  if (request.method() === 'POST' && request.url().endsWith('/api/v1/progress')) result.progressBodies.push(request.postData());
  if (request.method() === 'POST' && request.url().endsWith('/api/v1/submissions')) result.submissionBodies.push(request.postData());
});
const page = context.pages()[0] ?? (await context.newPage());
page.on('console', (msg) => console.log('[browser]', msg.type(), msg.text()));
page.on('pageerror', (e) => console.log('[browser error]', e.message));
try {
  if (PHASE === 'learn') await learn(context, page);
  else if (PHASE === 'update') await update(page);
  else throw new Error('PHASE must be learn or update');
  console.log('RESULT ' + JSON.stringify(result));
} catch (e) {
  await page.screenshot({ path: join(SHOTS, `failure-${PHASE}.png`), fullPage: true }).catch(() => undefined);
  console.error(e);
  process.exitCode = 1;
} finally {
  await context.close();
}
