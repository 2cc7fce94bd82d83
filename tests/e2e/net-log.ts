import { readFileSync } from 'node:fs';

interface NetLogEvent {
  params?: { url?: string; initiator?: string; method?: string };
}

/**
 * Network requests that a given origin started, read from a Chromium net log (`--log-net-log`):
 * the browser's own record, which also covers the service worker and the offscreen document that
 * Playwright cannot observe. extension:// file loads never reach the network stack, so every
 * entry is a request that left the browser. Chromium's own background traffic has the initiator
 * "not an origin" and is not the extension's.
 */
export function requestsInitiatedBy(netLogPath: string, origin: string): string[] {
  const text = readFileSync(netLogPath, 'utf8').trim();
  // Chromium leaves the closing brackets off when it is killed rather than closed.
  const log = JSON.parse(text.endsWith('}') ? text : `${text.replace(/,\s*$/, '')}]}`) as { events: NetLogEvent[] };
  const urls = log.events.flatMap((event) => (event.params?.initiator === origin && event.params.url ? [event.params.url] : []));
  return [...new Set(urls)];
}
