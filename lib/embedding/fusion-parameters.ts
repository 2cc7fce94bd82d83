import fusionJson from '../../models/expression-fusion.json';
import { parseExpressionFusion, type ExpressionFusion } from './expression-fusion';

/**
 * models/expression-fusion.json (written by training/fusion-weight.ts): the blendshape statistics
 * and the weight its choosing rule picked, checked once at load. The eval's `fusion` embedder runs
 * it; the product does not (the file's `decision` says why).
 */
export const FUSION_PARAMETERS: ExpressionFusion = parseExpressionFusion(fusionJson);
