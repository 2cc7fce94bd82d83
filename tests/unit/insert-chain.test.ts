// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { insertMemeIntoComposer } from '@/lib/insert/insert-meme-into-composer';
import { editorAt } from '@/lib/insert/editors/index';
import { defineSite, genericSite, type SiteAdapter } from '@/lib/insert/sites/site-adapter';
import { EVIDENCE_SETTLE_MS, OWN_ELEMENT_ATTRIBUTE } from '@/lib/insert/acceptance';
import type { MemeToInsert } from '@/lib/insert/meme-file';

// happy-dom's DragEvent drops `dataTransfer` from its init (Chrome keeps it: see the e2e tests).
if (!new DragEvent('drop', { dataTransfer: new DataTransfer() }).dataTransfer) {
  class DragEventWithData extends MouseEvent {
    readonly dataTransfer: DataTransfer | null;
    constructor(type: string, init: DragEventInit = {}) {
      super(type, init);
      this.dataTransfer = init.dataTransfer ?? null;
    }
  }
  window.DragEvent = DragEventWithData as unknown as typeof DragEvent;
}

const gif: MemeToInsert = { name: 'distracted-boyfriend', mime: 'image/gif', bytes: new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) };

function composerFrom(html: string, site: SiteAdapter = genericSite) {
  document.body.innerHTML = html;
  const focused = document.querySelector<HTMLElement>('[data-focus]')!;
  const found = editorAt(focused)!;
  return { element: found.root, editor: found.editor, site };
}

function showThumbnail(file: File) {
  const image = document.createElement('img');
  image.src = URL.createObjectURL(file);
  document.body.append(image);
}

