import { FormEvent, useState } from 'react';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/api-error';
import { ScreenTitle } from '../components/ScreenTitle';
import { purposeStorage } from '../session/key-storage';
import { useSignedIn } from '../session/SessionProvider';
import { PurposeField } from '../subject/PurposeField';
import { purposeProblem } from '../subject/purpose';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a subject by the name an emitting system gives it (system + external id), or opens it by
 * the ledger's subject id. The external id stays out of the URL: the subject's screen is named
 * by its subject id only.
 */
export default function SubjectLookup() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const navigate = useNavigate();
  const [system, setSystem] = useState('');
  const [externalId, setExternalId] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const purposeKey = purposeProblem(purpose);
    if (purposeKey) problems.purpose = t(purposeKey);
    const byId = subjectId.trim();
    if (byId && !UUID.test(byId)) problems.subjectId = t('lookup.subjectIdInvalid');
    if (!byId && !system.trim()) problems.system = t('lookup.systemRequired');
    if (!byId && !externalId.trim()) problems.externalId = t('lookup.externalIdRequired');
    setErrors(problems);
    if (Object.keys(problems).length) return;
    if (byId) {
      purposeStorage.remember(byId.toLowerCase(), purpose.trim());
      void navigate(`/subjects/${byId.toLowerCase()}`);
      return;
    }
    setBusy(true);
    try {
      const found = await api.lookupSubject(system.trim(), externalId.trim(), purpose.trim());
      purposeStorage.remember(found.subjectId, purpose.trim());
      void navigate(`/subjects/${found.subjectId}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setErrors({ externalId: t('lookup.notFound') });
      else if (error instanceof ApiError && error.problems.length) {
        setErrors(Object.fromEntries(error.problems.map((p) => [p.path === 'headers.x-purpose' ? 'purpose' : p.path, p.message])));
      } else setErrors({ form: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenTitle title={t('lookup.title')}>{t('lookup.title')}</ScreenTitle>
      <p>{t('lookup.intro')}</p>
      <Form onSubmit={(e) => void submit(e)} validationBehavior="aria" validationErrors={errors} className="form">
        <fieldset>
          <legend>{t('lookup.byName')}</legend>
          <div className="field-row">
            <TextField name="system" value={system} onChange={setSystem} className="field">
              <Label>{t('lookup.system')}</Label>
              <Input placeholder="customer-portal" />
              <FieldError />
            </TextField>
            <TextField name="externalId" value={externalId} onChange={setExternalId} className="field">
              <Label>{t('lookup.externalId')}</Label>
              <Input autoComplete="off" />
              <FieldError />
            </TextField>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('lookup.orById')}</legend>
          <TextField name="subjectId" value={subjectId} onChange={setSubjectId} className="field">
            <Label>{t('lookup.subjectId')}</Label>
            <Input autoComplete="off" spellCheck={false} />
            <FieldError />
          </TextField>
        </fieldset>
        <PurposeField value={purpose} onChange={setPurpose} problem={errors.purpose} />
        {errors.form && (
          <p className="notice notice-error" role="alert">
            {errors.form}
          </p>
        )}
        <Button type="submit" className="button primary" isDisabled={busy}>
          {t('lookup.submit')}
        </Button>
      </Form>
    </>
  );
}
