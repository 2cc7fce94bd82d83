import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface ConsoleProblem {
  /** The extension page or worker it happened in, without the extension's origin. */
  where: string;
  kind: 'console.error' | 'uncaught' | 'browser log';
  text: string;
}

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
}

interface RemoteObject {
  value?: unknown;
  description?: string;
}

/**
 * Watches every context of the extension (pages, the offscreen document, the service worker) for
 * errors, through a second DevTools connection to the browser: Playwright sees pages and workers,
 * but not the offscreen document. Needs Chromium launched with `--remote-debugging-port=0` and
 * the profile folder it writes its `DevToolsActivePort` into. Messages a context logged before it
 * was attached are replayed by `Runtime.enable` and `Log.enable`, so none is missed.
 */
export interface ExtensionConsole {
  problems: ConsoleProblem[];
  /** Every context attached so far, as "type /path". */
  contexts: Set<string>;
  /** Evaluates an expression (awaiting a promise) in the first attached context whose path ends with `path`. */
  evaluate(path: string, expression: string): Promise<unknown>;
  close(): void;
}

export async function watchExtensionConsole(profileDir: string, extensionId: string): Promise<ExtensionConsole> {
  const [port, path] = readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const origin = `chrome-extension://${extensionId}`;
  const problems: ConsoleProblem[] = [];
  const contexts = new Set<string>();
  const sessions = new Map<string, string>();
  const attached = new Set<string>();
  let nextId = 1;
  const answers = new Map<number, (message: CdpMessage & { result?: { result?: RemoteObject; exceptionDetails?: unknown } }) => void>();
  const send = (method: string, params: object = {}, sessionId?: string) => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return id;
  };
  const describe = (arg: RemoteObject) => (typeof arg.value === 'string' ? arg.value : (arg.description ?? JSON.stringify(arg.value)));

  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as CdpMessage;
    if (message.id !== undefined) answers.get(message.id)?.(message);
    const params = message.params ?? {};
    if (message.method === 'Target.targetCreated' || message.method === 'Target.targetInfoChanged') {
      // A new tab starts at about:blank: it is attached once it shows an extension page.
      const { targetInfo } = params as { targetInfo: { targetId: string; url: string } };
      if (targetInfo.url.startsWith(origin) && !attached.has(targetInfo.targetId)) {
        attached.add(targetInfo.targetId);
        send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: true });
      }
      return;
    }
    if (message.method === 'Target.attachedToTarget') {
      const { sessionId, targetInfo } = params as { sessionId: string; targetInfo: { url: string; type: string } };
      if (!targetInfo.url.startsWith(origin)) return;
      const where = `${targetInfo.type} ${targetInfo.url.slice(origin.length)}`;
      sessions.set(sessionId, where);
      contexts.add(where);
      send('Runtime.enable', {}, sessionId);
      send('Log.enable', {}, sessionId);
      // Frames and workers the context starts are attached too.
      send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
      return;
    }
    const where = message.sessionId ? sessions.get(message.sessionId) : undefined;
    if (!where) return;
    if (message.method === 'Runtime.consoleAPICalled') {
      const { type, args } = params as { type: string; args: RemoteObject[] };
      if (type === 'error' || type === 'assert') problems.push({ where, kind: 'console.error', text: args.map(describe).join(' ') });
    } else if (message.method === 'Runtime.exceptionThrown') {
      const { exceptionDetails } = params as { exceptionDetails: { text: string; exception?: RemoteObject } };
      problems.push({ where, kind: 'uncaught', text: exceptionDetails.exception?.description ?? exceptionDetails.text });
    } else if (message.method === 'Log.entryAdded') {
      const { entry } = params as { entry: { level: string; text: string; url?: string } };
      if (entry.level === 'error') problems.push({ where, kind: 'browser log', text: `${entry.text}${entry.url ? ` (${entry.url})` : ''}` });
    }
  });
  send('Target.setDiscoverTargets', { discover: true });
  const evaluate = async (path: string, expression: string) => {
    const sessionId = [...sessions].find(([, where]) => where.endsWith(path))?.[0];
    if (!sessionId) throw new Error(`no attached context at ${path}`);
    const answer = await new Promise<CdpMessage & { result?: { result?: RemoteObject; exceptionDetails?: unknown } }>((resolve) =>
      answers.set(send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId), resolve),
    );
    if (answer.result?.exceptionDetails) throw new Error(`evaluate in ${path} threw: ${JSON.stringify(answer.result.exceptionDetails)}`);
    return answer.result?.result?.value;
  };
  return { problems, contexts, evaluate, close: () => socket.close() };
}
