import { afterEach, expect, test } from 'vitest';
import { join } from 'node:path';
import { launchExtension, REPO_ROOT, type LaunchedExtension } from './fixtures';

let extension: LaunchedExtension | undefined;
afterEach(async () => {
  await extension?.close();
  extension = undefined;
});

test('install opens the welcome tab, which explains the product and gets the camera with one button', async () => {
  extension = await launchExtension();
  const welcome =
    extension.context.pages().find((page) => page.url().endsWith('/welcome.html')) ??
    (await extension.context.waitForEvent('page', { predicate: (page) => page.url().endsWith('/welcome.html') }));
  await welcome.waitForLoadState();
  await expect.poll(() => welcome.locator('h1').textContent()).toBe('Welcome to Meme Mirror');
  expect(await welcome.locator('main').textContent()).toContain('never leave this computer');
  // What it does, in a picture; how to get memes in; how to find it again (Chrome hides new icons).
  expect(await welcome.locator('img.welcome-picture').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  expect(await welcome.getByTestId('pin-hint').textContent()).toMatch(/Press Alt\+Shift\+M in any chat\. .*pin Meme Mirror/);
  await welcome.screenshot({ path: join(REPO_ROOT, 'test-results/welcome.png'), fullPage: true });
  const [collection] = await Promise.all([
    extension.context.waitForEvent('page', { predicate: (page) => page.url().endsWith('/options.html') }),
    welcome.getByTestId('open-collection').click(),
  ]);
  await collection.getByTestId('library-summary').waitFor();
  await welcome.getByTestId('allow-camera').click();
  // Opening a camera takes seconds on a busy machine; the default 1 s poll is for the DOM.
  await expect.poll(() => welcome.getByTestId('camera-result').textContent(), { timeout: 30_000 }).toContain('Camera ready');
});

test('a refused camera gets a message that says how to fix it, on the welcome page and in the popup', async () => {
  extension = await launchExtension({ camera: 'denied' });
  const page = await extension.context.newPage();
  await page.goto(extension.url('welcome.html'));
  await page.getByTestId('allow-camera').click();
  await expect.poll(() => page.getByTestId('camera-result').textContent()).toContain('Camera access was blocked');
  expect(await page.getByTestId('camera-result').textContent()).toContain('chrome://settings/content/siteDetails');

  const popup = await extension.context.newPage();
  await popup.goto(extension.url('popup.html'));
  await expect.poll(() => popup.getByTestId('status').textContent()).toMatch(/^Camera (blocked|access is needed)/);
  expect(await popup.getByRole('button', { name: 'Open the camera setup page' }).count()).toBe(1);
});
