import type { Plugin } from 'vite';
import { patchMediapipeTelemetry } from './patch-mediapipe-telemetry';
import { patchTfliteEagerLoad } from './patch-tflite-eager-load';

/** npm modules the extension imports that the build must change, each by its own checked patch. */
const PATCHED_MODULES = [
  { packageDir: '/@mediapipe/tasks-vision/', file: '/vision_bundle.mjs', patch: patchMediapipeTelemetry },
  { packageDir: '/@tensorflow/tfjs-tflite/', file: '/dist/tf-tflite.fesm.js', patch: patchTfliteEagerLoad },
];

/**
 * Applies the patches wherever Vite reads those packages (build and dev server). Any other file
 * of a patched package is refused, so no unpatched copy can slip in by another import path. The
 * dev server's dependency pre-bundling skips plugins, so the packages are excluded from it.
 */
export function bundlePatches(): Plugin {
  return {
    name: 'meme-mirror:bundle-patches',
    enforce: 'pre',
    config: () => ({ optimizeDeps: { exclude: ['@mediapipe/tasks-vision', '@tensorflow/tfjs-tflite'] } }),
    transform(code, id) {
      const file = id.split('?')[0]!.replaceAll('\\', '/');
      const target = PATCHED_MODULES.find(({ packageDir }) => file.includes(`/node_modules${packageDir}`));
      if (!target) return null;
      if (!file.endsWith(`${target.packageDir.slice(0, -1)}${target.file}`)) {
        throw new Error(`${file}: only ${target.packageDir}${target.file.slice(1)} is patched; import that file`);
      }
      return { code: target.patch(code), map: null };
    },
  };
}
