import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { FaceRecord, MemeRecord } from '@/lib/memes-db/memes-db';
import { pictureOf } from '@/lib/library/meme-thumbnail';
import { cardPosition, cardsToRender, gridLayout, rowsAround, rowsInView, type GridLayout, type GridMetrics, type RowRange } from '@/lib/library/grid-window';
import { MemeCard } from './meme-card';

/** Kept in step with the card's CSS: `metaHeight` fits the title line, details line and buttons. */
const METRICS: GridMetrics = { minCardWidth: 200, gap: 16, pictureRatio: 0.75, metaHeight: 80 };
/** Rows rendered past each edge of the viewport, so that a fast wheel finds them drawn. */
const OVERSCAN_ROWS = 2;
/**
 * Rows rendered on each side of the focused card. The focus moves before the scroll it causes is
 * reported (a frame later, or more on a busy machine), so Tab must find the next card drawn
 * whatever the scroll position says.
 */
const FOCUS_ROWS = 1;

/**
 * Re-renders as soon as the focus moves within `element`: the render that follows (a microtask
 * later) draws the rows around the new focus before the next key press is handled.
 */
function useFocusRenders(element: RefObject<HTMLElement>): void {
  const [, setMoves] = useState(0);
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const moved = () => setMoves((moves) => moves + 1);
    target.addEventListener('focusin', moved);
    return () => target.removeEventListener('focusin', moved);
  }, []);
}

function useWidth(element: RefObject<HTMLElement>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    setWidth(target.clientWidth);
    const observer = new ResizeObserver(() => setWidth(target.clientWidth));
    observer.observe(target);
    return () => observer.disconnect();
  }, []);
  return width;
}

/** The rows of `layout` that the window's viewport meets, following scrolling and resizing. */
function useRowsInView(element: RefObject<HTMLElement>, layout: GridLayout): RowRange {
  const [rows, setRows] = useState<RowRange>({ start: 0, end: 0 });
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    const update = () => {
      const next = rowsInView(layout, -target.getBoundingClientRect().top, window.innerHeight, OVERSCAN_ROWS);
      setRows((current) => (current.start === next.start && current.end === next.end ? current : next));
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [layout]);
  return rows;
}

/**
 * One object URL per rendered meme, made when its card appears and revoked when it leaves, so a
 * 10,000-meme library holds a screenful of them; a card that stays keeps its URL across reloads of
 * the list (an import reloads it every second), so its image is not fetched and decoded again,
 * unless the meme has gained a thumbnail since.
 */
function useImageUrls(memes: readonly MemeRecord[]): Map<string, string> {
  const urls = useRef(new Map<string, { url: string; thumbnail: boolean }>());
  const current = useMemo(() => {
    const rendered = new Map(memes.map((meme) => [meme.id, meme]));
    for (const [id, shown] of urls.current) {
      const meme = rendered.get(id);
      if (!meme || meme.thumbnail instanceof Blob !== shown.thumbnail) {
        URL.revokeObjectURL(shown.url);
        urls.current.delete(id);
      }
    }
    for (const meme of memes) {
      if (!urls.current.has(meme.id)) urls.current.set(meme.id, { url: URL.createObjectURL(pictureOf(meme)), thumbnail: meme.thumbnail instanceof Blob });
    }
    return new Map([...urls.current].map(([id, shown]) => [id, shown.url]));
  }, [memes]);
  useEffect(() => () => urls.current.forEach((shown) => URL.revokeObjectURL(shown.url)), []);
  return current;
}

interface Props {
  memes: readonly MemeRecord[];
  facesByMeme: ReadonlyMap<string, readonly FaceRecord[]>;
  onDelete(meme: MemeRecord): void;
  onRename(meme: MemeRecord, title: string): void;
  onTeach(meme: MemeRecord): void;
}

/**
 * The memes as a windowed grid: a list as tall as all of them, holding only the cards near the
 * viewport (see lib/library/grid-window.ts), plus the rows around the card that has the keyboard focus.
 */
export function MemeGrid({ memes, facesByMeme, onDelete, onRename, onTeach }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const width = useWidth(list);
  const layout = useMemo(() => gridLayout(width, memes.length, METRICS), [width, memes.length]);
  const rows = useRowsInView(list, layout);
  useFocusRenders(list);

  // Read from the DOM at each render rather than tracked through focus events: the focus stays on
  // a card while the window is blurred, and scrolling that card away must not remove it.
  const focusedId = list.current?.contains(document.activeElement) ? document.activeElement?.closest<HTMLElement>('[data-meme-id]')?.dataset.memeId : undefined;
  const focusedIndex = focusedId === undefined ? -1 : memes.findIndex((meme) => meme.id === focusedId);
  const indexes = cardsToRender(layout, memes.length, [rows, rowsAround(layout, focusedIndex, FOCUS_ROWS)]);
  const rendered = useMemo(() => indexes.map((index) => memes[index]), [memes, indexes.join()]);
  const imageUrls = useImageUrls(rendered);

  // A deleted card takes the focus (on its Delete button) away with it, leaving a keyboard user at
  // the top of the page: hand the focus to the card now in its place.
  const refocusIndex = useRef<number>();
  useEffect(() => {
    const index = refocusIndex.current;
    if (index === undefined || memes.length === 0) return;
    refocusIndex.current = undefined;
    if (document.activeElement !== document.body) return;
    list.current?.querySelector<HTMLElement>(`[data-index="${Math.min(index, memes.length - 1)}"] [data-testid="meme-delete"]`)?.focus();
  }, [memes]);

  return (
    <ul
      class="meme-grid"
      data-testid="meme-grid"
      ref={list}
      style={{ height: `${layout.height}px`, '--picture-height': `${layout.pictureHeight}px` }}
    >
      {rendered.map((meme, i) => {
        const index = indexes[i];
        return (
          <MemeCard
            key={meme.id}
            meme={meme}
            faces={facesByMeme.get(meme.id) ?? []}
            imageUrl={imageUrls.get(meme.id) ?? ''}
            index={index}
            total={memes.length}
            box={{ ...cardPosition(layout, index), width: layout.cardWidth, height: layout.cardHeight }}
            onRename={onRename}
            onTeach={onTeach}
            onDelete={(deleted) => {
              refocusIndex.current = index;
              onDelete(deleted);
            }}
          />
        );
      })}
    </ul>
  );
}
