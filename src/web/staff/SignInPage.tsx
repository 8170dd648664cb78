import { type FormEvent, useState } from 'react';
import { post } from '../ui/api';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../ui/forms';
import { useT } from '../ui/i18n';
import { common } from '../ui/messages';
import { navigate, useSearch } from '../ui/router';
import { type StaffSession, useSession } from '../ui/session';
import { confirmWithSecurityKey, signInWithPasskey, webAuthnAvailable } from '../ui/webauthn';
import { staffMessages } from './messages';
import { keyErrorMessage, SecurityKeyEnrolment } from './SecurityKeys';
import { TotpEnrolment } from './TotpEnrolment';

/** Where to go after sign-in: the page asked for, if it is one of ours, else the staff home. */
function nextTarget(search: URLSearchParams): string {
  const next = search.get('next');
  return next && /^\/(?!\/)/.test(next) && !next.startsWith('/anmelden') ? next : '/start';
}

export function SignInPage() {
  const { session, setSession, refresh } = useSession();
  const search = useSearch();
  const stage = session?.stage;
  if (stage === 'mfa_required') return <MfaStep factors={session!.secondFactors} onDone={() => refresh()} />;
  if (stage === 'password_change_required') return <PasswordStep onDone={() => refresh()} />;
  if (stage === 'mfa_enrolment_required')
    return <TotpEnrolment mandatory onDone={() => refresh().then(() => navigate(nextTarget(search)))} />;
  if (stage === 'key_enrolment_required')
    return <SecurityKeyEnrolment onDone={() => void refresh().then(() => navigate(nextTarget(search)))} />;
  if (stage === 'active') {
    queueMicrotask(() => navigate(nextTarget(search), { replace: true }));
    return null;
  }
  return (
    <PasswordSignIn
      onSession={(s) => {
        setSession(s);
        if (s.stage === 'active') navigate(nextTarget(search));
      }}
    />
  );
}

function PasswordSignIn({ onSession }: { onSession(s: StaffSession): void }) {
  const t = useT(staffMessages);
  const c = useT(common);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('signInTitle'), errors.length > 0 || !!general);

  async function passkey() {
    setErrors([]);
    setGeneral(undefined);
    try {
      onSession(await signInWithPasskey());
    } catch (error) {
      setGeneral(keyErrorMessage(error, t, c('genericError')));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!username.trim()) local.push({ fieldId: 'username', message: t('usernameMissing') });
    if (!password) local.push({ fieldId: 'password', message: t('passwordMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      onSession(await post<StaffSession>('/api/auth/login', { username: username.trim(), password }));
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/username': 'username', '/password': 'password' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      setPassword('');
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('signInTitle')}</h1>
      <p className="kern-body">{t('signInLead')}</p>
      <form className="bk-form" onSubmit={submit} noValidate>
        <TextField
          id="username"
          name="username"
          label={t('username')}
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={errorFor(errors, 'username')}
          spellCheck={false}
          autoCapitalize="none"
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label={t('password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errorFor(errors, 'password')}
        />
        <div className="bk-actions">
          <Button>{t('signIn')}</Button>
        </div>
      </form>
      {webAuthnAvailable() && (
        <section aria-labelledby="passkey-title">
          <h2 className="kern-heading-medium" id="passkey-title">
            {t('passkeyTitle')}
          </h2>
          <p className="kern-body">{t('passkeyLead')}</p>
          <div className="bk-actions">
            <Button type="button" variant="secondary" onClick={() => void passkey()}>
              {t('passkeySignIn')}
            </Button>
          </div>
        </section>
      )}
    </>
  );
}

function MfaStep({ factors, onDone }: { factors: StaffSession['secondFactors']; onDone(): void }) {
  const t = useT(staffMessages);
  const c = useT(common);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const withKey = factors.includes('security_key');
  const withCode = factors.includes('totp') || factors.length === 0;
  const title = withKey ? t('mfaKeyTitle') : t('mfaTitle');
  usePageTitle(title, errors.length > 0 || !!general);
  async function confirmKey() {
    setErrors([]);
    setGeneral(undefined);
    try {
      await confirmWithSecurityKey();
      onDone();
    } catch (error) {
      setGeneral(keyErrorMessage(error, t, c('genericError')));
    }
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) {
      setErrors([{ fieldId: 'code', message: t('codeMissing') }]);
      return;
    }
    try {
      await post('/api/auth/mfa', { code: code.replace(/\s/g, '') });
      onDone();
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/code': 'code' }, c('genericError'));
      setErrors(mapped.general ? [{ fieldId: 'code', message: mapped.general }] : mapped.errors);
      setCode('');
    }
  }
  const CodeHeading = withKey ? 'h2' : 'h1';
  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      {withKey && (
        <>
          <h1 className="kern-heading-large">{title}</h1>
          <p className="kern-body">{t('mfaKeyLead')}</p>
          <div className="bk-actions">
            <Button type="button" onClick={() => void confirmKey()}>
              {t('useKey')}
            </Button>
          </div>
        </>
      )}
      {withCode && (
        <form className="bk-form" onSubmit={submit} noValidate>
          <CodeHeading className={withKey ? 'kern-heading-medium' : 'kern-heading-large'}>
            {withKey ? t('mfaCodeInstead') : t('mfaTitle')}
          </CodeHeading>
          <TextField
            id="code"
            name="code"
            label={t('code')}
            hint={t('mfaHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            width={4}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={errorFor(errors, 'code')}
          />
          <div className="bk-actions">
            <Button variant={withKey ? 'secondary' : 'primary'}>{t('confirm')}</Button>
          </div>
        </form>
      )}
    </>
  );
}

export function PasswordStep({ onDone, standalone }: { onDone(): void; standalone?: boolean }) {
  const t = useT(staffMessages);
  const c = useT(common);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('changeTitle'), errors.length > 0 || !!general);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!current) local.push({ fieldId: 'current-password', message: t('currentMissing') });
    if (!next) local.push({ fieldId: 'new-password', message: t('newPasswordMissing') });
    else if (next !== repeat) local.push({ fieldId: 'repeat-password', message: t('repeatMismatch') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      await post('/api/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      onDone();
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/currentPassword': 'current-password', '/newPassword': 'new-password' },
        c('genericError'),
      );
      // The API names the field with its code; show the API's message at that field.
      setErrors(mapped.errors.length ? mapped.errors : []);
      setGeneral(mapped.general);
    }
  }
  const Heading = standalone ? 'h2' : 'h1';
  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <form className="bk-form" onSubmit={submit} noValidate>
        <Heading className={standalone ? 'kern-heading-medium' : 'kern-heading-large'}>
          {t('changeTitle')}
        </Heading>
        {!standalone && <p className="kern-body">{t('changeLead')}</p>}
        <TextField
          id="current-password"
          type="password"
          autoComplete="current-password"
          label={t('currentPassword')}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errorFor(errors, 'current-password')}
        />
        <TextField
          id="new-password"
          type="password"
          autoComplete="new-password"
          label={t('newPassword')}
          hint={t('newPasswordHint')}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errorFor(errors, 'new-password')}
        />
        <TextField
          id="repeat-password"
          type="password"
          autoComplete="new-password"
          label={t('repeatPassword')}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={errorFor(errors, 'repeat-password')}
        />
        <div className="bk-actions">
          <Button>{t('savePassword')}</Button>
        </div>
      </form>
    </>
  );
}
