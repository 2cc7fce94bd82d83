export type PopupKeyAction =
  | { kind: 'insert'; slot?: number }
  | { kind: 'select'; step: 1 | -1 }
  | { kind: 'freeze' }
  | { kind: 'close' };

/**
 * The popup's keys: 1/2/3 insert that result, Enter the selected one, arrows move the selection,
 * Space freezes, Esc closes. Keys that need results do nothing while there are none.
 */
export function popupKeyAction(key: string, resultCount: number): PopupKeyAction | undefined {
  if (key === 'Escape') return { kind: 'close' };
  if (key === ' ') return { kind: 'freeze' };
  if (resultCount === 0) return undefined;
  if (/^[1-9]$/.test(key)) {
    const slot = Number(key) - 1;
    return slot < resultCount ? { kind: 'insert', slot } : undefined;
  }
  if (key === 'Enter') return { kind: 'insert' };
  if (key === 'ArrowRight' || key === 'ArrowDown') return { kind: 'select', step: 1 };
  if (key === 'ArrowLeft' || key === 'ArrowUp') return { kind: 'select', step: -1 };
  return undefined;
}
