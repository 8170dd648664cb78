import { type FormEvent, useState } from 'react';
import { ApiError } from '../../ui/api';
import { Alert } from '../../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';
import { SignInPanel } from './SignInPanel';

/** First start on a laptop: sign in, enter the coordinator's pairing code. */
export function EnrolPage() {
  const t = useT(kitMessages);
  const c = useT(common);
  const { session, enrol, online } = useKit();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  usePageTitle(t('enrolTitle'), errors.length > 0 || !!general);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    if (!code.trim()) {
      setErrors([{ fieldId: 'pairing-code', message: t('pairingCodeMissing') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await enrol(code.trim());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'KIT_PAIRING_CODE_INVALID') {
        setErrors([{ fieldId: 'pairing-code', message: error.detail }]);
        return;
      }
      const mapped = formErrorsFrom(error, { '/pairingCode': 'pairing-code' }, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('enrolTitle')}</h1>
      <p className="kern-body">{t('enrolLead')}</p>
      {!online && <Alert tone="warning" title={t('enrolOffline')} />}
      {!session ? (
        <SignInPanel />
      ) : (
        <>
          <ErrorSummary errors={errors} general={general} />
          <form onSubmit={submit} noValidate>
            <TextField
              id="pairing-code"
              label={t('pairingCode')}
              hint={t('pairingCodeHint')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              error={errorFor(errors, 'pairing-code')}
            />
            <Button aria-busy={busy}>{t('enrol')}</Button>
          </form>
        </>
      )}
    </>
  );
}
