import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './fixtures';
import { readLibrary, type StoredMeme } from './library-fixtures';
import { makeBadInputs, uniqueFace } from '../fixtures/bad-inputs/make-bad-inputs';
import { behindLogin, serveBytes, serveFile, startBadInputServer, type BadInputServer, type Route } from '../fixtures/bad-inputs/bad-input-server';

/**
 * "Add to Meme Mirror" on images the extension cannot download itself but the page can: behind
 * the page's sign-in, the page's own blob: URL, an image its site shares with that page only.
 * The extension downloads first, without cookies; then the script the context-menu click lets it
 * run in that frame fetches the page's copy. The site is 127.0.0.1, granted to the extension
 * (grantHosts stands in for the activeTab grant of a real click, which Playwright cannot make);
 * "localhost" is the same server under a name the extension has no access to: another site for
 * CORS, and a page without the grant.
 */

const ADDED_1 = 'Added: 1 face';
const TOO_LARGE = 'Not added: the image is larger than the 20 MB limit';
const NOT_SHARED = 'Not added: the site did not let Meme Mirror download the image. Open the image in its own tab and try again.';
const PAGE_ONLY = 'Not added: this image only exists inside that page, which Meme Mirror cannot read. Save the image from the page, then import the file on the options page.';
const SIGN_IN_401 =
  'Not added: the site refused (HTTP 401): it probably wants you to sign in, and Meme Mirror downloads without your cookies. Save the image from the page, then import the file on the options page.';

interface MenuResult {
  outcome: { ok: boolean; reason?: string; memeId?: string };
  message: string;
}

/** Which requests for a route carried the page's session cookie, in order. */
function withCookieLog(route: Route, log: string[]): Route {
  return (request: IncomingMessage, response: ServerResponse) => {
    log.push(/(^|;\s*)session=ok/.test(request.headers.cookie ?? '') ? 'with cookie' : 'without cookie');
    route(request, response);
  };
}

