import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../lib/eval/csv';
import { DatasetError, parseDataset } from '../../lib/eval/dataset';
import { canonicalExpression } from '../../lib/eval/expressions';

describe('parseCsv', () => {
  test('reads quoted fields, doubled quotes, CRLF and a BOM', () => {
    const table = parseCsv('\uFEFFfile,subject,expression\r\n"a, b.png",S1,"say ""cheese"""\r\nc.png,S2,sad\n\n');
    expect(table.columns).toEqual(['file', 'subject', 'expression']);
    expect(table.rows).toEqual([
      { file: 'a, b.png', subject: 'S1', expression: 'say "cheese"' },
      { file: 'c.png', subject: 'S2', expression: 'sad' },
    ]);
  });
});

describe('canonicalExpression', () => {
  test.each([
    ['happiness', 'happy'],
    ['Anger', 'angry'],
    ['surprise', 'surprised'],
    ['afraid', 'fearful'],
    ['disgust', 'disgusted'],
    ['normal', 'neutral'],
    ['peace', 'neutral'],
    ['sadness', 'sad'],
    ['wink', 'wink'],
    ['contempt', 'contempt'],
    ['eyes-closed', 'sleepy'],
    ['tie', null],
    ['unknown', null],
  ])('%s → %s', (word, expected) => {
    expect(canonicalExpression(word)).toBe(expected);
  });
});

describe('parseDataset', () => {
  test("tcce-dev's performance type becomes the image's group; sets without one have none", () => {
    const table = parseCsv('file,subject,expression,perf_type\na.jpg,S01,happy,personal event\nb.jpg,S01,sad,\n');
    const [withType, withoutType] = parseDataset('tcce', 'tcce/labels.csv', table, null).images;
    expect(withType.group).toBe('personal event');
    expect(withoutType.group).toBeUndefined();
  });
  test('an image folder: votes normalised, unmappable labels kept as null, not guessed', () => {
    const table = parseCsv('file,subject,expression,vote_happy,vote_peace\na.jpg,S1,happy,0.6,0.2\nb.jpg,S2,smirk,0,0\n');
    const dataset = parseDataset('set', 'set/labels.csv', table, null);
    expect(dataset.voteClasses).toEqual(['happy', 'peace']);
    expect(dataset.images[0]).toMatchObject({ id: 'a.jpg', subject: 'S1', expression: 'happy' });
    expect(dataset.images[0].votes?.[0]).toBeCloseTo(0.75, 10);
    expect(dataset.images[1]).toMatchObject({ expression: null, votes: null });
  });

  test('a raw grey file (FER+): majority as the label, every record its own subject, counts as votes', () => {
    const table = parseCsv(
      'index,split,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF,majority\n' +
        '0,test,2,8,0,0,0,0,0,0,0,0,happiness\n1,train,5,5,0,0,0,0,0,0,0,0,tie\n',
    );
    const dataset = parseDataset('ferplus', 'ferplus/labels.csv', table, { file: 'images-48x48.u8', width: 48, height: 48 });
    expect(dataset.images[0]).toMatchObject({ id: '0', subject: 'record-0', split: 'test', expression: 'happy', source: { kind: 'raw-grey', index: 0 } });
    expect(dataset.images[0].votes).toEqual([0.2, 0.8, 0, 0, 0, 0, 0, 0]);
    expect(dataset.images[1].expression).toBeNull();
  });

  test('the new in-the-wild sets (rafdb, affectnet-sub, cew-closed-eyes, contempt-smirk): one subject per image, split kept, labels mapped', () => {
    const header = 'file,subject,expression,split,source\n';
    const rafdb = parseDataset(
      'rafdb',
      'rafdb/labels.csv',
      parseCsv(header + 'images/train_00001_aligned.jpg,raf-train_00001,sadness,train,train_00001_aligned.jpg\nimages/test_0001_aligned.jpg,raf-test_0001,anger,test,test_0001_aligned.jpg\n'),
      null,
    );
    expect(rafdb.images.map((image) => [image.subject, image.split, image.expression])).toEqual([
      ['raf-train_00001', 'train', 'sad'],
      ['raf-test_0001', 'test', 'angry'],
    ]);
    expect(rafdb.voteClasses).toEqual([]);

    const affectnet = parseDataset('affectnet-sub', 'a/labels.csv', parseCsv(header + 'images/image0000060.jpg,affectnet_image0000060,fear,train,fear/image0000060.jpg\n'), null);
    expect(affectnet.images[0]).toMatchObject({ id: 'images/image0000060.jpg', expression: 'fearful', votes: null });
    expect(affectnet.images[0].group).toBeUndefined();

    const contempt = parseDataset('contempt-smirk', 'c/labels.csv', parseCsv(header + 'images/10.jpg,contempt_10,contempt,train,10.jpg\n'), null);
    expect(contempt.images[0]).toMatchObject({ subject: 'contempt_10', label: 'contempt', expression: 'contempt' });
  });

  test("CEW's closed eyes count as sleepy (Yale's eyes-shut class) and carry the eyes-closed group", () => {
    const table = parseCsv('file,subject,expression,split,source\nimages/closed_eye_0001_face_1.jpg,cew_closed_eye_0001_face_1,eyes-closed,train,x.jpg\n');
    const [face] = parseDataset('cew-closed-eyes', 'cew/labels.csv', table, null).images;
    expect(face).toMatchObject({ label: 'eyes-closed', expression: 'sleepy', group: 'eyes-closed' });
  });

  test('a missing column names the file and the column', () => {
    const table = parseCsv('file,expression\na.jpg,happy\n');
    expect(() => parseDataset('set', 'set/labels.csv', table, null)).toThrow(new DatasetError('set/labels.csv: missing column "subject" (found: file, expression)'));
  });

  test('an empty dataset is an error, not an empty report', () => {
    expect(() => parseDataset('set', 'set/labels.csv', parseCsv('file,subject,expression\n'), null)).toThrow(/set\/labels.csv: no images listed/);
  });

  test('a bad vote names the line and the column', () => {
    const table = parseCsv('file,subject,expression,vote_happy\na.jpg,S1,happy,lots\n');
    expect(() => parseDataset('set', 'set/labels.csv', table, null)).toThrow('set/labels.csv:2: column "vote_happy" is not a non-negative number ("lots")');
  });
});
