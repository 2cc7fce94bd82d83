import { describe, expect, test } from 'vitest';
import { cardPosition, cardsToRender, gridLayout, rowsAround, rowsInView } from '@/lib/library/grid-window';

const metrics = { minCardWidth: 200, gap: 16, pictureRatio: 0.75, metaHeight: 80 };

describe('gridLayout', () => {
  test.each([
    // width, columns: as auto-fill minmax(200px, 1fr) with a 16 px gap
    [1052, 4],
    [848, 4],
    [847, 3],
    [416, 2],
    [415, 1],
    [150, 1],
    [0, 1],
  ])('%d px wide holds %d columns', (width, columns) => {
    expect(gridLayout(width, 100, metrics).columns).toBe(columns);
  });

  test('cards share the width left by the gaps; rows are a card and a gap, the last without one', () => {
    expect(gridLayout(1052, 10_000, metrics)).toEqual({
      columns: 4,
      gap: 16,
      cardWidth: 251,
      pictureHeight: 188,
      cardHeight: 268,
      rowHeight: 284,
      rows: 2500,
      height: 2500 * 284 - 16,
    });
  });

  test('a partial last row counts, an empty grid has no height', () => {
    expect(gridLayout(1052, 9, metrics)).toMatchObject({ rows: 3, height: 3 * 284 - 16 });
    expect(gridLayout(1052, 0, metrics)).toMatchObject({ rows: 0, height: 0 });
  });
});

describe('rowsInView', () => {
  const layout = gridLayout(1052, 10_000, metrics); // rows 284 px apart, 2500 of them

  test.each([
    // top, viewport height, overscan, rows
    [0, 800, 0, { start: 0, end: 3 }],
    [0, 800, 2, { start: 0, end: 5 }],
    [284 * 10, 800, 0, { start: 10, end: 13 }],
    [284 * 10 + 100, 800, 0, { start: 10, end: 14 }],
    [284 * 10 + 100, 800, 2, { start: 8, end: 16 }],
    // the grid starts 300 px down the viewport
    [-300, 800, 0, { start: 0, end: 2 }],
    // the grid is still a screen away: only the overscan reaches it
    [-2000, 800, 2, { start: 0, end: 0 }],
    [-1200, 800, 2, { start: 0, end: 1 }],
    // scrolled to the bottom, and beyond (overscroll)
    [2500 * 284 - 800, 800, 2, { start: 2495, end: 2500 }],
    [2500 * 284 + 5000, 800, 2, { start: 2500, end: 2500 }],
  ])('top %d, %d px tall, overscan %d → %o', (top, height, overscan, rows) => {
    expect(rowsInView(layout, top, height, overscan)).toEqual(rows);
  });

  test('an empty grid has no rows in view', () => {
    expect(rowsInView(gridLayout(1052, 0, metrics), 0, 800, 2)).toEqual({ start: 0, end: 0 });
  });
});

describe('cardsToRender', () => {
  const layout = gridLayout(1052, 10, metrics); // 4 columns: rows [0-3] [4-7] [8-9]

  test.each([
    [[{ start: 0, end: 1 }], [0, 1, 2, 3]],
    [[{ start: 1, end: 3 }], [4, 5, 6, 7, 8, 9]],
    [[{ start: 2, end: 2 }], []],
    // the rows around a focused card far from the view come along, in reading order
    [[{ start: 1, end: 2 }, { start: 2, end: 3 }], [4, 5, 6, 7, 8, 9]],
    [[{ start: 2, end: 3 }, { start: 0, end: 1 }], [0, 1, 2, 3, 8, 9]],
    // overlapping ranges are not repeated; rows past the last card hold nothing
    [[{ start: 0, end: 2 }, { start: 1, end: 2 }], [0, 1, 2, 3, 4, 5, 6, 7]],
    [[{ start: 2, end: 5 }], [8, 9]],
  ])('rows %o → %o', (ranges, indexes) => {
    expect(cardsToRender(layout, 10, ranges)).toEqual(indexes);
  });
});

describe('rowsAround', () => {
  const layout = gridLayout(1052, 10, metrics); // 4 columns, 3 rows

  test.each([
    [5, 1, { start: 0, end: 3 }],
    [5, 0, { start: 1, end: 2 }],
    [0, 1, { start: 0, end: 2 }],
    [9, 2, { start: 0, end: 3 }],
    // no focused card: no rows
    [-1, 2, { start: 0, end: 0 }],
  ])('card %d, %d rows around → %o', (index, around, rows) => {
    expect(rowsAround(layout, index, around)).toEqual(rows);
  });
});

test('cardPosition: column across, row down', () => {
  const layout = gridLayout(1052, 10, metrics);
  expect(cardPosition(layout, 0)).toEqual({ left: 0, top: 0 });
  expect(cardPosition(layout, 3)).toEqual({ left: 3 * 267, top: 0 });
  expect(cardPosition(layout, 9)).toEqual({ left: 267, top: 2 * 284 });
});
