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

// Spellings seen across FER+, CK+, KDEF, TCCE, Yale, RAF-DB, AffectNet, CEW and the contempt set.
// TCCE calls its neutral vote "peace" and Yale calls neutral "normal". CEW's "eyes-closed" faces
// are counted with Yale's "sleepy" shots, which are eyes shut too: the product has no class for
// shut eyes apart from sleepy. Anything else is reported as unmappable rather than guessed.
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
  'eyes-closed': 'sleepy',
  'closed-eyes': 'sleepy',
  wink: 'wink',
};

/** The canonical expression for a dataset's label word, or null when the word is not an expression. */
export function canonicalExpression(label: string): Expression | null {
  return SYNONYMS[label.trim().toLowerCase()] ?? null;
}

// Labels that say the eyes are shut whatever the rest of the face does.
const EYES_CLOSED_LABELS = new Set(['eyes-closed', 'closed-eyes']);

/**
 * The group a label puts an image in when the dataset names none: `eyes-closed` for CEW's faces,
 * so an eyes-shut retrieval check can be read apart from the sleepy shots of other sets.
 */
export function labelGroup(label: string): string | undefined {
  return EYES_CLOSED_LABELS.has(label.trim().toLowerCase()) ? 'eyes-closed' : undefined;
}