const run = (composer: ReturnType<typeof composerFrom>) => insertMemeIntoComposer(composer, gif, new AbortController().signal);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('which step ran, and what counted as accepted', () => {
  test('a paste the page attaches (thumbnail appears) ends the chain at step 1', async () => {
    const composer = composerFrom('<div contenteditable="true" data-focus></div>');
    composer.element.addEventListener('paste', (event) => {
      event.preventDefault();
      showThumbnail(event.clipboardData!.files[0]);
    });
    const outcome = await run(composer);
    expect(outcome).toMatchObject({ ok: true, strategy: 'paste', evidence: 'preview-image', editor: 'contenteditable' });
    expect(outcome.attempts.map((attempt) => attempt.strategy)).toEqual(['paste']);
  });

  test('an ignored paste moves on to the drop, which the page takes', async () => {
    const composer = composerFrom('<textarea data-focus></textarea>');
    composer.element.addEventListener('drop', (event) => {
      event.preventDefault();
      showThumbnail(event.dataTransfer!.files[0]);
    });
    const outcome = await run(composer);
    expect(outcome).toMatchObject({ ok: true, strategy: 'drop', evidence: 'preview-image', editor: 'textarea' });
    expect(outcome.attempts).toEqual([
      { strategy: 'paste', accepted: false, detail: 'nothing on the page took the paste' },
      { strategy: 'drop', accepted: true, detail: 'preview-image' },
    ]);
  });

  test('a cancelled paste with nothing shown (Draft.js without handlePastedFiles) does not count', async () => {
    const composer = composerFrom('<div class="public-DraftEditor-content" contenteditable="true" data-focus></div>');
    composer.element.addEventListener('paste', (event) => event.preventDefault());
    const outcome = await run(composer);
    expect(outcome).toMatchObject({ ok: false, reason: 'not-accepted', editor: 'draft' });
    expect(outcome.attempts[0]).toEqual({ strategy: 'paste', accepted: false, detail: 'the page cancelled the paste but showed no sign of the file' });
  });

  test('on a site that trusts its handler, the cancelled paste is the signal', async () => {
    const trusting = defineSite({ name: 'discord', matches: () => true, trustDefaultPrevented: true });
    const composer = composerFrom('<div data-slate-editor="true" contenteditable="true" data-focus></div>', trusting);
    composer.element.addEventListener('paste', (event) => event.preventDefault());
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'paste', evidence: 'default-prevented', editor: 'slate' });
  });

  test('an unhandled paste is followed by beforeinput insertFromPaste, where slate-react reads it', async () => {
    const composer = composerFrom('<div data-slate-editor="true" contenteditable="true" data-focus></div>');
    composer.element.addEventListener('beforeinput', (event) => {
      if (event.inputType !== 'insertFromPaste' || !event.dataTransfer?.files.length) return;
      event.preventDefault();
      const image = document.createElement('img');
      image.src = 'https://cdn.example/uploaded.gif';
      composer.element.append(image);
    });
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'paste', evidence: 'editor-image' });
  });

  test("the site's own sign counts (Telegram's send-photo popup)", async () => {
    const telegram = defineSite({ name: 'telegram', matches: () => true, acceptedSelector: '.popup-send-photo' });
    const composer = composerFrom('<div class="input-message-input" contenteditable="true" data-focus></div>', telegram);
    composer.element.addEventListener('paste', () => {
      const popup = document.createElement('div');
      popup.className = 'popup-send-photo';
      document.body.append(popup);
    });
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'paste', evidence: 'site-signal' });
  });

  test("the file's name shown in an attachment chip counts", async () => {
    const composer = composerFrom('<div contenteditable="true" data-focus></div><ul id="chips"></ul>');
    composer.element.addEventListener('paste', (event) => {
      const chip = document.createElement('li');
      chip.textContent = `${event.clipboardData!.files[0].name} · uploading`;
      document.querySelector('#chips')!.append(chip);
    });
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'paste', evidence: 'file-name-shown' });
  });

  test('a file input the page reads and resets counts; one left holding the file does not', async () => {
    const html = '<form><textarea data-focus></textarea><input type="file" accept="image/*"></form>';
    let composer = composerFrom(html);
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    input.addEventListener('change', () => (input.value = ''));
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'file-input', evidence: 'file-input-taken' });

    composer = composerFrom(html);
    const outcome = await run(composer);
    expect(outcome).toMatchObject({ ok: false, reason: 'not-accepted' });
    expect(outcome.attempts.map((attempt) => attempt.strategy)).toEqual(['paste', 'drop', 'file-input']);
  }, 15_000);

  test("the extension's own toast never counts as the page's sign", async () => {
    const composer = composerFrom('<div contenteditable="true" data-focus></div>');
    composer.element.addEventListener('paste', (event) => {
      const toast = document.createElement('div');
      toast.setAttribute(OWN_ELEMENT_ATTRIBUTE, 'toast');
      toast.innerHTML = `<img src="data:image/png;base64,AAAA" alt="${event.clipboardData!.files[0].name}">`;
      document.body.append(toast);
    });
    const outcome = await run(composer);
    expect(outcome.attempts[0]).toMatchObject({ strategy: 'paste', accepted: false });
  }, 10_000);

  test('the strategy order is the site adapter’s (Messenger: drop first)', async () => {
    const dropFirst = defineSite({ name: 'messenger', matches: () => true, strategies: ['drop', 'paste'] });
    const composer = composerFrom('<div data-lexical-editor="true" contenteditable="true" data-focus></div>', dropFirst);
    const seen: string[] = [];
    composer.element.addEventListener('paste', () => seen.push('paste'));
    composer.element.addEventListener('drop', (event) => {
      seen.push('drop');
      event.preventDefault();
      showThumbnail(event.dataTransfer!.files[0]);
    });
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'drop', editor: 'lexical' });
    expect(seen).toEqual(['drop']);
  });

  test('a preview the page removes 1.5 s later (a refused upload) is a failure, and the chain stops there', async () => {
    const composer = composerFrom('<div contenteditable="true" data-focus></div>');
    const seen: string[] = [];
    composer.element.addEventListener('paste', (event) => {
      seen.push('paste');
      event.preventDefault();
      showThumbnail(event.clipboardData!.files[0]);
      setTimeout(() => document.querySelector('img')?.remove(), 1500);
    });
    composer.element.addEventListener('drop', () => seen.push('drop'));
    const outcome = await run(composer);
    expect(outcome).toMatchObject({ ok: false, reason: 'withdrawn' });
    expect(outcome.attempts).toEqual([
      { strategy: 'paste', accepted: false, detail: `the page showed the paste (preview-image), then removed it within ${EVIDENCE_SETTLE_MS} ms` },
    ]);
    expect(seen).toEqual(['paste']);
  });

  test('a file input the page resets after a preview that came and went is not "taken"', async () => {
    const composer = composerFrom('<form><textarea data-focus></textarea><input type="file" accept="image/*"></form>');
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    input.addEventListener('change', () => {
      showThumbnail(input.files![0]);
      input.value = '';
      setTimeout(() => document.querySelector('img')?.remove(), 1500);
    });
    const outcome = await run(composer);
    expect(outcome).toMatchObject({ ok: false, reason: 'withdrawn' });
    expect(outcome.attempts.map((attempt) => [attempt.strategy, attempt.accepted])).toEqual([['paste', false], ['drop', false], ['file-input', false]]);
  }, 15_000);

  test('a sign that is re-rendered, or whose blob: src becomes the uploaded URL, still counts', async () => {
    const composer = composerFrom('<div contenteditable="true" data-focus></div>');
    composer.element.addEventListener('paste', (event) => {
      event.preventDefault();
      showThumbnail(event.clipboardData!.files[0]);
      setTimeout(() => {
        const first = document.querySelector('img')!;
        const again = first.cloneNode() as HTMLImageElement;
        first.replaceWith(again);
        setTimeout(() => (again.src = 'https://uploads.example/meme.gif'), 300);
      }, 500);
    });
    expect(await run(composer)).toMatchObject({ ok: true, strategy: 'paste', evidence: 'preview-image' });
    expect(document.querySelector('img')?.getAttribute('src')).toBe('https://uploads.example/meme.gif');
  });

  test('the page gets a File with the meme’s bytes, type and a name with the right extension', async () => {
    const composer = composerFrom('<div contenteditable="true" data-focus></div>');
    let file: File | undefined;
    composer.element.addEventListener('paste', (event) => {
      file = event.clipboardData!.files[0];
      event.preventDefault();
      showThumbnail(file);
    });
    await run(composer);
    expect(file).toMatchObject({ name: 'distracted-boyfriend.gif', type: 'image/gif' });
    expect(new Uint8Array(await file!.arrayBuffer())).toEqual(gif.bytes);
  });
});
