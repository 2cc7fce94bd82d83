import { expect, test } from 'vitest';
import { MAX_TITLE_FROM_URL, titleFromUrl } from '@/lib/library/ingest-meme';

/** Titles the library makes from URLs it was handed (bad-input corpus, issue 8). */
test.each([
  { url: 'https://x.test/memes/success-kid.jpg', title: 'success kid' },
  { url: `https://x.test/memes/${encodeURIComponent('😀 猫-ünïcode_Ω.jpg')}`, title: '😀 猫 ünïcode Ω' },
  // A malformed escape used to throw "URI malformed" and fail the whole add.
  { url: 'https://x.test/memes/100%25-sure%E0%A4%A.jpg', title: '100%25 sure%E0%A4%A' },
  // The last "/" of a data: URL is somewhere in its base64: the title was a scrap of it.
  { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ/AAAQABAAD/2wBDAAgGBg', title: 'jpeg' },
  { url: 'kitten_face.png', title: 'kitten face' },
])('$url → $title', ({ url, title }) => {
  expect(titleFromUrl(url)).toBe(title);
});

test('a 3000-character file name is cut to a title, by characters, not UTF-16 halves', () => {
  expect(titleFromUrl(`https://x.test/${'a'.repeat(3000)}.jpg`)).toHaveLength(MAX_TITLE_FROM_URL);
  const emoji = titleFromUrl(`https://x.test/${encodeURIComponent('😀'.repeat(300))}.jpg`);
  expect([...emoji]).toHaveLength(MAX_TITLE_FROM_URL);
  expect(emoji.isWellFormed()).toBe(true);
});
