import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button, Dialog, FieldError, Form, Heading, Input, Label, Modal, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import type { ApiKey, Role } from '../api/types';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { Select } from '../components/Select';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

const ROLES: readonly Role[] = ['dpo', 'regulator', 'emitter', 'admin'];

/** API keys (admin): create one (its secret is shown once, here) and revoke. */
export default function ApiKeys() {
  const { t } = useTranslation();
  const { api, me } = useSignedIn();
  const format = useFormat();
  const queries = useQueryClient();
  const keys = useQuery({ queryKey: ['keys'], queryFn: () => api.keys() });
  const [revoking, setRevoking] = useState<ApiKey>();
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeKey(id),
    onSuccess: () => {
      setRevoking(undefined);
      void queries.invalidateQueries({ queryKey: ['keys'] });
    },
  });
  return (
    <>
      <ScreenTitle title={t('keys.title')}>{t('keys.title')}</ScreenTitle>
      <CreateKey />
      <section aria-labelledby="keys-list" className="section">
        <h2 id="keys-list">{t('keys.list')}</h2>
        <QueryState query={keys}>
          {({ keys: list }) => (
            <div className="table-wrap">
              <table className="table" data-testid="keys-table">
                <caption className="visually-hidden">{t('keys.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('keys.name')}</th>
                    <th scope="col">{t('keys.role')}</th>
                    <th scope="col">{t('keys.systems')}</th>
                    <th scope="col">{t('keys.createdAt')}</th>
                    <th scope="col">{t('keys.state')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('keys.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((k) => (
                    <tr key={k.id} data-key={k.id}>
                      <th scope="row">
                        {k.name} <span className="muted mono">{k.id}</span>
                      </th>
                      <td>{t(`role.${k.role}`)}</td>
                      <td>{k.systems.join(', ') || '—'}</td>
                      <td>{format.dateTime(k.createdAt)}</td>
                      <td>{k.revokedAt ? t('keys.revokedAt', { at: format.dateTime(k.revokedAt) }) : t('keys.active')}</td>
                      <td>
                        {!k.revokedAt && k.id !== me.keyId && (
                          <Button className="button danger small" onPress={() => setRevoking(k)} aria-label={t('keys.revokeNamed', { name: k.name })}>
                            {t('keys.revoke')}
                          </Button>
                        )}
                        {k.id === me.keyId && <span className="muted">{t('keys.thisKey')}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
      <Modal isOpen={revoking !== undefined} onOpenChange={(open) => !open && setRevoking(undefined)} isDismissable className="modal">
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title">{t('keys.revokeTitle', { name: revoking?.name })}</Heading>
          <p>{t('keys.revokeBody')}</p>
          {revoke.error && (
            <p className="notice notice-error" role="alert">
              {revoke.error.message}
            </p>
          )}
          <div className="button-row">
            <Button className="button secondary" onPress={() => setRevoking(undefined)} autoFocus>
              {t('common.cancel')}
            </Button>
            <Button className="button danger" onPress={() => revoking && revoke.mutate(revoking.id)} isDisabled={revoke.isPending}>
              {t('keys.revoke')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </>
  );
}

function CreateKey() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('dpo');
  const [systems, setSystems] = useState('');
  const [issued, setIssued] = useState<ApiKey & { key: string }>();
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api.createKey({
        name: name.trim(),
        role,
        ...(role === 'emitter'
          ? {
              systems: systems
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
      }),
    onSuccess: (key) => {
      setIssued(key);
      setName('');
      setSystems('');
      void queries.invalidateQueries({ queryKey: ['keys'] });
    },
  });
  const error = create.error instanceof ApiError ? create.error : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate();
  };
  const close = () => {
    // The secret leaves memory with the dialog.
    setIssued(undefined);
    setCopied(false);
  };
  return (
    <section aria-labelledby="keys-create" className="section">
      <h2 id="keys-create">{t('keys.create')}</h2>
      <Form onSubmit={submit} validationBehavior="aria" className="form narrow">
        <TextField name="name" value={name} onChange={setName} isRequired isInvalid={(error?.problemsAt('name').length ?? 0) > 0} className="field">
          <Label>{t('keys.name')}</Label>
          <Input autoComplete="off" />
          <FieldError>{error?.problemsAt('name').join('; ')}</FieldError>
        </TextField>
        <Select label={t('keys.role')} value={role} onChange={(v) => setRole(v as Role)} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        {role === 'emitter' && (
          <TextField name="systems" value={systems} onChange={setSystems} isInvalid={(error?.problemsAt('systems').length ?? 0) > 0} className="field">
            <Label>{t('keys.systems')}</Label>
            <Input autoComplete="off" />
            <Text slot="description">{t('keys.systemsHelp')}</Text>
            <FieldError>{error?.problemsAt('systems').join('; ')}</FieldError>
          </TextField>
        )}
        {create.error && !error?.problems.length && (
          <p className="notice notice-error" role="alert">
            {create.error.message}
          </p>
        )}
        <Button type="submit" className="button primary" isDisabled={create.isPending}>
          {t('keys.createButton')}
        </Button>
      </Form>
      <Modal isOpen={issued !== undefined} isDismissable={false} className="modal">
        <Dialog className="dialog" data-testid="issued-key">
          <Heading slot="title">{t('keys.issuedTitle', { name: issued?.name })}</Heading>
          <p className="notice notice-warning">{t('keys.shownOnce')}</p>
          <label htmlFor="issued-secret">{t('keys.secret')}</label>
          <input id="issued-secret" className="mono secret" readOnly value={issued?.key ?? ''} onFocus={(e) => e.target.select()} />
          <div className="button-row">
            <Button
              className="button secondary"
              onPress={() => {
                if (issued) void navigator.clipboard?.writeText(issued.key).then(() => setCopied(true));
              }}
            >
              {copied ? t('keys.copied') : t('keys.copy')}
            </Button>
            <Button className="button primary" onPress={close}>
              {t('keys.done')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </section>
  );
}
