import { expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Titles, URLs and page text come from the web. No UI code may turn text into markup: every
 * string reaches the DOM as text (Preact children, textContent, attributes), never through an
 * HTML sink. This scans all shipped source; a new sink fails here with its file and line.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SHIPPED = ['components', 'lib', 'entrypoints'];
const SINKS = /\b(innerHTML|outerHTML|dangerouslySetInnerHTML|insertAdjacentHTML|createContextualFragment|parseFromString|srcdoc)\b|document\.write(ln)?\s*\(|\beval\s*\(|new Function\s*\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

test('no HTML sink (innerHTML, dangerouslySetInnerHTML, insertAdjacentHTML, document.write, eval…) in shipped code', () => {
  const files = SHIPPED.flatMap((dir) => sourceFiles(join(ROOT, dir)));
  expect(files.length).toBeGreaterThan(50);
  const hits = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (SINKS.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(hits).toEqual([]);
});

test('the scan would catch a sink (the pattern is not vacuous)', () => {
  for (const line of ['el.innerHTML = title', '<div dangerouslySetInnerHTML={{ __html: t }} />', "el.insertAdjacentHTML('beforeend', s)", 'document.write(x)', 'eval(code)']) {
    expect(SINKS.test(line), line).toBe(true);
  }
  expect(SINKS.test('el.textContent = title')).toBe(false);
});
