import { type FormEvent, useState } from 'react';
import { post } from '../../ui/api';
import { Button, ErrorSummary, errorFor, type FormError, formErrorsFrom, TextField } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import type { StaffSession } from '../../ui/session';
import { confirmWithSecurityKey, KeyCeremonyFailed } from '../../ui/webauthn';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';

/** Sign-in inside the kit (the server session that sync requests are bound to). */
export function SignInPanel({ headingLevel = 2 }: { headingLevel?: 1 | 2 }) {
  const t = useT(kitMessages);
  const c = useT(common);
  const { setSession, refreshSession } = useKit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [factors, setFactors] = useState<StaffSession['secondFactors']>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const local: FormError[] = [];
    if (!needsCode) {
      if (!username.trim()) local.push({ fieldId: 'kit-username', message: t('usernameMissing') });
      if (!password) local.push({ fieldId: 'kit-password', message: t('passwordMissing') });
    }
    setErrors(local);
    if (local.length) return;
    try {
      if (needsCode) {
        await post('/api/auth/mfa', { code: code.trim() });
      } else {
        const s = await post<StaffSession>('/api/auth/login', { username: username.trim(), password });
        setSession(s);
        if (s.stage === 'mfa_required') {
          setFactors(s.secondFactors ?? ['totp']);
          setNeedsCode(true);
          return;
        }
        if (s.stage !== 'active') {
          setGeneral(t('finishSignInElsewhere'));
          return;
        }
      }
      await refreshSession();
      setPassword('');
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/username': 'kit-username', '/password': 'kit-password', '/code': 'kit-totp' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  async function confirmKey() {
    setErrors([]);
    setGeneral(undefined);
    try {
      await confirmWithSecurityKey();
      await refreshSession();
      setPassword('');
    } catch (error) {
      setGeneral(
        error instanceof KeyCeremonyFailed
          ? t('keyFailed')
          : formErrorsFrom(error, {}, c('genericError')).general,
      );
    }
  }

  const keyOnly = needsCode && factors.includes('security_key') && !factors.includes('totp');
  return (
    <section aria-labelledby="kit-signin-title">
      <Heading
        className={headingLevel === 1 ? 'kern-heading-large' : 'kern-heading-medium'}
        id="kit-signin-title"
      >
        {t('signInTitle')}
      </Heading>
      <p className="kern-body">{t('signInLead')}</p>
      <ErrorSummary errors={errors} general={general} />
      {needsCode && factors.includes('security_key') && (
        <div className="bk-actions">
          <Button type="button" variant={keyOnly ? 'primary' : 'secondary'} onClick={() => void confirmKey()}>
            {t('useKey')}
          </Button>
        </div>
      )}
      {!keyOnly && (
        <form onSubmit={submit} noValidate>
          {needsCode ? (
            <TextField
              id="kit-totp"
              label={t('totp')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
              width={10}
              error={errorFor(errors, 'kit-totp')}
            />
          ) : (
            <>
              <TextField
                id="kit-username"
                label={t('username')}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoComplete="username"
                error={errorFor(errors, 'kit-username')}
              />
              <TextField
                id="kit-password"
                type="password"
                label={t('password')}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
                error={errorFor(errors, 'kit-password')}
              />
            </>
          )}
          <Button>{t('signIn')}</Button>
        </form>
      )}
    </section>
  );
}
