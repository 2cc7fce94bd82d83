/**
 * `npx tsx scripts/calibrate-match.ts [DATASET...]` → lib/match/match-calibration.json
 *
 * Measures what a match score means: over pairs of faces of different people (as a user and a
 * meme are), how often a pair scoring about s shows the same labelled expression. Reads the
 * vectors `npm run eval -- --embedder ours --dump-vectors` wrote to benchmarks/calibration/ for
 * each dataset (default tcce-dev and kdef-dev). Half of each dataset's people (every other one,
 * sorted by id) fit the table; pairs among the other half check it. Rerun both after a model change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrationFaces, type CalibrationFace } from '../lib/eval/node/calibration-faces';
import { calibrationError, fitCalibration, type MatchCalibration, type ScoredPair } from '../lib/match/match-calibration';
import { REPO_ROOT, SHARED } from '../tests/e2e/fixtures';

const BINS = 20;
// Read, not imported: tsx turns each JSON key into a variable, and this file has a key named "eval".
const expressionModel = JSON.parse(readFileSync(join(REPO_ROOT, 'models/expression-embedder.json'), 'utf8')) as { version: string };
const datasets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tcce-dev', 'kdef-dev'];

/** Scored in single precision, as the product's search scores. */
type Face = Omit<CalibrationFace, 'vector'> & { vector: Float32Array };

const facesOf = (name: string): Face[] => calibrationFaces(REPO_ROOT, SHARED, name).map((face) => ({ ...face, vector: Float32Array.from(face.vector) }));

/** Adds to `pairs` every pair of faces of two different people among `faces` (half a million and more: no spread). */
function addCrossIdentityPairs(faces: readonly Face[], pairs: ScoredPair[]): void {
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      if (faces[i].subject === faces[j].subject) continue;
      let score = 0;
      for (let k = 0; k < faces[i].vector.length; k++) score += faces[i].vector[k] * faces[j].vector[k];
      pairs.push({ score, same: faces[i].label === faces[j].label });
    }
  }
}

const fit: ScoredPair[] = [];
const check: ScoredPair[] = [];
const sides = { fit: { people: 0, faces: 0 }, check: { people: 0, faces: 0 } };
for (const name of datasets) {
  const faces = facesOf(name);
  const people = [...new Set(faces.map((face) => face.subject))].sort();
  const fitPeople = new Set(people.filter((_, i) => i % 2 === 0));
  const fitFaces = faces.filter((face) => fitPeople.has(face.subject));
  const checkFaces = faces.filter((face) => !fitPeople.has(face.subject));
  addCrossIdentityPairs(fitFaces, fit);
  addCrossIdentityPairs(checkFaces, check);
  sides.fit.people += fitPeople.size;
  sides.fit.faces += fitFaces.length;
  sides.check.people += people.length - fitPeople.size;
  sides.check.faces += checkFaces.length;
}

const points = fitCalibration(fit, BINS);
const baseRate = (pairs: ScoredPair[]) => pairs.filter((pair) => pair.same).length / pairs.length;
const round = (value: number) => Number(value.toFixed(4));
const calibration: MatchCalibration & Record<string, unknown> = {
  modelVersion: expressionModel.version,
  measuredBy: 'scripts/calibrate-match.ts',
  datasets,
  fittedOn: { ...sides.fit, pairs: fit.length, sameExpressionRate: round(baseRate(fit)) },
  checkedOn: {
    ...sides.check,
    pairs: check.length,
    sameExpressionRate: round(baseRate(check)),
    // The mean gap between the rate the table gives and the rate observed, on people it never saw.
    calibrationError: round(calibrationError(points, check, BINS)),
  },
  points: points.map((point) => ({ score: round(point.score), rate: round(point.rate) })),
};
writeFileSync(join(REPO_ROOT, 'lib/match/match-calibration.json'), `${JSON.stringify(calibration, null, 2)}\n`);
console.log(JSON.stringify(calibration, null, 2));
