import { FormEvent, useState } from 'react';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Preferences } from '../components/Preferences';
import { ScreenTitle } from '../components/ScreenTitle';
import { useSession } from '../session/SessionProvider';

/**
 * Sign-in with an API key. The key is typed or pasted here, sent in a header to GET /v1/me, and
 * kept in this tab's sessionStorage only if it belongs to a role with screens.
 */
export function SignIn() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (state.status === 'signed-in') return <Navigate to={from && from !== '/sign-in' ? from : '/'} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(undefined);
    const value = key.trim();
    if (!value) {
      setProblem(t('signIn.keyRequired'));
      return;
    }
    setBusy(true);
    const result = await signIn(value);
    setBusy(false);
    if (result.ok) {
      setKey('');
      void navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
      return;
    }
    if (result.reason === 'error') setProblem(t('signIn.failed', { message: result.message }));
    else if (result.reason === 'emitter') setProblem(t('signIn.emitter', { name: result.me?.name, systems: result.me?.systems.join(', ') }));
    else setProblem(t('signIn.invalid'));
  };

  return (
    <div className="sign-in-page">
      <header className="topbar">
        <span className="brand">{t('shell.brand')}</span>
        <div className="topbar-tools">
          <Preferences />
        </div>
      </header>
      <main id="main" className="sign-in">
        <ScreenTitle title={t('signIn.title')} focus={false}>
          {t('signIn.title')}
        </ScreenTitle>
        <p>{t('signIn.intro')}</p>
        {state.status === 'signed-out' && state.reason === 'key-invalid' && (
          <p className="notice notice-error" role="alert">
            {t('signIn.keyNoLongerValid')}
          </p>
        )}
        {state.status === 'signed-out' && state.reason === 'signed-out' && (
          <p className="notice" role="status">
            {t('signIn.signedOut')}
          </p>
        )}
        <Form onSubmit={(e) => void submit(e)} validationBehavior="aria" className="form narrow" method="post" autoComplete="off">
          <TextField name="apiKey" value={key} onChange={setKey} isRequired isInvalid={problem !== undefined} className="field" autoFocus>
            <Label>{t('signIn.key')}</Label>
            <Input type="password" autoComplete="off" spellCheck={false} data-testid="api-key" />
            <Text slot="description">{t('signIn.keyHelp')}</Text>
            <FieldError>{problem}</FieldError>
          </TextField>
          <Button type="submit" className="button primary" isDisabled={busy}>
            {busy ? t('signIn.checking') : t('signIn.submit')}
          </Button>
        </Form>
        <p className="hint">{t('signIn.whereKeysComeFrom')}</p>
      </main>
    </div>
  );
}
