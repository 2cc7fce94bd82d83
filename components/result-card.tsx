import { t } from '@/lib/i18n';
import type { ShownMeme } from '@/lib/match/shown-meme';
import { sameExpressionPercent, topExpression } from '@/lib/match/expression-words';
// The class names only: importing the embedder would load the TFLite runtime into the popup.
import expressionModel from '@/models/expression-embedder.json';

export const EXPRESSION_CLASSES: readonly string[] = expressionModel.classes;

interface Props {
  meme: ShownMeme;
  slot: number;
  selected: boolean;
  onChoose(): void;
}

/**
 * One result: the whole meme letterboxed in a picture area of fixed height (a multi-panel strip
 * still reads), its title, and why it was chosen: the expression its face makes and how often a
 * match this close shows the same one. The user's own expression is said once, above the cards.
 */
export function ResultCard({ meme, slot, selected, onChoose }: Props) {
  const memeWord = topExpression(meme.faceProbabilities, EXPRESSION_CLASSES);
  const chance = sameExpressionPercent(meme.score);
  return (
    <li class={selected ? 'result selected' : 'result'} data-testid="result" data-meme-id={meme.memeId}>
      <button type="button" onClick={onChoose} aria-label={t('resultInsertLabel', meme.title, slot + 1)} aria-current={selected}>
        <span class="result-key" aria-hidden="true">
          {slot + 1}
        </span>
        <span class="result-picture">
          <img src={meme.imageUrl} alt="" />
        </span>
        <span class="result-title" title={meme.title}>
          {meme.title}
        </span>
        <span class="result-why" title={chance === undefined ? undefined : t('resultChanceExplained', chance)}>
          {memeWord && <span data-testid="result-expression">{t(memeWord)}</span>}
          {memeWord && chance !== undefined && ' · '}
          {chance !== undefined && <span data-testid="result-chance">{t('resultChance', chance)}</span>}
        </span>
      </button>
    </li>
  );
}
