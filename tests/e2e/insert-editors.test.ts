import { expect, test } from 'vitest';
import { join } from 'node:path';
import { SHARED } from './fixtures';
import { ComposerPage, memeFromPath } from '../fixtures/composers/composer-page';
import { useComposerRig } from '../fixtures/composers/composer-rig';

const MEMES = join(SHARED, 'memes/memegen/images');
const animatedGif = memeFromPath(join(MEMES, 'bongo.gif'));
const jpeg = memeFromPath(join(MEMES, 'captain.jpg'));

const rig = useComposerRig();

test.each([
  { page: 'draft.html', editor: 'draft', meme: animatedGif, strategy: 'paste', evidence: 'preview-image', via: 'draft handlePastedFiles' },
  { page: 'slate.html', editor: 'slate', meme: animatedGif, strategy: 'paste', evidence: 'preview-image', via: 'slate insertData' },
  { page: 'quill.html', editor: 'quill', meme: animatedGif, strategy: 'paste', evidence: 'editor-image', via: 'quill uploader' },
  { page: 'quill.html', editor: 'quill', meme: jpeg, strategy: 'paste', evidence: 'editor-image', via: 'quill uploader' },
  { page: 'tiptap.html', editor: 'prosemirror', meme: animatedGif, strategy: 'paste', evidence: 'preview-image', via: 'tiptap handlePaste' },
])('$page ($editor): the app gets the exact $meme.mime by $strategy, seen as $evidence', async ({ page, editor, meme, strategy, evidence, via }) => {
  const composer = await ComposerPage.open(rig.browser, rig.server.url(page), '[contenteditable="true"]');
  const { note, outcome } = await composer.insertAsPopupWould(meme);
  expect(note).toMatchObject({ found: true, foundBy: 'focused', editor });
  expect(outcome).toMatchObject({ ok: true, strategy, evidence, editor });
  const [received] = await composer.received();
  expect(received).toMatchObject({ type: meme.mime, via });
  expect(received.base64).toBe(meme.base64);
  expect(await composer.page.evaluate(() => document.activeElement?.getAttribute('contenteditable'))).toBe('true');
  await composer.page.close();
});

test('slate-react takes the file from beforeinput insertFromPaste, which the paste strategy sends when the paste is not cancelled', async () => {
  const composer = await ComposerPage.open(rig.browser, rig.server.url('slate.html'), '[contenteditable="true"]');
  await composer.insertAsPopupWould(animatedGif);
  await composer.received();
  const log = await composer.page.evaluate(() => window.composerFixture.log);
  expect(log.filter((line) => !line.startsWith('beforeinput insertText'))).toEqual([
    'paste',
    'beforeinput insertFromPaste',
    expect.stringMatching(/^received bongo\.gif \(image\/gif, \d+ B\) via slate insertData$/),
  ]);
  await composer.page.close();
});
