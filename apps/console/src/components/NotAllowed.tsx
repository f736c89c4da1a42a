import { useTranslation } from 'react-i18next';
import { ScreenTitle } from './ScreenTitle';

/**
 * What a key sees where its role may not go: the console's form of the API's 403. As a whole
 * screen it has the screen's h1; inside a screen (`embedded`), a heading of its own level.
 */
export function NotAllowed({ message, embedded = false }: { message?: string; embedded?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="notice notice-denied" data-testid="not-allowed">
      {embedded ? <h2>{t('notAllowed.title')}</h2> : <ScreenTitle title={t('notAllowed.title')}>{t('notAllowed.title')}</ScreenTitle>}
      <p>{t('notAllowed.body')}</p>
      {message && <p className="server-message">{message}</p>}
    </section>
  );
}
