import { t } from '@/lib/i18n';
import { useActionShortcut } from './use-action-shortcut';

/**
 * The popup's keyboard shortcut as the browser has it now, and the way to change it: Chrome's
 * shortcuts page (a chrome:// page, so it is opened through the tabs API, not a link).
 */
export function ShortcutSettings() {
  const shortcut = useActionShortcut();
  if (shortcut === undefined) return null;
  return (
    <p class="shortcut-settings" data-testid="shortcut-settings">
      {shortcut ? t('optionsShortcut', shortcut) : t('optionsNoShortcut')}{' '}
      <button type="button" class="link-button" onClick={() => void chrome.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
        {t('optionsChangeShortcut')}
      </button>
    </p>
  );
}
