/** The ways a script can send something out from a worker's scope. */
export const NETWORK_APIS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport', 'importScripts'] as const;

/**
 * A dedicated worker runs under the extension's own policy, not the offscreen document's
 * `connect-src 'self'`; once the analysis worker has its model files, the ways out are taken from
 * its scope, so no code that runs there afterwards can send anything anywhere (docs/privacy.md).
 */
export function closeNetwork(scope: object): void {
  for (const api of NETWORK_APIS) {
    Reflect.deleteProperty(scope, api);
    // Shadows a copy on the prototype too, and cannot be put back.
    Object.defineProperty(scope, api, { value: undefined, configurable: false, writable: false });
  }
}