describe('"Add to Meme Mirror" through the page\'s own copy', () => {
  let extension: LaunchedExtension;
  let server: BadInputServer;
  const files = makeBadInputs();
  const cookiesOf401 = new Map<string, string[]>();
  /** The same server under a host name the extension has no access to. */
  const otherSite = (path: string) => server.url(path).replace('//127.0.0.1:', '//localhost:');

  beforeAll(async () => {
    const loginLog = (path: string) => cookiesOf401.set(path, []).get(path)!;
    const face = (tag: string) => serveBytes(uniqueFace(tag), 'image/jpeg');
    const routes: Record<string, Route> = {
      // The chat page signs the user in (its cookie) and shows the images offered below.
      '/chat.html': (_request, response) => {
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'session=ok; Path=/' })
          .end(
            `<!doctype html><title>chat</title>` +
              `<img src="/private-401/face.jpg" alt="Happy face in the chat"><img src="/private/face.jpg">` +
              `<img src="${otherSite('/no-cors.jpg')}"><img src="${otherSite('/shared-with-page.jpg')}">`,
          );
      },
      '/private-401/face.jpg': withCookieLog(behindLogin(files.face, 'image/jpeg', '/login', true), loginLog('/private-401/face.jpg')),
      '/private/face.jpg': withCookieLog(behindLogin(files.greyJpeg, 'image/jpeg', '/login'), loginLog('/private/face.jpg')),
      '/private-401/big.jpg': behindLogin(files.big25mb, 'image/jpeg', '/login', true),
      '/private-401/just-under.jpg': behindLogin(files.just20mb, 'image/jpeg', '/login', true),
      '/login': serveFile(files.loginPage, 'text/html'),
      '/blob-source.jpg': face('blob'),
      '/plain.jpg': face('plain'),
      // Another site's image without any CORS header: the page shows it, nobody may read it.
      '/no-cors.jpg': (_request, response) => {
        const body = uniqueFace('no-cors');
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) }).end(body);
      },
      // Another site's image shared with the chat page's site only (not with extensions).
      '/shared-with-page.jpg': (_request, response) => {
        const body = uniqueFace('shared-with-page');
        response.writeHead(200, { 'content-type': 'image/jpeg', 'access-control-allow-origin': server.origin, vary: 'Origin' }).end(body);
      },
    };
    server = await startBadInputServer(routes);
    extension = await launchExtension({ grantHosts: ['http://127.0.0.1/*'] });
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  /** Opens `url` in a new tab and returns its tab id, as the extension sees it. */
  async function openChat(url: string): Promise<{ page: Page; tabId: number }> {
    // The welcome tab opens on install; once it is there, the page opened here stays the active tab.
    await expect.poll(() => extension.context.pages().some((page) => page.url().endsWith('/welcome.html')), { timeout: 30_000 }).toBe(true);
    const page = await extension.context.newPage();
    await page.goto(url);
    await page.bringToFront();
    const tabId = await extension.serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id ?? -1;
    });
    return { page, tabId };
  }

  /** What the menu's onClicked listener does, with the data and tab Chrome passes it (top frame). */
  const addFromMenu = (srcUrl: string, pageUrl: string, tabId: number): Promise<MenuResult> =>
    extension.serviceWorker.evaluate(
      ({ srcUrl, pageUrl, tabId }) => {
        const add = (globalThis as unknown as { addImageFromContextMenu: (info: object, tab: object) => Promise<MenuResult> }).addImageFromContextMenu;
        return add({ menuItemId: 'meme-mirror-add-image', srcUrl, pageUrl, frameId: 0 }, { id: tabId });
      },
      { srcUrl, pageUrl, tabId },
    );

  /** The memes added by `add`: the library before plus exactly those, nothing else changed. */
  async function memesAddedBy(add: () => Promise<MenuResult>): Promise<{ result: MenuResult; added: StoredMeme[] }> {
    const before = await readLibrary(extension.serviceWorker);
    const result = await add();
    const after = await readLibrary(extension.serviceWorker);
    const known = new Set(before.map((meme) => meme.id));
    expect(after.filter((meme) => known.has(meme.id)).map((meme) => meme.id).sort()).toEqual([...known].sort());
    return { result, added: after.filter((meme) => !known.has(meme.id)) };
  }

  test('an image behind the page\'s sign-in (401 without cookies): added from the page\'s copy, filed under the image and its page, titled by its alt text', async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    cookiesOf401.get('/private-401/face.jpg')!.length = 0;
    const imageUrl = server.url('/private-401/face.jpg');
    const { result, added } = await memesAddedBy(() => addFromMenu(imageUrl, chatUrl, tabId));
    expect(result.message).toBe(ADDED_1);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ id: result.outcome.memeId, sourceUrl: imageUrl, pageUrl: chatUrl, title: 'Happy face in the chat', mime: 'image/jpeg', faceCount: 1 });
    expect(added[0].faces).toHaveLength(1);
    // The extension's own download went first, without cookies; only then the page's, with them.
    expect(cookiesOf401.get('/private-401/face.jpg')).toEqual(['without cookie', 'with cookie']);
    await page.close();
  });

  test('an image behind a sign-in whose site sends its login form without cookies: added from the page\'s copy', async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    cookiesOf401.get('/private/face.jpg')!.length = 0;
    const { result, added } = await memesAddedBy(() => addFromMenu(server.url('/private/face.jpg'), chatUrl, tabId));
    expect(result.message).toBe(ADDED_1);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ sourceUrl: server.url('/private/face.jpg'), pageUrl: chatUrl, faceCount: 1 });
    expect(cookiesOf401.get('/private/face.jpg')).toEqual(['without cookie', 'with cookie']);
    await page.close();
  });

  test("a blob: URL the page made from a face picture: added, filed under the page (not the blob: URL)", async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    const blobUrl = await page.evaluate(async () => URL.createObjectURL(await (await fetch('/blob-source.jpg')).blob()));
    const { result, added } = await memesAddedBy(() => addFromMenu(blobUrl, chatUrl, tabId));
    expect(result.message).toBe(ADDED_1);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ sourceUrl: chatUrl, pageUrl: chatUrl, title: 'chat', faceCount: 1 });
    await page.close();
  });

  test('another site\'s image shared with the page\'s site only (CORS for that origin): added from the page\'s copy', async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    const imageUrl = otherSite('/shared-with-page.jpg');
    const { result, added } = await memesAddedBy(() => addFromMenu(imageUrl, chatUrl, tabId));
    expect(result.message).toBe(ADDED_1);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ sourceUrl: imageUrl, pageUrl: chatUrl, faceCount: 1 });
    await page.close();
  });

  test('another site\'s image without any CORS header, shown on the page: the page cannot read it either, so the message stays', async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    // It is on screen: the browser may show it, but hands neither the extension nor the page its bytes.
    expect(await page.locator(`img[src="${otherSite('/no-cors.jpg')}"]`).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
    const { result, added } = await memesAddedBy(() => addFromMenu(otherSite('/no-cors.jpg'), chatUrl, tabId));
    expect(result).toMatchObject({ outcome: { ok: false, reason: 'not-shared' }, message: NOT_SHARED });
    expect(added).toEqual([]);
    await page.close();
  });

  test('the page\'s copy keeps the 20 MB limit: just under it is added (27 MB as base64), 25 MB is refused before it is sent', async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    const justUnder = await memesAddedBy(() => addFromMenu(server.url('/private-401/just-under.jpg'), chatUrl, tabId));
    expect(justUnder.result.message).toBe(ADDED_1);
    expect(justUnder.added).toHaveLength(1);
    const tooLarge = await memesAddedBy(() => addFromMenu(server.url('/private-401/big.jpg'), chatUrl, tabId));
    expect(tooLarge.result).toMatchObject({ outcome: { ok: false, reason: 'too-large' }, message: TOO_LARGE });
    expect(tooLarge.added).toEqual([]);
    await page.close();
  });

  test('an image the extension can download itself is not fetched by the page', async () => {
    const chatUrl = server.url('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    const before = server.requests.filter((path) => path === '/plain.jpg').length;
    const { result, added } = await memesAddedBy(() => addFromMenu(server.url('/plain.jpg'), chatUrl, tabId));
    expect(result.message).toBe(ADDED_1);
    expect(added).toHaveLength(1);
    expect(server.requests.filter((path) => path === '/plain.jpg').length - before).toBe(1);
    await page.close();
  });

  test('without access to the page (no activeTab grant for it): the clear messages stay, nothing is stored', async () => {
    const chatUrl = otherSite('/chat.html');
    const { page, tabId } = await openChat(chatUrl);
    cookiesOf401.get('/private-401/face.jpg')!.length = 0;
    const signedIn = await memesAddedBy(() => addFromMenu(otherSite('/private-401/face.jpg'), chatUrl, tabId));
    expect(signedIn.result).toMatchObject({ outcome: { ok: false, reason: 'http-error' }, message: SIGN_IN_401 });
    expect(signedIn.added).toEqual([]);
    // The extension's own download only: no script ran in that page to fetch it again.
    expect(cookiesOf401.get('/private-401/face.jpg')).toEqual(['without cookie']);

    const blobUrl = await page.evaluate(async () => URL.createObjectURL(await (await fetch('/blob-source.jpg')).blob()));
    const pageOnly = await memesAddedBy(() => addFromMenu(blobUrl, chatUrl, tabId));
    expect(pageOnly.result).toMatchObject({ outcome: { ok: false, reason: 'page-only' }, message: PAGE_ONLY });
    expect(pageOnly.added).toEqual([]);
    await page.close();
  });
});
