import type { Page } from 'playwright-core';
import type { LaunchedExtension } from './fixtures';

/**
 * Page object for the popup. An action popup is not a Playwright page, so the popup document is
 * opened as a tab of the extension (Esc still closes it: a tab with one page of history may close
 * itself), told which tab to insert into, as search-by-example opens it.
 */
export class PopupPage {
  private constructor(readonly page: Page) {}

  /** `initScript` runs in the popup before its own scripts (Playwright's addInitScript). */
  static async open(extension: LaunchedExtension, targetTabId?: number, exampleUrl?: string, initScript?: string): Promise<PopupPage> {
    const query = new URLSearchParams({
      ...(targetTabId ? { tab: String(targetTabId) } : {}),
      ...(exampleUrl ? { example: exampleUrl } : {}),
    });
    const page = await extension.context.newPage();
    if (initScript) await page.addInitScript({ content: initScript });
    // The size Chrome gives the toolbar popup for this content, so screenshots look like it.
    await page.setViewportSize({ width: 344, height: 500 });
    await page.goto(extension.url(`popup.html${query.size ? `?${query}` : ''}`));
    return new PopupPage(page);
  }

  /** Presses a key; a key that closes the popup (Esc, an insert) may close it mid-press. */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key).catch((error: unknown) => {
      if (!this.page.isClosed()) throw error;
    });
  }

  status(): Promise<string | null> {
    return this.page.getByTestId('status').textContent();
  }

  /** The line above the results that says what expression the user makes ("You look happy"). */
  async you(): Promise<string> {
    const line = this.page.getByTestId('you-expression');
    return (await line.count()) > 0 ? ((await line.textContent()) ?? '') : '';
  }

  /** The shown results, in slot order: meme id and the card's text. */
  results(): Promise<{ memeId: string; text: string }[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="result"]')].map((card) => ({
        memeId: card.dataset.memeId ?? '',
        text: card.textContent ?? '',
      })),
    );
  }

  /** The bytes of a meme as the library stores them, base64. */
  memeBase64(memeId: string): Promise<{ base64: string; mime: string }> {
    return this.page.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('meme-mirror');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const meme = await new Promise<{ blob: Blob; mime: string }>((resolve, reject) => {
        const request = db.transaction('memes').objectStore('memes').get(id);
        request.onsuccess = () => resolve(request.result as { blob: Blob; mime: string });
        request.onerror = () => reject(request.error);
      });
      db.close();
      const bytes = new Uint8Array(await meme.blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { base64: btoa(binary), mime: meme.mime };
    }, memeId);
  }
}

/** The id of the tab showing `url`, as the extension sees it. */
export async function tabIdOf(extension: LaunchedExtension, url: string): Promise<number> {
  return extension.serviceWorker.evaluate(async (pageUrl) => {
    const [tab] = await chrome.tabs.query({ url: pageUrl });
    if (tab?.id === undefined) throw new Error(`no tab shows ${pageUrl}`);
    return tab.id;
  }, url);
}
