import type { Worker } from 'playwright-core';
import type { StaticServer } from './static-server';

export interface AddedMeme {
  file: string;
  ok: boolean;
  message: string;
}

/**
 * Adds images to the library the way "Add to Meme Mirror" does: through the context menu's own
 * function in the service worker (Playwright cannot click a context menu).
 */
export async function addMemesThroughMenu(serviceWorker: Worker, server: StaticServer, files: string[]): Promise<AddedMeme[]> {
  const added: AddedMeme[] = [];
  for (const file of files) {
    const result = await serviceWorker.evaluate(
      async ({ srcUrl, pageUrl }) => {
        const add = (globalThis as unknown as { addImageFromContextMenu: (info: object) => Promise<{ outcome: { ok: boolean }; message: string }> })
          .addImageFromContextMenu;
        const { outcome, message } = await add({ menuItemId: 'meme-mirror-add-image', srcUrl, pageUrl });
        return { ok: outcome.ok, message };
      },
      { srcUrl: server.url(file), pageUrl: server.url('/') },
    );
    added.push({ file, ...result });
  }
  return added;
}
