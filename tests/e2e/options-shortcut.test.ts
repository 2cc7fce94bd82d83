import { expect, test } from 'vitest';
import { launchExtension } from './fixtures';
import { PopupPage } from './popup-page';

test('the options page shows the popup shortcut and links to where Chrome changes it', async () => {
  const extension = await launchExtension();
  try {
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    await expect.poll(() => options.getByTestId('shortcut-settings').textContent()).toContain('Open Meme Mirror with Alt+Shift+M.');
    const [shortcuts] = await Promise.all([
      extension.context.waitForEvent('page', { predicate: (page) => page.url().startsWith('chrome://extensions/shortcuts') }),
      options.getByRole('button', { name: 'Change the shortcut' }).click(),
    ]);
    expect(shortcuts.url()).toBe('chrome://extensions/shortcuts');
  } finally {
    await extension.close();
  }
});

test('the popup links to the options page where the collection is managed', async () => {
  const extension = await launchExtension();
  try {
    const popup = await PopupPage.open(extension);
    const [options] = await Promise.all([
      extension.context.waitForEvent('page', { predicate: (page) => page.url().endsWith('/options.html') }),
      popup.page.getByTestId('open-library').click(),
    ]);
    await expect.poll(() => options.locator('h1').textContent()).toBeTruthy();
  } finally {
    await extension.close();
  }
});
