/**
 * The options page's meme grid, windowed. Every card has the same size, so which cards a scroll
 * position shows is arithmetic: only those rows, and a few around them, are rendered, and one
 * spacer of the full height keeps the scroll bar true.
 */

export interface GridMetrics {
  /** Columns are added while every card stays at least this wide. */
  minCardWidth: number;
  gap: number;
  /** The picture's height over the card's width. */
  pictureRatio: number;
  /** Title, details and buttons under the picture. */
  metaHeight: number;
}

export interface GridLayout {
  columns: number;
  gap: number;
  cardWidth: number;
  pictureHeight: number;
  cardHeight: number;
  /** From one row's top to the next: a card and the gap under it. */
  rowHeight: number;
  rows: number;
  height: number;
}

/** Rows `start` (included) to `end` (excluded). */
export interface RowRange {
  start: number;
  end: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** As CSS `repeat(auto-fill, minmax(minCardWidth, 1fr))` would lay out `count` cards in `width`. */
export function gridLayout(width: number, count: number, metrics: GridMetrics): GridLayout {
  const { minCardWidth, gap } = metrics;
  const columns = Math.max(1, Math.floor((width + gap) / (minCardWidth + gap)));
  const cardWidth = Math.max(0, (width - gap * (columns - 1)) / columns);
  const pictureHeight = Math.round(cardWidth * metrics.pictureRatio);
  const cardHeight = pictureHeight + metrics.metaHeight;
  const rowHeight = cardHeight + gap;
  const rows = Math.ceil(count / columns);
  return { columns, gap, cardWidth, pictureHeight, cardHeight, rowHeight, rows, height: rows > 0 ? rows * rowHeight - gap : 0 };
}

/**
 * The rows that meet a viewport `viewportHeight` tall whose top is `top` pixels below the grid's
 * top (negative while the grid starts lower down), with `overscan` more rows on each side.
 */
export function rowsInView(layout: GridLayout, top: number, viewportHeight: number, overscan: number): RowRange {
  const start = clamp(Math.floor(top / layout.rowHeight) - overscan, 0, layout.rows);
  const end = clamp(Math.ceil((top + viewportHeight) / layout.rowHeight) + overscan, start, layout.rows);
  return { start, end };
}

/** The rows within `around` rows of card `index`'s row (none for an index of -1). */
export function rowsAround(layout: GridLayout, index: number, around: number): RowRange {
  if (index < 0) return { start: 0, end: 0 };
  const row = Math.floor(index / layout.columns);
  return { start: clamp(row - around, 0, layout.rows), end: clamp(row + around + 1, 0, layout.rows) };
}

/**
 * Indexes of the cards to render, ascending so that the DOM (and Tab) follows reading order: every
 * card in any of `ranges` (the rows in view, and the rows around the focused card wherever it is,
 * so that a focused card that scrolls away stays and Tab always finds the next card drawn).
 */
export function cardsToRender(layout: GridLayout, count: number, ranges: readonly RowRange[]): number[] {
  const indexes = new Set<number>();
  for (const { start, end } of ranges) {
    for (let index = start * layout.columns; index < Math.min(count, end * layout.columns); index++) indexes.add(index);
  }
  return [...indexes].sort((a, b) => a - b);
}

/** Where card `index` sits, in pixels from the grid's top left corner. */
export function cardPosition(layout: GridLayout, index: number): { left: number; top: number } {
  return {
    left: (index % layout.columns) * (layout.cardWidth + layout.gap),
    top: Math.floor(index / layout.columns) * layout.rowHeight,
  };
}
