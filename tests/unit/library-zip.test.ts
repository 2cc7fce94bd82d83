import { describe, expect, test } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { exportLibraryZip, readLibraryZip } from '@/lib/library/library-zip';
import { parseStarterPack, starterPackOrigins } from '@/lib/library/starter-pack';
import { jobsForFiles, jobsForStarterPack } from '@/lib/library/bulk-import';
import type { MemeRecord, PortableTaughtFace } from '@/lib/memes-db/memes-db';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 9, 0, 0, 0, 9]);
const GIF = Uint8Array.from([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([1, 0, 1, 0, 0, 0, 0, 0]));

function meme(id: string, bytes: Uint8Array, mime: string, overrides: Partial<MemeRecord> = {}): MemeRecord {
  return {
    id,
    title: `Meme ${id}: “quoted” / slashed`,
    sourceUrl: `https://example.test/${id}`,
    addedAt: 1_700_000_000_000 + Number(id),
    sha256: `sha${id}`,
    blob: new Blob([bytes as BlobPart], { type: mime }),
    mime,
    width: 9,
    height: 9,
    faceCount: 1,
    ...overrides,
  };
}

describe('library zip', () => {
  test('export then read back restores every file byte for byte, with title, source, page and date', async () => {
    const memes = [meme('1', PNG, 'image/png', { pageUrl: 'https://chat.test/room' }), meme('2', GIF, 'image/gif')];
    const images = await readLibraryZip(await exportLibraryZip(memes));
    expect(images).toHaveLength(2);
    for (const original of memes) {
      const image = images.find((i) => i.title === original.title && i.sourceUrl === original.sourceUrl)!;
      expect(image).toMatchObject({ addedAt: original.addedAt, pageUrl: original.pageUrl });
      expect(new Uint8Array(await image.blob.arrayBuffer())).toEqual(new Uint8Array(await original.blob.arrayBuffer()));
      expect(image.blob.type).toBe(original.mime);
    }
  });

  test('taught faces go into the manifest and come back with their images; a malformed one is dropped with nothing else', async () => {
    const memes = [meme('1', PNG, 'image/png', { faceCount: 0 }), meme('2', GIF, 'image/gif', { faceCount: 0 })];
    const camera = { taught: 'camera' as const, embedding: [0.6, 0.8], probabilities: [0.25, 0.75], modelVersion: 'model-a' };
    const zip = await exportLibraryZip(memes, new Map<string, PortableTaughtFace>([['1', camera], ['2', { taught: 'word', word: 'surprise' }]]));
    const images = await readLibraryZip(zip);
    expect(images.find((image) => image.sourceUrl === memes[0].sourceUrl)?.taughtFace).toEqual(camera);
    expect(images.find((image) => image.sourceUrl === memes[1].sourceUrl)?.taughtFace).toEqual({ taught: 'word', word: 'surprise' });

    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(zip)['manifest.json']));
    manifest.memes[0].taughtFace = { taught: 'camera', embedding: ['x'], probabilities: [], modelVersion: 'model-a' };
    const tampered = unzipSync(zip);
    tampered['manifest.json'] = strToU8(JSON.stringify(manifest));
    const read = await readLibraryZip(zipSync(tampered));
    expect(read.map((image) => image.title).sort()).toEqual(memes.map((m) => m.title).sort());
    expect(read.find((image) => image.sourceUrl === memes[0].sourceUrl)?.taughtFace).toBeUndefined();
    expect(read.find((image) => image.sourceUrl === memes[1].sourceUrl)?.taughtFace).toEqual({ taught: 'word', word: 'surprise' });
  });

  test('any zip of images imports by file name; other files and folders are skipped', async () => {
    const zip = zipSync({ 'pics/a.png': PNG, 'pics/readme.txt': strToU8('hello'), '__MACOSX/pics/._a.png': PNG, 'b.gif': GIF });
    const images = await readLibraryZip(zip);
    expect(images.map((i) => i.path).sort()).toEqual(['b.gif', 'pics/a.png']);
    expect(images[0].title).toBeUndefined();
  });

  test('a zip inside the picked files becomes one job per image, keyed so re-picking adds nothing', async () => {
    const zipBytes = zipSync({ 'a.png': PNG, 'b.gif': GIF });
    const file = (name: string, bytes: Uint8Array) => {
      const blob = new Blob([bytes as BlobPart]);
      return { name, size: blob.size, lastModified: 1, arrayBuffer: () => blob.arrayBuffer(), slice: () => blob };
    };
    const jobs = await jobsForFiles([file('memes.zip', zipBytes), file('c.png', PNG)], 'batch');
    expect(jobs.map((j) => j.itemKey)).toEqual(['memes.zip!a.png', 'memes.zip!b.gif', `c.png:${PNG.length}:1`]);
  });
});

test('a picked folder queues its images (subfolders too, keyed by their path) and skips other files', async () => {
  const file = (path: string, bytes: Uint8Array, type = '') => {
    const blob = new Blob([bytes as BlobPart], { type });
    const name = path.split('/').pop()!;
    return { name, type, size: blob.size, lastModified: 7, webkitRelativePath: path, arrayBuffer: () => blob.arrayBuffer(), slice: () => blob };
  };
  const jobs = await jobsForFiles(
    [file('memes/a.png', PNG, 'image/png'), file('memes/old/b.gif', GIF), file('memes/index.csv', strToU8('a,b'), 'text/csv'), file('memes/LICENSE', strToU8('MIT'))],
    'folder',
  );
  expect(jobs.map((j) => j.itemKey)).toEqual([`memes/a.png:${PNG.length}:7`, `memes/old/b.gif:${GIF.length}:7`]);
  expect(jobs.map((j) => (j.source.kind === 'file' ? j.source.name : ''))).toEqual(['a.png', 'b.gif']);
});

describe('starter pack', () => {
  const answer = {
    success: true,
    data: { memes: Array.from({ length: 120 }, (_, i) => ({ id: String(i), name: `T${i}`, url: `https://i.imgflip.com/${i}.jpg`, width: 500, height: 400, box_count: 2 })) },
  };

  test('takes the first 100 templates of a get_memes answer', () => {
    const memes = parseStarterPack(answer);
    expect(memes).toHaveLength(100);
    expect(memes[0]).toEqual({ id: '0', name: 'T0', url: 'https://i.imgflip.com/0.jpg' });
    expect(jobsForStarterPack(memes.slice(0, 1))).toEqual([
      { batchId: 'starter-pack', itemKey: 'https://i.imgflip.com/0.jpg', source: { kind: 'url', url: 'https://i.imgflip.com/0.jpg', title: 'T0' } },
    ]);
  });

  test.each([
    { name: 'failure answer', json: { success: false, error_message: 'down' } },
    { name: 'no memes list', json: { success: true, data: {} } },
    { name: 'not a URL', json: { success: true, data: { memes: [{ id: 1, name: 'x', url: 'not a url' }] } } },
  ])('refuses a $name', ({ json }) => {
    expect(() => parseStarterPack(json)).toThrow(/unexpected answer/);
  });

  test('asks for imgflip hosts only when the list comes from imgflip', () => {
    expect(starterPackOrigins('https://api.imgflip.com/get_memes')).toEqual(['https://api.imgflip.com/*', 'https://i.imgflip.com/*']);
    expect(starterPackOrigins('http://127.0.0.1:8080/get_memes')).toEqual([]);
  });
});
