import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const EXTENSION_DIR = join(REPO_ROOT, '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the extension unless a build is already there (scripts/test.sh builds once up front). */
export function ensureBuiltExtension(): string {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  return EXTENSION_DIR;
}

export interface LaunchedExtension {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  url(path: string): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** A .y4m clip played as the webcam; without one Chromium's synthetic pattern plays. */
  fakeCamera?: string;
  /** Reuse a profile across launches (restart tests); a fresh temporary one otherwise. */
  profileDir?: string;
  locale?: string;
  colorScheme?: 'light' | 'dark';
  extraArgs?: string[];
  /** 'denied' launches without the auto-accepting fake prompt, so getUserMedia is refused. */
  camera?: 'granted' | 'denied';
  /**
   * Host permissions added to the test copy's manifest, standing in for the activeTab grant that
   * only a real toolbar click or shortcut gives (Playwright can do neither).
   */
  grantHosts?: string[];
  /** Adds test-only files (a driver page) to the copy before it is loaded. */
  prepareCopy?: (dir: string) => Promise<void>;
  /** An X display (Xvfb) to run headed on, so that real key events (xdotool) reach Chromium. */
  display?: string;
  /** For fixtures served over HTTPS under real host names with a throwaway certificate. */
  ignoreHTTPSErrors?: boolean;
}

/**
 * Each launch loads its own copy of the build, so a rebuild during a long test cannot pull files
 * out from under the running browser.
 */
function copyOfBuild(grantHosts: string[] | undefined, profileDir: string | undefined): string {
  // An unpacked extension's id comes from its path: a reused profile needs the same path again.
  const copy = profileDir ? `${profileDir}.extension` : mkdtempSync(join(tmpdir(), 'meme-mirror-ext-'));
  rmSync(copy, { recursive: true, force: true });
  cpSync(ensureBuiltExtension(), copy, { recursive: true });
  if (grantHosts?.length) {
    const manifestPath = join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
    manifest.host_permissions = grantHosts;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  }
  return copy;
}

/** Loads the built extension into Debian's Chromium, headless, with a fake camera. */
export async function launchExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const extension = copyOfBuild(options.grantHosts, options.profileDir);
  await options.prepareCopy?.(extension);
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'meme-mirror-profile-'));
  const args = [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-device-for-media-stream',
    ...(options.camera === 'denied' ? [] : ['--use-fake-ui-for-media-stream']),
    ...(options.fakeCamera ? [`--use-file-for-fake-video-capture=${options.fakeCamera}`] : []),
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(options.locale ? [`--lang=${options.locale}`] : []),
    ...(options.extraArgs ?? []),
  ];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: !options.display,
    ...(options.display ? { env: { ...process.env, DISPLAY: options.display } } : {}),
    ignoreHTTPSErrors: options.ignoreHTTPSErrors,
    ignoreDefaultArgs: ['--disable-extensions'],
    args,
    locale: options.locale,
    colorScheme: options.colorScheme,
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    serviceWorker,
    extensionId,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close();
      rmSync(extension, { recursive: true, force: true });
      if (!options.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}
