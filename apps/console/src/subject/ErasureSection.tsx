import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button, Dialog, FieldError, Form, Heading, Input, Label, Modal, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import type { ErasureStatus } from '../api/types';
import { QueryState } from '../components/QueryState';
import { Select } from '../components/Select';
import { ERASURE_REQUEST_GROUNDS } from '../domain';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** Where the subject's erasure stands, and "start erasure" with the request's id. */
export function ErasureSection({ subjectId, purpose }: { subjectId: string; purpose: string }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const status = useQuery({ queryKey: ['subject', subjectId, 'erasure'], queryFn: () => api.erasure(subjectId, purpose) });
  return (
    <section id="erasure" aria-labelledby="erasure-heading" className="section">
      <h2 id="erasure-heading">{t('subject.erasure')}</h2>
      <QueryState query={status} notFound={<p>{t('subject.noFacts')}</p>}>
        {(data) => (
          <>
            <ErasureFacts status={data} />
            {data.state === 'none' && <StartErasure subjectId={subjectId} />}
          </>
        )}
      </QueryState>
    </section>
  );
}

function ErasureFacts({ status }: { status: ErasureStatus }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts" data-testid="erasure-status">
      <dt>{t('erasure.state')}</dt>
      <dd>
        <span className={`badge erasure-${status.state}`}>{t(`erasure.stateName.${status.state}`, { defaultValue: status.state })}</span>
      </dd>
      {status.requestId && (
        <>
          <dt>{t('erasure.requestId')}</dt>
          <dd className="mono">{status.requestId}</dd>
        </>
      )}
      {status.ground && (
        <>
          <dt>{t('erasure.ground')}</dt>
          <dd data-testid="erasure-ground">{t(`erasureGround.${status.ground.code}`, { defaultValue: status.ground.code })}</dd>
        </>
      )}
      {status.note && (
        <>
          <dt>{t('erasure.note')}</dt>
          <dd data-testid="erasure-note">{status.note}</dd>
        </>
      )}
      {status.startedAt && (
        <>
          <dt>{t('erasure.startedAt')}</dt>
          <dd>{format.dateTime(status.startedAt)}</dd>
        </>
      )}
      {status.state !== 'none' && (
        <>
          <dt>{t('erasure.awaitingSystems')}</dt>
          <dd>{status.awaitingSystems.length ? status.awaitingSystems.join(', ') : t('common.none')}</dd>
          <dt>{t('erasure.awaitingRecipients')}</dt>
          <dd data-testid="awaiting-recipients">
            {status.awaitingRecipients.length
              ? status.awaitingRecipients.map((r) => (
                  <span key={r} className="badge badge-danger">
                    {t('erasure.notYetTold', { recipient: r })}
                  </span>
                ))
              : t('common.none')}
          </dd>
          <dt>{t('erasure.shreddedGroups')}</dt>
          <dd>{status.shreddedGroups.length ? status.shreddedGroups.map((g) => t(`keyGroup.${g}`, { defaultValue: g })).join(', ') : t('common.none')}</dd>
          <dt>{t('erasure.retainedGroups')}</dt>
          <dd>
            {status.retainedGroups.length
              ? status.retainedGroups
                  .map((g) => t('erasure.retainedUntil', { group: t(`keyGroup.${g.group}`, { defaultValue: g.group }), until: format.date(g.until) }))
                  .join('; ')
              : t('common.none')}
          </dd>
        </>
      )}
    </dl>
  );
}

/** Starting an erasure cannot be undone (the keys are destroyed once systems and recipients are done): it asks first. */
function StartErasure({ subjectId }: { subjectId: string }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const queries = useQueryClient();
  const [requestId, setRequestId] = useState('');
  const [ground, setGround] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const start = useMutation({
    mutationFn: () => api.startErasure(subjectId, { requestId: requestId.trim(), ground: ground || undefined, note: note.trim() || undefined }),
    onSuccess: () => {
      setConfirming(false);
      void queries.invalidateQueries({ queryKey: ['subject', subjectId] });
    },
  });
  const problemsAt = (field: string) => (start.error instanceof ApiError ? start.error.problemsAt(field) : []);
  const problems = problemsAt('requestId');
  const noteProblems = problemsAt('note');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setConfirming(true);
  };
  return (
    <Form onSubmit={submit} validationBehavior="aria" className="form narrow" aria-labelledby="start-erasure-heading">
      <h3 id="start-erasure-heading">{t('erasure.start')}</h3>
      <TextField name="requestId" value={requestId} onChange={setRequestId} className="field" isInvalid={problems.length > 0}>
        <Label>{t('erasure.requestId')}</Label>
        <Input placeholder="R-2026-17" />
        <Text slot="description">{t('erasure.requestIdHelp')}</Text>
        <FieldError>{problems.join('; ')}</FieldError>
      </TextField>
      <Select
        label={t('erasure.ground')}
        name="ground"
        value={ground}
        onChange={setGround}
        options={[{ value: '', label: t('erasure.groundUnstated') }, ...ERASURE_REQUEST_GROUNDS.map((g) => ({ value: g, label: t(`erasureGround.${g}`) }))]}
      />
      <TextField name="note" value={note} onChange={setNote} className="field" isInvalid={noteProblems.length > 0}>
        <Label>{t('erasure.note')}</Label>
        <Input />
        <Text slot="description">{t('erasure.noteHelp')}</Text>
        <FieldError>{noteProblems.join('; ')}</FieldError>
      </TextField>
      {start.error && problems.length === 0 && noteProblems.length === 0 && (
        <p className="notice notice-error" role="alert">
          {start.error.message}
        </p>
      )}
      <Button type="submit" className="button danger">
        {t('erasure.start')}
      </Button>
      <Modal isOpen={confirming} onOpenChange={setConfirming} isDismissable className="modal">
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title">{t('erasure.confirmTitle')}</Heading>
          <p>{t('erasure.confirmBody')}</p>
          <div className="button-row">
            <Button className="button secondary" onPress={() => setConfirming(false)} autoFocus>
              {t('common.cancel')}
            </Button>
            <Button className="button danger" onPress={() => start.mutate()} isDisabled={start.isPending}>
              {t('erasure.confirm')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </Form>
  );
}
