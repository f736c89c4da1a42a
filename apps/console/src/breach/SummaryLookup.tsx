import { FormEvent, useState } from 'react';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ScreenTitle } from '../components/ScreenTitle';

const BREACH_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Opens a breach's summary by its id: how a regulator (who sees no register) reaches one. */
export default function SummaryLookup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!BREACH_ID.test(id.trim())) {
      setProblem(t('summaryLookup.invalid'));
      return;
    }
    void navigate(`/breaches/${encodeURIComponent(id.trim())}/summary`);
  };
  return (
    <>
      <ScreenTitle title={t('summaryLookup.title')}>{t('summaryLookup.title')}</ScreenTitle>
      <p>{t('summaryLookup.intro')}</p>
      <Form onSubmit={submit} validationBehavior="aria" className="form narrow">
        <TextField name="breachId" value={id} onChange={setId} isRequired isInvalid={problem !== undefined} className="field">
          <Label>{t('breachForm.breachId')}</Label>
          <Input placeholder="B-2025-03" autoComplete="off" />
          <FieldError>{problem}</FieldError>
        </TextField>
        <Button type="submit" className="button primary">
          {t('summaryLookup.open')}
        </Button>
      </Form>
    </>
  );
}
