/** The expression vocabulary every dataset's labels are mapped onto before scoring. */
export const EXPRESSIONS = [
  'neutral',
  'happy',
  'sad',
  'angry',
  'surprised',
  'fearful',
  'disgusted',
  'contempt',
  'sleepy',
  'wink',
] as const;

export type Expression = (typeof EXPRESSIONS)[number];

// Spellings seen across FER+, CK+, KDEF, TCCE and Yale. TCCE calls its neutral vote "peace" and
// Yale calls neutral "normal"; anything else is reported as unmappable rather than guessed.
const SYNONYMS: Record<string, Expression> = {
  neutral: 'neutral',
  normal: 'neutral',
  peace: 'neutral',
  calm: 'neutral',
  happy: 'happy',
  happiness: 'happy',
  joy: 'happy',
  sad: 'sad',
  sadness: 'sad',
  angry: 'angry',
  anger: 'angry',
  surprise: 'surprised',
  surprised: 'surprised',
  fear: 'fearful',
  fearful: 'fearful',
  afraid: 'fearful',
  scared: 'fearful',
  disgust: 'disgusted',
  disgusted: 'disgusted',
  contempt: 'contempt',
  sleepy: 'sleepy',
  wink: 'wink',
};

/** The canonical expression for a dataset's label word, or null when the word is not an expression. */
export function canonicalExpression(label: string): Expression | null {
  return SYNONYMS[label.trim().toLowerCase()] ?? null;
}
