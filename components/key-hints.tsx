import { t } from '@/lib/i18n';

export function KeyHints({ frozen }: { frozen: boolean }) {
  return (
    <ul class="key-hints" aria-label={t('keyHintsLabel')}>
      <li>{t('hintInsert')}</li>
      <li>{t('hintEnter')}</li>
      <li>{t(frozen ? 'hintUnfreeze' : 'hintFreeze')}</li>
      <li>{t('hintSelect')}</li>
      <li>{t('hintClose')}</li>
    </ul>
  );
}
