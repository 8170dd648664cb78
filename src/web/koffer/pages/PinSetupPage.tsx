import { type FormEvent, useState } from 'react';
import { Button, ErrorSummary, errorFor, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';
import { MIN_SECRET_LENGTH } from '../storage/vault';
import { SignInPanel } from './SignInPanel';

/** The first clerk chooses the kit PIN; the data key is created and wrapped with it. */
export function PinSetupPage() {
  const t = useT(kitMessages);
  const c = useT(common);
  const { setupPin, session } = useKit();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  usePageTitle(t('pinTitle'), errors.length > 0 || !!general);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (pin.length < MIN_SECRET_LENGTH)
      local.push({ fieldId: 'kit-pin', message: t('pinTooShort', { min: MIN_SECRET_LENGTH }) });
    else if (pin !== repeat) local.push({ fieldId: 'kit-pin-repeat', message: t('pinMismatch') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    setBusy(true);
    try {
      await setupPin(pin);
    } catch {
      setGeneral(c('genericError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('pinTitle')}</h1>
      <p className="kern-body">{t('pinLead', { min: MIN_SECRET_LENGTH })}</p>
      {!session ? (
        <SignInPanel />
      ) : (
        <>
          <ErrorSummary errors={errors} general={general} />
          <form onSubmit={submit} noValidate>
            <TextField
              id="kit-pin"
              type="password"
              label={t('pin')}
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              autoComplete="new-password"
              error={errorFor(errors, 'kit-pin')}
            />
            <TextField
              id="kit-pin-repeat"
              type="password"
              label={t('pinRepeat')}
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              autoComplete="new-password"
              error={errorFor(errors, 'kit-pin-repeat')}
            />
            <Button aria-busy={busy}>{busy ? t('pinWorking') : t('pinSave')}</Button>
          </form>
        </>
      )}
    </>
  );
}
