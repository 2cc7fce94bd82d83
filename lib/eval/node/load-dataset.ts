import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseCsv } from '../csv';
import { DatasetError, parseDataset, type EvalDataset, type RawGreyFile } from '../dataset';

const RAW_GREY_NAME = /^images-(\d+)x(\d+)\.u8$/;

function findRawGrey(dir: string): RawGreyFile | null {
  for (const file of readdirSync(dir)) {
    const match = RAW_GREY_NAME.exec(file);
    if (match) return { file, width: Number(match[1]), height: Number(match[2]) };
  }
  return null;
}

/** Reads DIR/labels.csv (and DIR/images-WxH.u8 when present) into a dataset, or throws a DatasetError. */
export function loadDataset(dirArgument: string): { dir: string; dataset: EvalDataset } {
  const dir = resolve(dirArgument);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DatasetError(`${dir}: no such dataset folder`);
  const labelsPath = join(dir, 'labels.csv');
  if (!existsSync(labelsPath)) throw new DatasetError(`${labelsPath}: not found (a dataset folder needs labels.csv)`);
  const rawGrey = findRawGrey(dir);
  const dataset = parseDataset(basename(dir), labelsPath, parseCsv(readFileSync(labelsPath, 'utf8')), rawGrey);
  if (rawGrey) {
    const records = statSync(join(dir, rawGrey.file)).size / (rawGrey.width * rawGrey.height);
    const beyond = dataset.images.find((image) => image.source.kind === 'raw-grey' && image.source.index >= records);
    if (beyond) throw new DatasetError(`${labelsPath}: index ${beyond.id} is past the end of ${rawGrey.file} (${Math.floor(records)} records)`);
  }
  return { dir, dataset };
}
