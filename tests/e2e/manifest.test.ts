import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ensureBuiltExtension } from './fixtures';

/**
 * Pins what the shipped manifest may ask for. A new permission must be a conscious change here
 * and in the permission table in docs/design.md.
 */
const manifest = JSON.parse(readFileSync(join(ensureBuiltExtension(), 'manifest.json'), 'utf8')) as Record<string, unknown>;

test('asks for exactly the permissions docs/design.md justifies, and no host access at install', () => {
  expect([...((manifest.permissions as string[]) ?? [])].sort()).toEqual(EXPECTED_PERMISSIONS);
  expect(manifest.host_permissions ?? []).toEqual([]);
  // Asked for only when the user presses "Add the starter pack".
  expect(manifest.optional_host_permissions).toEqual(['https://api.imgflip.com/*', 'https://i.imgflip.com/*']);
  expect(manifest.content_scripts ?? []).toEqual([]);
});

test('no web page can message the extension, and no remote code can run', () => {
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.content_security_policy).toEqual({
    extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
  });
});

test('the shortcut opens the popup with a key that Chrome and the big messengers leave free', () => {
  expect(manifest.commands).toMatchObject({ _execute_action: { suggested_key: { default: 'Alt+Shift+M' } } });
});

const EXPECTED_PERMISSIONS = ['activeTab', 'alarms', 'contextMenus', 'notifications', 'offscreen', 'scripting', 'storage'];
