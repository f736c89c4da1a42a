import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button, Checkbox, CheckboxGroup, FieldError, Form, Input, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { NativeField } from '../components/NativeField';
import { RequiredMark } from '../components/RequiredMark';
import type { BreachEventType } from '../domain';
import { instantToWallTime, wallTimeToInstant } from '../format/zoned-time';
import { usePreferences } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';
import { BREACH_FORMS, FieldDef, FormValues, emptyValues, toData } from './breach-forms';
import { newFactId } from './fact-id';

/**
 * Records one fact about a breach through POST /v1/events. The ledger validates it; a 400
 * names each problem by path (`data.approxSubjects`, `occurredAt`, `breachId`), and each message
 * is shown beside its input. Other problems are listed above the button.
 */
export function BreachFactForm({
  type,
  breachId,
  now,
  defaults = {},
  onRecorded,
}: {
  type: BreachEventType;
  /** Fixed for facts about a known breach; typed for a new one. */
  breachId?: string;
  /** The ledger's clock: when the fact happened, unless the DPO says otherwise. */
  now: string;
  defaults?: FormValues;
  onRecorded(breachId: string): void;
}) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const { timeZone } = usePreferences();
  const queries = useQueryClient();
  const fields = BREACH_FORMS[type];
  const [values, setValues] = useState<FormValues>(() => ({ ...emptyValues(fields), ...defaults }));
  const [newBreachId, setNewBreachId] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => instantToWallTime(now, timeZone));
  const [factId, setFactId] = useState(newFactId);

  const record = useMutation({
    mutationFn: () => {
      const data = toData(fields, values, timeZone);
      const id = breachId ?? newBreachId.trim();
      // A detection happens when the controller becomes aware of it.
      const when = type === 'BreachDetected' ? (data.awareAt as string | undefined) : wallTimeToInstant(occurredAt, timeZone);
      return api.recordFact({ id: factId, type, occurredAt: when ?? occurredAt ?? now, breachId: id, data }).then(() => id);
    },
    onSuccess: (id) => {
      setFactId(newFactId());
      void queries.invalidateQueries({ queryKey: ['breaches'] });
      void queries.invalidateQueries({ queryKey: ['breach', id] });
      void queries.invalidateQueries({ queryKey: ['overview'] });
      void queries.invalidateQueries({ queryKey: ['findings'] });
      onRecorded(id);
    },
  });

  const error = record.error instanceof ApiError ? record.error : undefined;
  const problemsAt = (path: string) => error?.problemsAt(path) ?? [];
  const shownPaths = ['breachId', 'occurredAt', ...fields.map((f) => `data.${f.name}`)];
  const otherProblems = error?.problems.filter((p) => !shownPaths.some((s) => p.path === s || p.path.startsWith(`${s}.`))) ?? [];
  const set = (name: string, value: FormValues[string]) => setValues((v) => ({ ...v, [name]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    record.mutate();
  };

  return (
    <Form onSubmit={submit} validationBehavior="aria" className="form" data-testid={`form-${type}`} aria-label={t(`eventType.${type}`)}>
      {breachId === undefined && (
        <TextField name="breachId" value={newBreachId} onChange={setNewBreachId} className="field" isRequired isInvalid={problemsAt('breachId').length > 0}>
          <Label>
            {t('breachForm.breachId')}
            <RequiredMark required />
          </Label>
          <Input placeholder="B-2026-02" autoComplete="off" />
          <Text slot="description">{t('breachForm.breachIdHelp')}</Text>
          <FieldError>{problemsAt('breachId').join('; ')}</FieldError>
        </TextField>
      )}
      {type !== 'BreachDetected' && (
        <NativeField
          label={t('breachForm.occurredAt')}
          description={t('breachForm.inZone', { zone: timeZone })}
          type="datetime-local"
          name="occurredAt"
          value={occurredAt}
          onChange={(e) => setOccurredAt(e.target.value)}
          errors={problemsAt('occurredAt')}
          required
        />
      )}
      {fields.map((field) => (
        <FactField key={field.name} field={field} value={values[field.name]} onChange={(v) => set(field.name, v)} errors={problemsAt(`data.${field.name}`)} />
      ))}
      {error && (
        <div className="notice notice-error" role="alert" data-testid="form-problems">
          <p>{error.problems.length ? t('breachForm.problems', { count: error.problems.length }) : error.message}</p>
          {otherProblems.length > 0 && (
            <ul>
              {otherProblems.map((p) => (
                <li key={p.path + p.message}>
                  <code>{p.path}</code> {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {record.error && !error && (
        <p className="notice notice-error" role="alert">
          {record.error.message}
        </p>
      )}
      <Button type="submit" className="button primary" isDisabled={record.isPending}>
        {t('breachForm.record', { type: t(`eventType.${type}`) })}
      </Button>
    </Form>
  );
}

function FactField({
  field,
  value,
  onChange,
  errors,
}: {
  field: FieldDef;
  value: FormValues[string];
  onChange(value: FormValues[string]): void;
  errors: string[];
}) {
  const { t } = useTranslation();
  const { timeZone } = usePreferences();
  const label = t(`breachForm.field.${field.name}`);
  const help = t(`breachForm.help.${field.name}`, { defaultValue: '', zone: timeZone });
  const invalid = errors.length > 0;
  switch (field.kind) {
    case 'instant':
      return (
        <NativeField
          label={label}
          description={help || t('breachForm.inZone', { zone: timeZone })}
          type="datetime-local"
          name={field.name}
          value={value as string}
          onChange={(e) => onChange(e.target.value)}
          errors={errors}
          required={field.required}
        />
      );
    case 'boolean':
      return (
        <div className="field">
          <Checkbox name={field.name} isSelected={value as boolean} onChange={onChange} isInvalid={invalid} className="checkbox">
            <span className="box" aria-hidden="true" />
            {label}
          </Checkbox>
          {help && <span className="field-description">{help}</span>}
          {invalid && <span className="field-error">{errors.join('; ')}</span>}
        </div>
      );
    case 'choice':
      return (
        <RadioGroup
          name={field.name}
          value={(value as string) || null}
          onChange={onChange}
          isRequired={field.required}
          isInvalid={invalid}
          className="field choice"
          orientation="horizontal"
        >
          <Label>
            {label}
            <RequiredMark required={field.required} />
          </Label>
          <div className="options">
            {field.options.map((o) => (
              <Radio key={o} value={o} className="radio">
                <span className="dot" aria-hidden="true" />
                {t(`vocab.${field.vocabulary}.${o}`)}
              </Radio>
            ))}
          </div>
          {help && <Text slot="description">{help}</Text>}
          <FieldError>{errors.join('; ')}</FieldError>
        </RadioGroup>
      );
    case 'choices':
      return (
        <CheckboxGroup name={field.name} value={value as string[]} onChange={onChange} isRequired={field.required} isInvalid={invalid} className="field choice">
          <Label>
            {label}
            <RequiredMark required={field.required} />
          </Label>
          <div className="options">
            {field.options.map((o) => (
              <Checkbox key={o} value={o} className="checkbox">
                <span className="box" aria-hidden="true" />
                {t(`vocab.${field.vocabulary}.${o}`)}
              </Checkbox>
            ))}
          </div>
          {help && <Text slot="description">{help}</Text>}
          <FieldError>{errors.join('; ')}</FieldError>
        </CheckboxGroup>
      );
    default:
      return (
        <TextField name={field.name} value={value as string} onChange={onChange} isRequired={field.required} isInvalid={invalid} className="field">
          <Label>
            {label}
            <RequiredMark required={field.required} />
          </Label>
          {field.kind === 'textarea' ? <TextArea rows={3} /> : <Input inputMode={field.kind === 'count' ? 'numeric' : undefined} />}
          {(help || field.kind === 'list') && <Text slot="description">{help || t('breachForm.listHelp')}</Text>}
          <FieldError>{errors.join('; ')}</FieldError>
        </TextField>
      );
  }
}
