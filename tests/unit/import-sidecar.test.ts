import { expect, test } from 'vitest';
import { strToU8 } from 'fflate';
import { parseSidecar, sidecarEntryFor } from '@/lib/library/import-sidecar';
import { jobsForFiles } from '@/lib/library/bulk-import';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 9, 0, 0, 0, 9]);

const picked = (path: string, bytes: Uint8Array, type = '') => {
  const blob = new Blob([bytes as BlobPart], { type });
  const name = path.split('/').pop()!;
  return { name, type, size: blob.size, lastModified: 7, webkitRelativePath: path.includes('/') ? path : '', arrayBuffer: () => blob.arrayBuffer(), slice: () => blob };
};

const titlesOf = (jobs: Awaited<ReturnType<typeof jobsForFiles>>) => jobs.map((job) => (job.source.kind === 'file' ? job.source.title : undefined));

test("an unzipped export's manifest.json gives its images their titles, sources and dates", async () => {
  const manifest = {
    format: 'meme-mirror-library',
    version: 1,
    exportedAt: 1,
    memes: [{ file: 'images/0001-success-kid.png', title: 'Success kid', sourceUrl: 'https://x.test/sk.png', addedAt: 42 }],
  };
  const jobs = await jobsForFiles(
    [picked('export/manifest.json', strToU8(JSON.stringify(manifest))), picked('export/images/0001-success-kid.png', PNG, 'image/png'), picked('export/images/other.png', PNG, 'image/png')],
    'b',
  );
  expect(jobs.map((job) => job.source)).toMatchObject([
    { kind: 'file', name: '0001-success-kid.png', title: 'Success kid', sourceUrl: 'https://x.test/sk.png', addedAt: 42 },
    { kind: 'file', name: 'other.png' },
  ]);
  expect(titlesOf(jobs)[1]).toBeUndefined();
});

test("memegen's index.csv names each template; its source becomes the page", async () => {
  const csv = 'file,template_id,name,source\nimages/3hd.jpg,3hd,Three-Headed Dragon,https://knowyourmeme.com/memes/three-headed-dragon\n';
  const jobs = await jobsForFiles([picked('memegen/index.csv', strToU8(csv), 'text/csv'), picked('memegen/images/3hd.jpg', PNG, 'image/jpeg')], 'b');
  expect(jobs.map((job) => job.source)).toMatchObject([
    { kind: 'file', title: 'Three-Headed Dragon', pageUrl: 'https://knowyourmeme.com/memes/three-headed-dragon' },
  ]);
});

test('files picked one by one (no folder) match a sidecar by file name', async () => {
  const csv = 'file,title\nimages/a.png,Alpha\n';
  const jobs = await jobsForFiles([picked('index.csv', strToU8(csv)), picked('a.png', PNG, 'image/png')], 'b');
  expect(titlesOf(jobs)).toEqual(['Alpha']);
});

test.each([
  { name: 'manifest.json', text: '{ not json' },
  { name: 'manifest.json', text: '{"memes": [{"file": 1}]}' },
  { name: 'index.csv', text: 'a,b\n1,2\n' },
])('$name that is not a sidecar ($text) gives nothing, and the images still import', ({ name, text }) => {
  expect(parseSidecar(name, text).size).toBe(0);
});

test('a sidecar source that is not a web address is dropped (no javascript: or file: links)', () => {
  const entries = parseSidecar('manifest.json', JSON.stringify({ memes: [{ file: 'a.png', title: 'A', sourceUrl: 'javascript:alert(1)', pageUrl: 'file:///etc' }] }));
  expect(entries.get('a.png')).toEqual({ title: 'A' });
  expect(sidecarEntryFor('x/a.png', [{ path: 'y/manifest.json', entries }])).toBeUndefined();
});
