import type { Expression } from '../lib/eval/expressions';

/** Where the head's lists, dumps, table, checkpoints and output vectors live (ignored by git). */
export const HEAD_DIR = 'training/.cache/head';

/** The head's classes, in the order of the table's target columns: FER+'s eight and sleepy (shut eyes). */
export const HEAD_CLASSES: readonly Expression[] = ['neutral', 'happy', 'sad', 'angry', 'surprised', 'fearful', 'disgusted', 'contempt', 'sleepy'];

export type HeadRole = 'fit' | 'pool' | 'dev';
