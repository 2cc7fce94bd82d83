import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { ensureBuiltExtension } from './fixtures';

/**
 * A tripwire for the privacy promise: every absolute URL and host name written in the shipped
 * code (JS, wasm, HTML, manifest, messages), against a list of the ones known to be there and why.
 * A string is not a request, but a new host in the package is exactly how MediaPipe's usage logger
 * (odml.pa.googleapis.com) got in unnoticed; whoever adds one has to say here why it is harmless.
 */
const ALLOWED_HOSTS: Record<string, string> = {
  // Hosts the extension does contact, only when the user asks.
  'api.imgflip.com': 'the starter pack list, fetched only after the user presses "Add the starter pack"',
  'i.imgflip.com': "the starter pack's images, same click",
  'imgflip.com': 'named in the starter pack text that asks for permission',
  '127.0.0.1': "the eval and bench pages' connect-src: the local servers npm run eval / bench start",
  // Messenger sites the composer script recognises by location.hostname; it never requests them.
  'app.slack.com': 'site adapter match (lib/insert/sites)',
  'chat.google.com': 'site adapter match',
  'discord.com': 'site adapter match',
  'facebook.com': 'site adapter match',
  'mail.google.com': 'site adapter match',
  'messenger.com': 'site adapter match',
  'teams.cloud.microsoft': 'site adapter match',
  'teams.live.com': 'site adapter match',
  'teams.microsoft.com': 'site adapter match',
  'twitter.com': 'site adapter match',
  'web.telegram.org': 'site adapter match',
  'web.whatsapp.com': 'site adapter match',
  'x.com': 'site adapter match',
  // XML namespaces Preact compares element namespaces with; never fetched.
  'www.w3.org': 'SVG / MathML / XHTML namespace URIs in Preact',
  // Protobuf type URLs inside MediaPipe and TFLite: names of message types, never fetched.
  'type.googleapis.com': 'protobuf Any type URLs (MediaPipe calculator options)',
  'type.googleprod.com': 'protobuf Any type URL prefix in the MediaPipe wasm',
  'google.golang.org': 'protobuf go_package option compiled into the MediaPipe wasm',
  // The same name where a protobuf descriptor's length byte happens to be a letter or digit.
  'z-google.golang.org': 'google.golang.org after a descriptor length byte ("Z-")',
  'z7google.golang.org': 'google.golang.org after a descriptor length byte ("Z7")',
  go: 'Google-internal short links (http://go/…) in MediaPipe wasm error strings',
  goto: 'Google-internal short links (http://goto/…) in MediaPipe wasm error strings',
  'stat.dev': "not a host: Emscripten's file-system code reading a stat's device number",
  'attr.dev': "not a host: Emscripten's file-system code reading a stat's device number",
  'console.info': 'not a host: the log-level routing the build adds to the MediaPipe glue',
  'vwmq3.prod.google.com': "a build machine's path in the MediaPipe wasm's debug strings",
  // Links to documentation inside third-party error messages and comments.
  'github.com': 'issue and doc links in Emscripten glue, tfjs, WXT error messages',
  'kripken.github.io': 'Emscripten doc link in the MediaPipe glue',
  'developer.mozilla.org': 'doc links in the MediaPipe glue',
  'en.wikipedia.org': 'UTF-8 comment link in the MediaPipe glue',
  'pubs.opengroup.org': 'tzset comment link in the MediaPipe glue',
  'unicode.org': 'UTF-16 comment link in the MediaPipe glue',
  'bugzil.la': 'Firefox bug link in the MediaPipe glue',
  'crbug.com': 'Chromium bug links in the MediaPipe glue',
  'webkit.org': 'WebKit bug link in the MediaPipe glue',
  'tools.ietf.org': 'RFC link in the MediaPipe glue',
  'www.ietf.org': 'RFC link in the MediaPipe glue',
  'www.khronos.org': 'WebGL spec link in the MediaPipe glue',
  'server.com': 'an example stack-trace line the MediaPipe glue parses',
  'www.tensorflow.org': 'TFLite error message about custom ops',
  'tfhub.dev': 'tfjs model-URL helper (the extension loads only its own files)',
  'wxt.dev': "WXT's doc link in its fake-browser error message",
};

/** URL schemes that never reach the network from here, and where they come from. */
const ALLOWED_SCHEMES: Record<string, string> = {
  chrome: 'chrome://extensions/shortcuts and the camera settings page, opened as tabs for the user',
  file: 'Emscripten glue path handling for Node (unused in the browser)',
  wasm: "Emscripten's parser for wasm stack frames",
  indexeddb: 'tfjs model storage scheme names (unused)',
  localstorage: 'tfjs model storage scheme names (unused)',
  'fb-messenger': "tfjs's platform sniffing strings",
  whatsapp: "tfjs's platform sniffing strings",
  ssh: 'a closure-library comment',
};

const SHIPPED = /\.(js|mjs|wasm|html|json|css)$/;
const URL_PATTERN = /\b([a-z][a-z0-9+.-]*):\/\/([^\s"'`<>()\\/:?#\x00-\x1f\x7f-\xff]*)/gi;
// Host names outside URLs: dotted labels ending in a TLD, inside a string (after a quote, a slash,
// an @, a space, a NUL or a wasm length byte), so code like `this.keys.info` is not one.
const HOST_PATTERN =
  /(?:^|["'`/@\s\x00-\x1f])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|io|dev|app|ai|edu|gov|me|tv|ly|la|info|microsoft))(?![a-z0-9_-])/gi;

function shippedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SHIPPED.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

test('every URL and host name in the shipped extension is on the allow list, with a reason', () => {
  const dir = ensureBuiltExtension();
  const unknownHosts = new Map<string, string>();
  const unknownSchemes = new Map<string, string>();
  const seenHosts = new Set<string>();
  const files = shippedFiles(dir);
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    const where = relative(dir, file);
    for (const [, scheme, host] of text.matchAll(URL_PATTERN)) {
      const name = scheme!.toLowerCase();
      if (name === 'http' || name === 'https' || name === 'ws' || name === 'wss') {
        const hostname = host!.toLowerCase();
        seenHosts.add(hostname);
        if (!(hostname in ALLOWED_HOSTS)) unknownHosts.set(hostname, where);
      } else if (!(name in ALLOWED_SCHEMES)) {
        unknownSchemes.set(name, where);
      }
    }
    for (const [, host] of text.matchAll(HOST_PATTERN)) {
      const hostname = host!.toLowerCase();
      seenHosts.add(hostname);
      if (!(hostname in ALLOWED_HOSTS)) unknownHosts.set(hostname, where);
    }
  }
  expect(files.length).toBeGreaterThan(20);
  // The scan sees what it must: hosts the code really names.
  expect(seenHosts).toContain('web.whatsapp.com');
  expect(seenHosts).toContain('type.googleapis.com');
  expect(Object.fromEntries(unknownHosts)).toEqual({});
  expect(Object.fromEntries(unknownSchemes)).toEqual({});
});

test('the scan catches the MediaPipe usage logger if it ever ships again', () => {
  const line = 'this.o.send({url:"https://odml.pa.googleapis.com/v1/log",cb:"POST"';
  const hosts = [...line.matchAll(URL_PATTERN)].map((match) => match[2]);
  expect(hosts).toEqual(['odml.pa.googleapis.com']);
  expect(hosts.filter((host) => !(host! in ALLOWED_HOSTS))).toEqual(['odml.pa.googleapis.com']);
});
