import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchExtension, REPO_ROOT, type LaunchedExtension } from './fixtures';
import { formatFixtures, readLibrary, startImageServer, type ImageServer } from './library-fixtures';
import { addThroughMenu } from './library-builder';

/**
 * Every accepted format, EXIF orientation, and each limit, through the context menu's function
 * (see library-add-from-page.test.ts for why it is called through serviceWorker.evaluate).
 * The same two-person picture (512x256) is served in each format; each file's bytes differ, so
 * each is a new meme.
 */
describe('formats and limits of an added image', () => {
  let extension: LaunchedExtension;
  let server: ImageServer;
  const formats = formatFixtures();

  beforeAll(async () => {
    const cache = join(REPO_ROOT, '.cache/library');
    const hugePng = join(cache, 'wide-17000.png');
    if (!existsSync(hugePng)) execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=white:s=17000x16', '-frames:v', '1', hugePng]);
    const bigFile = join(cache, 'over-20mb.jpg');
    if (!existsSync(bigFile)) writeFileSync(bigFile, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(21 * 1024 * 1024)]));
    const notImage = join(cache, 'not-an-image.png');
    writeFileSync(notImage, '<!doctype html><p>an error page served as .png</p>');
    const broken = join(cache, 'broken.jpg');
    writeFileSync(broken, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 4, 0, 0]), Buffer.alloc(2000, 7)]));
    server = await startImageServer({
      ...Object.fromEntries(Object.entries(formats).map(([name, path]) => [`/${name}`, path])),
      '/wide.png': hugePng,
      '/big.jpg': bigFile,
      '/not-image.png': notImage,
      '/broken.jpg': broken,
    });
    extension = await launchExtension();
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  const add = (path: string) => addThroughMenu(extension.serviceWorker, server.url(path), server.url(path));

  test.each([
    { format: 'png', mime: 'image/png' },
    { format: 'webp', mime: 'image/webp' },
    { format: 'avif', mime: 'image/avif' },
    { format: 'bmp', mime: 'image/bmp' },
    { format: 'gif', mime: 'image/gif' },
    { format: 'exifJpeg', mime: 'image/jpeg' },
  ])('$format: both faces found, stored as shown (upright, 512x256), the file kept whole', async ({ format, mime }) => {
    expect((await add(`/${format}`)).message).toBe('Added: 2 faces');
    const meme = (await readLibrary(extension.serviceWorker)).find((m) => m.sourceUrl === server.url(`/${format}`))!;
    expect(meme).toMatchObject({ mime, width: 512, height: 256, bytes: statSync(formats[format as keyof typeof formats]).size });
    // One face on each half: true only if the EXIF turn was applied before detection.
    const centres = meme.faces.map((face) => face.box.x + face.box.width / 2).sort((a, b) => a - b);
    expect(centres[0]).toBeLessThan(256);
    expect(centres[1]).toBeGreaterThan(256);
    for (const face of meme.faces) expect(face.box.y + face.box.height).toBeLessThanOrEqual(260);
  });

  test.each([
    { path: '/wide.png', reason: 'too-many-pixels', message: 'Not added: the image is too large (17000×16 pixels; the limit is 16384 a side)' },
    { path: '/big.jpg', reason: 'too-large', message: 'Not added: the image is larger than the 20 MB limit' },
    { path: '/not-image.png', reason: 'unsupported-type', message: 'Not added: not a JPEG, PNG, WebP, GIF, AVIF or BMP image' },
    { path: '/broken.jpg', reason: 'decode-failed', message: 'Not added: the image could not be read (the file may be damaged)' },
  ])('$reason: refused with a clear reason, nothing stored', async ({ path, reason, message }) => {
    const before = (await readLibrary(extension.serviceWorker)).length;
    expect(await add(path)).toMatchObject({ outcome: { ok: false, reason }, message });
    expect(await readLibrary(extension.serviceWorker)).toHaveLength(before);
  });
});
