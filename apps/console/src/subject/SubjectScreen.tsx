import { FormEvent, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ScreenTitle } from '../components/ScreenTitle';
import { purposeStorage } from '../session/key-storage';
import { DataMapSection } from './DataMapSection';
import { ErasureSection } from './ErasureSection';
import { HistorySection } from './HistorySection';
import { PurposeField } from './PurposeField';
import { purposeProblem } from './purpose';
import { WhoReadSection } from './WhoReadSection';

/**
 * One subject: the data map as a picture, the erasure, the history and who read the records.
 * Every read of the subject's records states a purpose; the console asks for it before the
 * first read and remembers it for this subject for the rest of the session.
 */
export default function SubjectScreen() {
  const { t } = useTranslation();
  const { subjectId = '' } = useParams();
  const [purpose, setPurpose] = useState(() => purposeStorage.of(subjectId));
  const [changing, setChanging] = useState(false);
  const title = t('subject.title', { id: subjectId.slice(0, 8) });

  if (!purpose || changing) {
    return (
      <>
        <ScreenTitle title={title}>{title}</ScreenTitle>
        <p className="muted mono">{subjectId}</p>
        <PurposePrompt
          initial={purpose ?? ''}
          onStated={(stated) => {
            purposeStorage.remember(subjectId, stated);
            setPurpose(stated);
            setChanging(false);
          }}
        />
      </>
    );
  }

  return (
    <>
      <ScreenTitle title={title}>{title}</ScreenTitle>
      <div className="subject-header">
        <p className="mono" data-testid="subject-id">
          {subjectId}
        </p>
        <p>
          {t('subject.readFor')} <q data-testid="stated-purpose">{purpose}</q>{' '}
          <Button className="link-button" onPress={() => setChanging(true)}>
            {t('subject.changePurpose')}
          </Button>
        </p>
      </div>
      <nav aria-label={t('subject.sections')} className="in-page">
        <a href="#data-map">{t('subject.dataMap')}</a>
        <a href="#erasure">{t('subject.erasure')}</a>
        <a href="#history">{t('subject.history')}</a>
        <a href="#who-read">{t('subject.whoRead')}</a>
      </nav>
      <DataMapSection subjectId={subjectId} purpose={purpose} />
      <ErasureSection subjectId={subjectId} purpose={purpose} />
      <HistorySection subjectId={subjectId} purpose={purpose} />
      <WhoReadSection subjectId={subjectId} />
    </>
  );
}

function PurposePrompt({ initial, onStated }: { initial: string; onStated(purpose: string): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const key = purposeProblem(value);
    setProblem(key && t(key));
    if (!key) onStated(value.trim());
  };
  return (
    <Form onSubmit={submit} validationBehavior="aria" className="form narrow" aria-labelledby="purpose-heading">
      <h2 id="purpose-heading">{t('purpose.title')}</h2>
      <p>{t('purpose.why')}</p>
      <PurposeField value={value} onChange={setValue} problem={problem} />
      <Button type="submit" className="button primary">
        {t('purpose.submit')}
      </Button>
    </Form>
  );
}
