import type { UseQueryResult } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { Loading } from './Loading';
import { NotAllowed } from './NotAllowed';

/** Shows a query's answer, or that it is loading, or what went wrong (a 403 as "not allowed"). */
export function QueryState<T>({
  query,
  children,
  notFound,
}: {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isPending'>;
  children: (data: T) => ReactNode;
  notFound?: ReactNode;
}) {
  if (query.error) return <ErrorNotice error={query.error} notFound={notFound} />;
  if (query.isPending || query.data === undefined) return <Loading />;
  return <>{children(query.data)}</>;
}

export function ErrorNotice({ error, notFound }: { error: unknown; notFound?: ReactNode }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403) return <NotAllowed message={error.message} embedded />;
  if (error instanceof ApiError && error.status === 404 && notFound) return <>{notFound}</>;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{t('common.error')}</strong> {error instanceof Error ? error.message : String(error)}
      </p>
    </div>
  );
}
