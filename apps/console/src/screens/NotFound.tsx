import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ScreenTitle } from '../components/ScreenTitle';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <ScreenTitle title={t('notFound.title')}>{t('notFound.title')}</ScreenTitle>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
