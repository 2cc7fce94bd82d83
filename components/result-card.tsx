import { t } from '@/lib/i18n';
import type { ShownMeme } from '@/lib/match/shown-meme';
import { similarityPercent, topExpression } from '@/lib/match/expression-words';
// The class names only: importing the embedder would load the TFLite runtime into the popup.
import expressionModel from '@/models/expression-embedder.json';

const EXPRESSION_CLASSES: readonly string[] = expressionModel.classes;

interface Props {
  meme: ShownMeme;
  slot: number;
  selected: boolean;
  you?: number[];
  onChoose(): void;
}

export function ResultCard({ meme, slot, selected, you, onChoose }: Props) {
  const yourWord = topExpression(you, EXPRESSION_CLASSES);
  const memeWord = topExpression(meme.faceProbabilities, EXPRESSION_CLASSES);
  return (
    <li class={selected ? 'result selected' : 'result'} data-testid="result" data-meme-id={meme.memeId}>
      <button type="button" onClick={onChoose} aria-label={t('resultInsertLabel', meme.title, slot + 1)} aria-current={selected}>
        <span class="result-key" aria-hidden="true">
          {slot + 1}
        </span>
        <img src={meme.imageUrl} alt="" />
        <span class="result-title">{meme.title}</span>
        <span class="result-score">{t('resultSimilarity', similarityPercent(meme.score))}</span>
        {yourWord && memeWord && <span class="result-expressions">{t('resultExpressions', t(yourWord), t(memeWord))}</span>}
      </button>
    </li>
  );
}
