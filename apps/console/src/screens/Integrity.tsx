import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../components/download';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

const json = (value: unknown) => new Blob([JSON.stringify(value, null, 2) + '\n'], { type: 'application/json' });

/** The ledger's current signed digest and signing key, and how to check later that nothing changed. */
export default function Integrity() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const format = useFormat();
  const digest = useQuery({ queryKey: ['digest'], queryFn: () => api.digest(), staleTime: 0 });
  const key = useQuery({ queryKey: ['signing-key'], queryFn: () => api.signingKey() });
  return (
    <>
      <ScreenTitle title={t('integrity.title')}>{t('integrity.title')}</ScreenTitle>
      <p>{t('integrity.intro')}</p>
      <section aria-labelledby="integrity-digest" className="section">
        <h2 id="integrity-digest">{t('integrity.digest')}</h2>
        <QueryState query={digest}>
          {(d) => (
            <>
              <dl className="facts" data-testid="digest">
                <dt>{t('integrity.position')}</dt>
                <dd>{format.number(d.digest.position)}</dd>
                <dt>{t('integrity.streams')}</dt>
                <dd>{format.number(d.digest.streams)}</dd>
                <dt>{t('integrity.root')}</dt>
                <dd className="mono break">{d.digest.root}</dd>
                <dt>{t('integrity.issuedAt')}</dt>
                <dd>{format.dateTime(d.digest.issuedAt)}</dd>
                <dt>{t('integrity.signedBy')}</dt>
                <dd className="mono break">
                  {d.signature.algorithm} · {d.signature.keyId}
                </dd>
              </dl>
              <div className="actions">
                <Button className="button secondary" onPress={() => saveFile(json(d), `digest-${d.digest.position}.json`)}>
                  {t('integrity.downloadDigest')}
                </Button>
                <Button className="button secondary" onPress={() => void digest.refetch()}>
                  {t('integrity.refresh')}
                </Button>
              </div>
            </>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="integrity-key" className="section">
        <h2 id="integrity-key">{t('integrity.signingKey')}</h2>
        <QueryState query={key}>
          {(k) => (
            <>
              <dl className="facts">
                <dt>{t('summary.algorithm')}</dt>
                <dd>{k.algorithm}</dd>
                <dt>{t('summary.keyId')}</dt>
                <dd className="mono break">{k.keyId}</dd>
              </dl>
              <pre className="code">{k.publicKeyPem}</pre>
              <Button className="button secondary" onPress={() => saveFile(json(k), 'ledger-key.json')}>
                {t('integrity.downloadKey')}
              </Button>
            </>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="integrity-how" className="section">
        <h2 id="integrity-how">{t('integrity.howToVerify')}</h2>
        <ol className="steps">
          <li>{t('integrity.step.keep')}</li>
          <li>{t('integrity.step.keyApart')}</li>
          <li>
            {t('integrity.step.verify')}
            <pre className="code">npm run ledger -- verify --digest digest.json --public-key ledger-key.json</pre>
          </li>
          <li>{t('integrity.step.result')}</li>
        </ol>
        <p className="hint">{t('integrity.limits')}</p>
      </section>
    </>
  );
}
