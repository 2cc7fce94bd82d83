import type messages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/** Every user-facing string goes through the i18n API, so _locales is the single source. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return chrome.i18n.getMessage(key, substitutions.map(String)) || key;
}
