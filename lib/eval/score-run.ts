import type { EvalDataset, EvalImage } from './dataset';
import { toMatrix, type EmbeddingMatrix } from './embedding-distance';
import type { FaceMethod, ImageOutcome, StageTimings } from './page-protocol';
import { crossIdentityRetrieval, identityConfusion, type KnnScores, type RetrievalItem, type RetrievalScores } from './retrieval';
import { sampleVoteTriplets, tripletAgreement, type TripletSampling } from './vote-triplets';

export interface FaceSummary {
  images: number;
  subjects: number;
  decodeFailures: { id: string; error: string }[];
  methods: Record<FaceMethod, number>;
  /** Share of decoded images in which the detector found a face (padded crops count, fallbacks do not). */
  detectionRate: number;
  embedFailures: { id: string; error: string }[];
  unmappedLabels: Record<string, number>;
}

export interface EmbeddingScores {
  retrieval: RetrievalScores;
  identityConfusion: { queries: number; rate: number; otherExpressionRate: number } | null;
  knn: KnnScores | null;
}

export interface RunScores {
  /** cross-identity: every scored image queries the other subjects; test-vs-train: FER+'s split. */
  protocol: 'cross-identity' | 'test-vs-train';
  faces: FaceSummary;
  /** Images that entered the metrics: decoded, a face, an embedding and a mapped expression. */
  scored: number;
  embedding: EmbeddingScores;
  voteTriplets: (TripletSampling & { triplets: number; agreement: number }) | null;
  /** The raters' vote vectors used as the embedding, on the same images: the human ceiling. */
  humanVoteOracle: EmbeddingScores | null;
  /** Mean milliseconds per image; align and embed over the images that reached them. */
  timingsMs: StageTimings;
}

export interface ScoreOptions {
  triplets: TripletSampling;
  knnK: number;
}

/** The images a run evaluates: FER+-style sets skip their validation split (training tunes on it). */
export function imagesToEvaluate(dataset: EvalDataset): EvalImage[] {
  return usesSplits(dataset.images) ? dataset.images.filter((image) => image.split === 'test' || image.split === 'train') : dataset.images;
}

function usesSplits(images: readonly EvalImage[]): boolean {
  return images.some((image) => image.split === 'test') && images.some((image) => image.split === 'train');
}

export function summariseFaces(images: readonly EvalImage[], outcomes: readonly ImageOutcome[]): FaceSummary {
  const methods: Record<FaceMethod, number> = { detected: 0, 'padded-detected': 0, fallback: 0, none: 0 };
  const decodeFailures: FaceSummary['decodeFailures'] = [];
  const embedFailures: FaceSummary['embedFailures'] = [];
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) decodeFailures.push({ id: images[i].id, error: outcome.error });
    else {
      methods[outcome.method]++;
      if (outcome.embedError) embedFailures.push({ id: images[i].id, error: outcome.embedError });
    }
  });
  const decoded = images.length - decodeFailures.length;
  // Counted over the evaluated images (FER+ leaves its validation split out), not the whole file.
  const unmappedLabels: Record<string, number> = {};
  for (const image of images) if (!image.expression) unmappedLabels[image.label] = (unmappedLabels[image.label] ?? 0) + 1;
  return {
    images: images.length,
    subjects: new Set(images.map((image) => image.subject)).size,
    decodeFailures,
    methods,
    detectionRate: decoded ? (methods.detected + methods['padded-detected']) / decoded : 0,
    embedFailures,
    unmappedLabels,
  };
}

function meanTimings(outcomes: readonly ImageOutcome[]): StageTimings {
  const sums = { decodeMs: 0, detectMs: 0, alignMs: 0, embedMs: 0 };
  let decoded = 0;
  let embedded = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    decoded++;
    sums.decodeMs += outcome.timings.decodeMs;
    sums.detectMs += outcome.timings.detectMs;
    if (outcome.embedding || outcome.embedError) {
      embedded++;
      sums.alignMs += outcome.timings.alignMs;
      sums.embedMs += outcome.timings.embedMs;
    }
  }
  return {
    decodeMs: decoded ? sums.decodeMs / decoded : 0,
    detectMs: decoded ? sums.detectMs / decoded : 0,
    alignMs: embedded ? sums.alignMs / embedded : 0,
    embedMs: embedded ? sums.embedMs / embedded : 0,
  };
}

function scoreEmbedding(items: RetrievalItem[], matrix: EmbeddingMatrix, queries: number[], gallery: number[], splits: boolean, knnK: number): EmbeddingScores {
  const confusion = splits ? null : identityConfusion(items, matrix);
  const { knn, ...retrieval } = crossIdentityRetrieval(items, matrix, queries, gallery, splits ? knnK : undefined);
  return { retrieval, identityConfusion: confusion && confusion.queries > 0 ? confusion : null, knn: knn ?? null };
}

/** Turns the page's per-image outcomes into every figure of the report. */
export function scoreRun(images: readonly EvalImage[], outcomes: readonly ImageOutcome[], options: ScoreOptions): RunScores {
  const scoredImages: EvalImage[] = [];
  const items: RetrievalItem[] = [];
  const vectors: Float32Array[] = [];
  outcomes.forEach((outcome, i) => {
    const image = images[i];
    if (!outcome.ok || !outcome.embedding || !image.expression) return;
    scoredImages.push(image);
    items.push({ subject: image.subject, expression: image.expression, ...(image.group === undefined ? {} : { group: image.group }) });
    vectors.push(outcome.embedding);
  });
  const splits = usesSplits(scoredImages);
  const rows = scoredImages.map((_, i) => i);
  const queries = splits ? rows.filter((i) => scoredImages[i].split === 'test') : rows;
  const gallery = splits ? rows.filter((i) => scoredImages[i].split === 'train') : rows;
  const matrix = toMatrix(vectors);

  // Triplets and the oracle need votes on every image they touch; FER+ triplets stay in the test split.
  const voted = queries.filter((i) => scoredImages[i].votes !== null);
  const allVoted = rows.every((i) => scoredImages[i].votes !== null);
  const triplets = sampleVoteTriplets(
    voted.map((i) => ({ subject: scoredImages[i].subject, votes: scoredImages[i].votes ?? [] })),
    options.triplets,
  ).map(([a, b, c]) => [voted[a], voted[b], voted[c]] as [number, number, number]);

  return {
    protocol: splits ? 'test-vs-train' : 'cross-identity',
    faces: summariseFaces(images, outcomes),
    scored: scoredImages.length,
    embedding: scoreEmbedding(items, matrix, queries, gallery, splits, options.knnK),
    voteTriplets: voted.length > 0 ? { ...options.triplets, triplets: triplets.length, agreement: tripletAgreement(triplets, matrix) } : null,
    humanVoteOracle:
      allVoted && rows.length > 0
        ? scoreEmbedding(items, toMatrix(scoredImages.map((image) => image.votes ?? [])), queries, gallery, splits, options.knnK)
        : null,
    timingsMs: meanTimings(outcomes),
  };
}
