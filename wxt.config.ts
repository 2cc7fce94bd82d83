import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildAssets } from './scripts/assets/build-assets';
import { bundlePatches } from './scripts/assets/vite-bundle-patches';
import { DEV_ONLY_FILES } from './scripts/assets/dev-only-files';

// Manifest facts that no single entrypoint owns. Every permission is justified in README.md.
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['offscreen', 'storage', 'contextMenus', 'notifications', 'activeTab', 'scripting', 'alarms'],
    // Asked for only when the user presses "Add the starter pack" (options page).
    optional_host_permissions: ['https://api.imgflip.com/*', 'https://i.imgflip.com/*'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+M', mac: 'Alt+Shift+M' },
        description: '__MSG_commandOpen__',
      },
    },
    content_security_policy: {
      // WebAssembly (MediaPipe, TFLite) needs wasm-unsafe-eval; nothing else is relaxed.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
  // `npm run dev` opens Debian's Chromium (the one the tests use) with the extension loaded;
  // as root Chromium only starts without its sandbox.
  webExt: {
    binaries: { chrome: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    chromiumArgs: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  },
  // The eval and bench pages, and what only they load, stay out of the store package.
  zip: { exclude: DEV_ONLY_FILES },
  // MediaPipe's bundled usage logger would POST to Google every minute; see the patches.
  // The analysis worker is a bundle of its own, so the patches apply there too.
  vite: () => ({
    plugins: [preact(), bundlePatches()],
    worker: { plugins: () => [bundlePatches()] },
    // Small shared modules merge into fewer chunks: the popup loaded 17 module files before its
    // script could run (8 now), and each extension resource is a round trip to the browser.
    build: { rollupOptions: { output: { experimentalMinChunkSize: 20_000 } } },
  }),
  hooks: {
    'build:before': async (wxt) => {
      await buildAssets(wxt.config.root);
    },
  },
});
