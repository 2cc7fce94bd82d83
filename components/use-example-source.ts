import { useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { sendMessage } from '@/lib/messaging/protocol';
import { ExampleMatchSchema, type ExampleMatch } from '@/lib/match/example-match';
import { createResultStabilizer } from '@/lib/match/result-stabilizer';
import { RESULT_SLOTS, type LiveSnapshot } from '@/lib/match/live-session';

export type ExampleState = { kind: 'loading' } | { kind: 'done'; snapshot: LiveSnapshot } | { kind: 'failed'; reason: Extract<ExampleMatch, { ok: false }>['reason'] | 'error'; detail: string };

/** "Find memes like this face": one still image as the source of the face, matched once. */
export function useExampleSource(url: string | undefined): ExampleState {
  const [state, setState] = useState<ExampleState>({ kind: 'loading' });
  useEffect(() => {
    if (!url) return;
    void (async () => {
      try {
        await sendMessage('ensureOffscreen', undefined);
        const answer = v.parse(ExampleMatchSchema, await sendMessage('findMemesLikeImage', { url }));
        if (!answer.ok) return setState({ kind: 'failed', reason: answer.reason, detail: answer.detail });
        const results = createResultStabilizer({ slots: RESULT_SLOTS, margin: 0, frames: 1 }).update(answer.candidates);
        setState({
          kind: 'done',
          snapshot: { frame: answer.frame, faces: answer.faces, primary: answer.faces[answer.faceIndex], you: answer.probabilities, results },
        });
      } catch (error) {
        setState({ kind: 'failed', reason: 'error', detail: error instanceof Error ? error.message : String(error) });
      }
    })();
  }, [url]);
  return state;
}
