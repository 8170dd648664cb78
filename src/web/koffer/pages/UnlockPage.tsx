import { type FormEvent, useEffect, useState } from 'react';
import { Alert } from '../../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  SelectField,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';

/** Unlock: the clerk picks their name and types the kit PIN (works offline). */
export function UnlockPage() {
  const t = useT(kitMessages);
  const c = useT(common);
  const f = useFormat();
  const { vault, unlock, config } = useKit();
  const [clerks, setClerks] = useState<{ userId: string; displayName: string; username: string }[]>([]);
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('unlockTitle'), errors.length > 0 || !!general);

  useEffect(() => {
    if (!vault) return;
    void vault.clerks().then((list) => {
      setClerks(list);
      setUserId((current) => current || list[0]?.userId || '');
    });
    void vault
      .unlockState()
      .then((s) => setLockedUntil(s.lockedUntil && s.lockedUntil > Date.now() ? s.lockedUntil : null));
  }, [vault]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    if (!pin) {
      setErrors([{ fieldId: 'unlock-pin', message: t('pinMissing') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const result = await unlock(userId, pin);
      if (result.ok) return;
      setPin('');
      if (result.reason === 'locked') {
        setLockedUntil(result.lockedUntil);
        setGeneral(t('lockedUntil', { until: f.time(new Date(result.lockedUntil)) }));
      } else if (result.reason === 'wrong') {
        setLockedUntil(result.lockedUntil);
        setErrors([
          {
            fieldId: 'unlock-pin',
            message: result.lockedUntil
              ? t('pinWrongLocked', { until: f.time(new Date(result.lockedUntil)) })
              : t('pinWrong', { n: result.attemptsLeft }),
          },
        ]);
      } else setGeneral(c('genericError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('unlockTitle')}</h1>
      <p className="kern-body">
        {t('unlockLead', { name: config?.name ?? '', prefix: config?.prefix ?? '' })}
      </p>
      {lockedUntil && (
        <Alert tone="warning" title={t('lockedUntil', { until: f.time(new Date(lockedUntil)) })} />
      )}
      <ErrorSummary errors={errors} general={general} />
      <form onSubmit={submit} noValidate>
        <SelectField
          id="unlock-clerk"
          label={t('clerk')}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          options={clerks.map((k) => ({ value: k.userId, label: `${k.displayName} (${k.username})` }))}
        />
        <TextField
          id="unlock-pin"
          type="password"
          label={t('pin')}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          autoComplete="current-password"
          error={errorFor(errors, 'unlock-pin')}
        />
        <Button aria-busy={busy}>{busy ? t('unlocking') : t('unlock')}</Button>
      </form>
    </>
  );
}
