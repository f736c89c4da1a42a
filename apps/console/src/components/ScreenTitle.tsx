import { ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A screen's h1. It names the browser tab, and takes the focus when the screen opens, so that
 * keyboard and screen-reader users start at the top of what they navigated to.
 */
export function ScreenTitle({ children, title, focus = true }: { children: ReactNode; title: string; focus?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — ${t('shell.brand')}`;
  }, [title, t]);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
