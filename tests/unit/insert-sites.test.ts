import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { siteAdapterFor } from '@/lib/insert/sites/index';
import { genericSite } from '@/lib/insert/sites/site-adapter';
import { typeForSite } from '@/lib/insert/insert-meme-into-composer';
import { extensionFor, fileNameFor, MemeWireSchema, memeFromBlob, memeFromWire, memeToWire, safeFileName, sniffImageType } from '@/lib/insert/meme-file';
import { messageDataSchemas } from '@/lib/messaging/protocol';

test.each([
  ['https://web.whatsapp.com/', 'whatsapp'],
  ['https://web.telegram.org/k/#@durov', 'telegram'],
  ['https://web.telegram.org/a/', 'telegram'],
  ['https://discord.com/channels/1/2', 'discord'],
  ['https://app.slack.com/client/T1/C2', 'slack'],
  ['https://www.messenger.com/t/123', 'messenger'],
  ['https://www.facebook.com/messages/t/123', 'messenger'],
  ['https://www.facebook.com/groups/1', 'generic'],
  ['https://chat.google.com/room/AAA', 'google-chat'],
  ['https://mail.google.com/chat/u/0/#chat/space/AAA', 'google-chat'],
  ['https://mail.google.com/mail/u/0/#inbox?compose=new', 'gmail'],
  ['https://teams.microsoft.com/v2/', 'teams'],
  ['https://teams.live.com/v2/', 'teams'],
  ['https://x.com/messages/1-2', 'x'],
  ['https://twitter.com/messages', 'x'],
  ['https://notdiscord.com/', 'generic'],
  ['http://127.0.0.1:8080/lexical.html', 'generic'],
])('siteAdapterFor(%s) is %s', (url, name) => {
  expect(siteAdapterFor(new URL(url)).name).toBe(name);
});

describe('the type a meme goes in as', () => {
  test.each([
    ['image/gif', 'generic', 'image/gif'],
    ['image/webp', 'generic', 'image/webp'],
    ['image/avif', 'generic', 'image/png'],
    ['image/bmp', 'generic', 'image/png'],
    ['image/gif', 'teams', 'image/gif'],
    ['image/webp', 'teams', 'image/png'],
    ['image/webp', 'gmail', 'image/png'],
    ['image/gif', 'x', 'image/gif'],
  ])('%s on %s → %s', (mime, site, expected) => {
    const adapter = site === 'generic' ? genericSite : siteAdapterFor(new URL(`https://${{ teams: 'teams.microsoft.com', gmail: 'mail.google.com', x: 'x.com' }[site]}/`));
    expect(typeForSite(mime, adapter)).toBe(expected);
  });
});

test.each([
  ['image/jpeg', 'jpg'],
  ['image/gif', 'gif'],
  ['image/svg+xml', 'svg'],
  ['image/webp', 'webp'],
])('extensionFor(%s) = %s', (mime, extension) => expect(extensionFor(mime)).toBe(extension));

test.each([
  ['drake.jpg', 'image/png', 'drake.png'],
  ['distracted boyfriend', 'image/gif', 'distracted boyfriend.gif'],
  ['a.b.webp', 'image/webp', 'a.b.webp'],
])('fileNameFor(%s, %s) = %s', (name, mime, expected) => expect(fileNameFor(name, mime)).toBe(expected));

test.each([
  ['Distracted Boyfriend', 'Distracted Boyfriend'],
  ['../../etc/passwd', '.. .. etc passwd'],
  ['a\u0000b\nc', 'a b c'],
  ['   ', 'meme'],
  ['x'.repeat(500), 'x'.repeat(120)],
])('safeFileName(%j) = %j', (name, expected) => expect(safeFileName(name)).toBe(expected));

test('a long library title still makes a valid message', () => {
  const wire = memeToWire({ name: 'Very long title '.repeat(40), mime: 'image/png', bytes: new Uint8Array([1]) });
  expect(v.safeParse(MemeWireSchema, wire).success).toBe(true);
});

describe('the meme crosses the runtime message as checked base64', () => {
  const meme = { name: 'bongo.gif', mime: 'image/gif', bytes: new Uint8Array(70_000).map((_, i) => (i * 31) % 256) };

  test('round trip keeps every byte', () => {
    expect(memeFromWire(memeToWire(meme))).toEqual(meme);
  });

  test.each([
    ['a non-image type', { name: 'x', mime: 'text/html', base64: 'AAAA' }],
    ['script in the type', { name: 'x', mime: 'image/png;<script>', base64: 'AAAA' }],
    ['not base64', { name: 'x', mime: 'image/png', base64: '<img src=x>' }],
    ['an empty name', { name: '', mime: 'image/png', base64: 'AAAA' }],
    ['an extra field', { name: 'x', mime: 'image/png', base64: 'AAAA', url: 'https://evil.example' }],
  ])('refuses %s', (_, wire) => {
    expect(v.safeParse(MemeWireSchema, wire).success).toBe(false);
    expect(v.safeParse(messageDataSchemas.insertMemeIntoComposer, { meme: wire }).success).toBe(false);
  });

  test('the other insert messages accept only their own shapes', () => {
    expect(v.safeParse(messageDataSchemas.noteComposer, undefined).success).toBe(true);
    expect(v.safeParse(messageDataSchemas.noteComposer, { selector: 'body' }).success).toBe(false);
    expect(v.safeParse(messageDataSchemas.showInsertToast, { kind: 'paste-from-clipboard' }).success).toBe(true);
    expect(v.safeParse(messageDataSchemas.showInsertToast, { kind: '<b>hi</b>' }).success).toBe(false);
  });
});

describe('a library Blob without a usable type gets the type its bytes announce', () => {
  const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0]);
  const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
  test.each([
    ['GIF bytes', gif, 'image/gif'],
    ['WebP bytes', webp, 'image/webp'],
    ['unknown bytes', new Uint8Array([1, 2, 3]), undefined],
  ])('sniffImageType(%s)', (_, bytes, mime) => expect(sniffImageType(bytes)).toBe(mime));

  test.each([
    ['no type', new Blob([gif]), undefined, 'image/gif'],
    ['a wrong type', new Blob([gif], { type: 'image/png' }), undefined, 'image/gif'],
    ['a stored type, unknown bytes', new Blob([new Uint8Array([1, 2])]), 'image/avif', 'image/avif'],
    ['nothing to go on', new Blob([new Uint8Array([1, 2])]), undefined, 'image/png'],
  ])('memeFromBlob with %s', async (_, blob, stored, mime) => {
    expect((await memeFromBlob(blob, 'm', stored)).mime).toBe(mime);
  });
});
