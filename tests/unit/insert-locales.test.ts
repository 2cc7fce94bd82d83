import { expect, test } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import zhCN from '../../public/_locales/zh_CN/messages.json';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const INSERT_KEYS = ['insertToastPaste', 'insertToastClickThenPaste', 'insertToastFailed'];

test.each(INSERT_KEYS)('%s exists in English and Simplified Chinese with the same placeholders', (key) => {
  for (const messages of [en as Messages, zhCN as Messages]) {
    const entry = messages[key];
    expect(entry?.message).toBeTruthy();
    for (const name of Object.keys(entry.placeholders ?? {})) expect(entry.message).toContain(`$${name.toUpperCase()}$`);
  }
  expect(Object.keys((zhCN as Messages)[key].placeholders ?? {})).toEqual(Object.keys((en as Messages)[key].placeholders ?? {}));
});
