import { extensionAssetUrls } from '@/lib/extension-assets';
import { createEvalPipeline } from '@/lib/eval/browser/eval-pipeline';

// The CLI (scripts/eval.ts) waits for this hook, then feeds images through window.memeMirrorEval.
window.memeMirrorEval = createEvalPipeline(extensionAssetUrls());
