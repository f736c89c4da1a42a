import { useTranslation } from 'react-i18next';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** Who read this subject's records, when and why: the access audit log for this subject. */
export function WhoReadSection({ subjectId }: { subjectId: string }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const format = useFormat();
  const paged = usePaged(['audit', { subjectId }], (cursor) => api.audit({ subjectId }, cursor));
  return (
    <section id="who-read" aria-labelledby="who-read-heading" className="section">
      <h2 id="who-read-heading">{t('subject.whoRead')}</h2>
      <QueryState query={paged}>
        {(entries) => (
          <>
            <div className="table-wrap">
              <table className="table compact" data-testid="who-read">
                <caption className="visually-hidden">{t('subject.whoRead')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.key')}</th>
                    <th scope="col">{t('audit.purpose')}</th>
                    <th scope="col">{t('audit.route')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td>{format.dateTime(e.at)}</td>
                      <td>
                        {e.keyName} <span className="muted">({t(`role.${e.role}`)})</span>
                      </td>
                      <td>{e.purpose}</td>
                      <td className="mono">{e.route}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore paged={paged} />
          </>
        )}
      </QueryState>
    </section>
  );
}
