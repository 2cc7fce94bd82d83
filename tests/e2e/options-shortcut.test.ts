import { expect, test } from 'vitest';
import { launchExtension } from './fixtures';

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
