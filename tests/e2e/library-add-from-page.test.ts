import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { matchStillImage, NO_FACE, ONE_FACE, readLibrary, startImageServer, twoFacesImage, type ImageServer } from './library-fixtures';
import expressionModel from '../../models/expression-embedder.json';
import { addThroughMenu, ageStoredFaces } from './library-builder';

/**
 * "Add to Meme Mirror" on images of a local page. Playwright cannot click a context menu, so each
 * test calls, through serviceWorker.evaluate, the very function the menu's onClicked listener
 * calls (entrypoints/background.ts), with the data Chrome passes it. Everything after that is
 * real: offscreen document, fetch, decode, MediaPipe detection, the shipped expression model,
 * IndexedDB, and the notification text.
 */
describe('add an image from a page (context menu)', () => {
  let extension: LaunchedExtension;
  let server: ImageServer;

  beforeAll(async () => {
    server = await startImageServer({
      '/chat.html': ONE_FACE, // content is irrelevant: only its URL is passed as pageUrl
      '/images/happy-person.jpg': ONE_FACE,
      '/images/two-people.jpg': twoFacesImage(),
      '/images/exit-sign.png': NO_FACE,
    });
    extension = await launchExtension();
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  const addFromMenu = (srcUrl: string) => addThroughMenu(extension.serviceWorker, srcUrl, server.url('/chat.html'));

  test('one face: stored with its face, its source and page, and the notification says so', async () => {
    const result = await addFromMenu(server.url('/images/happy-person.jpg'));
    expect(result.message).toBe('Added: 1 face');
    const [meme] = await readLibrary(extension.serviceWorker);
    expect(meme).toMatchObject({
      title: 'happy person',
      sourceUrl: server.url('/images/happy-person.jpg'),
      pageUrl: server.url('/chat.html'),
      mime: 'image/jpeg',
      width: 256,
      height: 256,
      faceCount: 1,
    });
    expect(meme.faces).toHaveLength(1);
    expect(meme.faces[0]).toMatchObject({ modelVersion: expressionModel.version, dimension: expressionModel.outputs.embedding.shape[1] });
    // The face is in the middle of the picture, not a whole-image box.
    const { box } = meme.faces[0];
    expect(box.x).toBeGreaterThan(20);
    expect(box.x + box.width).toBeLessThan(236);
  });

  test('two faces: one meme, two faces, one on each side', async () => {
    const result = await addFromMenu(server.url('/images/two-people.jpg'));
    expect(result.message).toBe('Added: 2 faces');
    const meme = (await readLibrary(extension.serviceWorker)).find((m) => m.title === 'two people');
    expect(meme?.faces).toHaveLength(2);
    const centres = meme!.faces.map((f) => f.box.x + f.box.width / 2).sort((a, b) => a - b);
    expect(centres[0]).toBeLessThan(256);
    expect(centres[1]).toBeGreaterThan(256);
  });

  test('no face: kept without one, to be taught one, and the user is told', async () => {
    const result = await addFromMenu(server.url('/images/exit-sign.png'));
    expect(result).toMatchObject({ outcome: { ok: true, faceCount: 0 }, message: 'Added without a face: teach it the face it makes on the options page' });
    const library = await readLibrary(extension.serviceWorker);
    expect(library).toHaveLength(3);
    expect(library.find((m) => m.sourceUrl === server.url('/images/exit-sign.png'))).toMatchObject({ faceCount: 0, faces: [] });
  });

  test('the same image again (even from another URL): already there, not stored twice', async () => {
    server.requests.length = 0;
    const result = await addFromMenu(server.url('/images/happy-person.jpg?copy=2'));
    expect(result.message).toBe('Already in your memes');
    // The same bytes inlined as a data: URL, as some chats show images.
    const inline = await addFromMenu(`data:image/jpeg;base64,${readFileSync(ONE_FACE).toString('base64')}`);
    expect(inline.message).toBe('Already in your memes');
    expect(await readLibrary(extension.serviceWorker)).toHaveLength(3);
  });

  test('a missing image (404): a clear reason, nothing stored', async () => {
    const result = await addFromMenu(server.url('/images/deleted.jpg'));
    expect(result).toMatchObject({ outcome: { ok: false, reason: 'http-error' }, message: 'Not added: the image could not be downloaded (HTTP 404)' });
    expect(await readLibrary(extension.serviceWorker)).toHaveLength(3);
  });

  test('faces embedded by an older model are re-embedded in the background (on update), and by the Re-index button', async () => {
    const versions = async () => (await readLibrary(extension.serviceWorker)).flatMap((meme) => meme.faces.map((face) => face.modelVersion));

    await ageStoredFaces(extension.serviceWorker);
    expect(new Set(await versions())).toEqual(new Set(['expr-older']));
    // What the background sends after an update (resumeLibraryWork → runLibraryWork).
    await extension.serviceWorker.evaluate(() => chrome.runtime.sendMessage({ id: 1, type: 'runLibraryWork', timestamp: Date.now() }));
    await expect.poll(async () => new Set(await versions()), { timeout: 60_000 }).toEqual(new Set([expressionModel.version]));

    await ageStoredFaces(extension.serviceWorker);
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    await page.getByTestId('reindex').click();
    await expect.poll(async () => new Set(await versions()), { timeout: 60_000 }).toEqual(new Set([expressionModel.version]));
    expect(await versions()).toHaveLength(3);
  });

  test('the live search finds an added meme from the same face, and forgets it once deleted', async () => {
    const page = await extension.context.newPage();
    await page.goto(extension.url('options.html'));
    const happy = (await readLibrary(page)).find((meme) => meme.title === 'happy person')!;
    const [best] = await matchStillImage(page, ONE_FACE);
    expect(best).toMatchObject({ memeId: happy.id });
    expect(best.score).toBeGreaterThan(0.99); // the same face, embedded by the same model

    await page.locator(`[data-meme-id="${happy.id}"]`).getByTestId('meme-delete').click();
    await expect.poll(async () => (await matchStillImage(page, ONE_FACE)).some((c) => c.memeId === happy.id), { timeout: 10_000 }).toBe(false);
  });

  test('an image inlined as a data: URL is stored with its page as the source', async () => {
    const result = await addFromMenu(`data:image/jpeg;base64,${readFileSync(ONE_FACE).toString('base64')}`);
    expect(result.message).toBe('Added: 1 face');
    const meme = (await readLibrary(extension.serviceWorker)).find((m) => m.sourceUrl === server.url('/chat.html'));
    expect(meme).toMatchObject({ title: 'chat', faceCount: 1, mime: 'image/jpeg' });
  });
});
