import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { MEMEGEN, readLibrary, startImageServer, type ImageServer } from './library-fixtures';

/** memegen's index.csv: file → template name, in file order. */
function memegenTemplates(): { file: string; name: string }[] {
  const [, ...rows] = readFileSync(join(MEMEGEN, 'index.csv'), 'utf8').trim().split('\n');
  return rows.map((row) => {
    // file,template_id,name,… — names may be quoted and contain commas.
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return { file: cells[0], name: cells[2] };
  });
}

/**
 * The starter pack button against a local stand-in of imgflip's get_memes API (same JSON shape),
 * serving memegen images. The extension reads the list's URL from storage ('starterPackUrl'); the
 * test points it at the stand-in, the shipped default is imgflip.
 */
describe('starter pack', () => {
  let extension: LaunchedExtension;
  let server: ImageServer;
  const templates = memegenTemplates().filter((t) => readdirSync(join(MEMEGEN, 'images')).includes(t.file.replace('images/', '')));
  const listed = templates.slice(0, 110);

  beforeAll(async () => {
    const routes: Record<string, string | { json: (origin: string) => unknown }> = {
      '/get_memes': {
        json: (origin) => ({
          success: true,
          data: { memes: listed.map((t, i) => ({ id: String(1000 + i), name: t.name, url: `${origin}/${t.file}`, width: 500, height: 500, box_count: 2 })) },
        }),
      },
    };
    for (const t of listed) routes[`/${t.file}`] = join(MEMEGEN, t.file);
    server = await startImageServer(routes);
    extension = await launchExtension();
    await extension.serviceWorker.evaluate((url) => chrome.storage.local.set({ starterPackUrl: url }), server.url('/get_memes'));
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  test('adds the first 100 templates (those without a face kept for teaching), titled by their names, linked to their URLs', async () => {
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('starter-pack').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 300_000 });
    const [added, duplicate, noFace, failed] = ((await page.getByTestId('import-summary').textContent()) ?? '').match(/\d+/g)!.map(Number);
    const fetched = server.requests.filter((path) => path.startsWith('/images/'));
    expect(added).toBeGreaterThan(0); // so that "0 added" below can only be the second import's summary

    // Pressed again at once, while the page's list may still lack the last memes (it redraws at
    // most once a second); the queue reads the library itself, so this press queues and downloads
    // exactly the templates not in the library under their own URL: those whose image is stored
    // under another template (a template without a face is in the library now). Nothing is added
    // twice. Checked on the final summary, which stays, or, when there is nothing to queue, on the
    // notice that says so.
    await page.getByTestId('starter-pack').click();
    if (duplicate > 0) await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 120_000 }).toMatch(/^Import finished: 0 added/);
    else await expect.poll(() => page.getByTestId('library-notice').textContent(), { timeout: 30_000 }).toBe('0 images queued for import');

    expect(added + duplicate + noFace + failed).toBe(100);
    expect(failed).toBe(0);
    expect(fetched).toHaveLength(100); // only the first 100 of the 110 listed, each once
    expect(new Set(fetched).size).toBe(100);
    if (duplicate > 0) expect(await page.getByTestId('import-summary').textContent()).toBe(`Import finished: 0 added, ${duplicate} already there, 0 without a face, 0 failed`);
    expect(server.requests.filter((path) => path.startsWith('/images/'))).toHaveLength(100 + duplicate);
    const library = await readLibrary(page);
    expect(library).toHaveLength(added + noFace);
    expect(library.filter((meme) => meme.faceCount === 0)).toHaveLength(noFace);
    const byUrl = new Map(listed.map((t) => [server.url(`/${t.file}`), t.name]));
    for (const meme of library) expect(meme.title).toBe(byUrl.get(meme.sourceUrl));
  });
});
