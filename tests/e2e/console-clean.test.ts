import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { launchExtension, SHARED } from './fixtures';
import { makeFakeCameraClip } from './fake-camera';
import { watchExtensionConsole } from './extension-console';
import { MEMEGEN } from './library-fixtures';
import { PopupPage, tabIdOf } from './popup-page';
import { buildComposerFixtures } from '../fixtures/composers/build-composer-fixtures';
import { serveComposerFixtures } from '../fixtures/composers/serve-composer-fixtures';

const HAPPY = join(SHARED, 'datasets/tcce-dev/images/0521b01.jpg');
// Twenty templates, faces and none (exit.png is a road sign), so the no-face path runs too.
const IMPORTED = readdirSync(join(MEMEGEN, 'images'))
  .filter((name) => /\.(jpe?g|png)$/i.test(name))
  .slice(0, 19)
  .concat('exit.png')
  .map((name) => join(MEMEGEN, 'images', name));

/**
 * A new user's first session, start to end, with every extension context watched for errors:
 * install → welcome (camera) → import on the options page → popup live match → insert into a
 * chat → the options page again. Normal use must log no error anywhere, and nothing uncaught.
 */
test('install → welcome → import → popup → insert → options logs no error in any extension context', { timeout: 600_000 }, async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'meme-mirror-console-'));
  const composers = await serveComposerFixtures(await buildComposerFixtures());
  const extension = await launchExtension({
    profileDir,
    fakeCamera: makeFakeCameraClip([HAPPY], 'console-walk-happy', 2),
    grantHosts: ['http://127.0.0.1/*'],
    extraArgs: ['--remote-debugging-port=0'],
  });
  const watch = await watchExtensionConsole(profileDir, extension.extensionId);
  try {
    const welcome =
      extension.context.pages().find((page) => page.url().endsWith('/welcome.html')) ??
      (await extension.context.waitForEvent('page', { predicate: (page) => page.url().endsWith('/welcome.html') }));
    await welcome.waitForLoadState();
    await welcome.getByTestId('allow-camera').click();
    await expect.poll(() => welcome.getByTestId('camera-result').textContent(), { timeout: 60_000 }).toContain('Camera ready');

    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    await options.getByTestId('library-summary').waitFor();
    await options.getByTestId('import-files').setInputFiles(IMPORTED, { timeout: 120_000 });
    const summary = options.getByTestId('import-summary');
    await summary.waitFor({ timeout: 300_000 });
    const added = Number((await summary.textContent())?.match(/\d+/)?.[0] ?? 0);
    expect(added).toBeGreaterThanOrEqual(3);

    const chat = await extension.context.newPage();
    await chat.goto(composers.url('contenteditable.html'));
    await chat.locator('#composer').click();
    await chat.keyboard.type('look at this ');
    const popup = await PopupPage.open(extension, await tabIdOf(extension, chat.url()));
    await expect.poll(() => popup.results().then((shown) => shown.length), { timeout: 120_000 }).toBe(3);
    await popup.press('1');
    await expect.poll(() => chat.evaluate(() => window.composerFixture.received.length), { timeout: 30_000 }).toBe(1);
    // It closes once the page has kept the meme for the 2 s settle (lib/insert/acceptance.ts).
    await expect.poll(() => popup.page.isClosed(), { timeout: 10_000 }).toBe(true);

    await options.reload();
    await options.getByTestId('library-summary').waitFor();
    await expect.poll(() => options.getByTestId('meme-card').count()).toBeGreaterThanOrEqual(3);
    // Late errors (a rejected promise after the last step) get a moment to show.
    await options.waitForTimeout(2000);

    // Every kind of context was watched, so a clean result means something.
    const contexts = [...watch.contexts].join('\n');
    for (const page of ['service_worker /background.js', '/offscreen.html', '/welcome.html', '/options.html', '/popup.html']) {
      expect(contexts).toContain(page);
    }
    expect(watch.problems).toEqual([]);
  } finally {
    watch.close();
    await extension.close();
    await composers.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(`${profileDir}.extension`, { recursive: true, force: true });
  }
});
