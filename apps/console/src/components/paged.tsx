import { QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api/paging';

type ItemOf<P> = P extends Page<infer T> ? T : never;

/**
 * A register read a page at a time from the server: the first page, then each following one
 * with the `next` cursor the server gave. Registers the server does not page yet come back
 * whole, with no `next`, and need no change here when it starts paging them.
 */
export function usePaged<P extends Page<unknown>>(key: QueryKey, fetchPage: (cursor?: string) => Promise<P>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items) as ItemOf<P>[] | undefined;
  const firstPage = query.data?.pages[0];
  return { ...query, items, total: firstPage?.total, firstPage, data: items };
}

/** Below a paged list: how many are shown, and a button for the next page while there is one. */
export function LoadMore({
  paged,
}: {
  paged: { items?: readonly unknown[]; total?: number; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): Promise<unknown> };
}) {
  const { t } = useTranslation();
  const shown = paged.items?.length ?? 0;
  return (
    <div className="load-more">
      <p role="status">{paged.total !== undefined ? t('paging.shownOfTotal', { shown, total: paged.total }) : t('paging.shown', { count: shown })}</p>
      {paged.hasNextPage && (
        <Button className="button secondary" onPress={() => void paged.fetchNextPage()} isDisabled={paged.isFetchingNextPage}>
          {paged.isFetchingNextPage ? t('common.loading') : t('paging.more')}
        </Button>
      )}
    </div>
  );
}
