import { type FormEvent, useEffect, useState } from 'react';
import { post } from '../ui/api';
import { Loading } from '../ui/components';
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
import { staffMessages } from './messages';

interface Setup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** Shows the QR code (an SVG made by the server, embedded as an image) and confirms a code from the app. */
export function TotpEnrolment({ mandatory, onDone }: { mandatory: boolean; onDone(): void }) {
  const t = useT(staffMessages);
  const c = useT(common);
  const [setup, setSetup] = useState<Setup>();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('enrolTitle'), errors.length > 0 || !!general);
  useEffect(() => {
    post<Setup>('/api/auth/totp/setup').then(setSetup, (error) =>
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general),
    );
  }, [c]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) {
      setErrors([{ fieldId: 'totp-code', message: t('codeMissing') }]);
      return;
    }
    try {
      await post('/api/auth/totp/enable', { code: code.replace(/\s/g, '') });
      onDone();
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/code': 'totp-code' }, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      setCode('');
    }
  }
  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('enrolTitle')}</h1>
      <p className="kern-body">{mandatory ? t('enrolLead') : t('enrolOptionalLead')}</p>
      {!setup ? (
        <Loading />
      ) : (
        <>
          <img
            className="bk-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt={t('qrAlt')}
            width={200}
            height={200}
          />
          <p className="kern-body">
            {t('secretLabel')}:{' '}
            <code className="bk-mono" data-testid="totp-secret">
              {setup.secret}
            </code>
          </p>
          <form className="bk-form" onSubmit={submit} noValidate>
            <TextField
              id="totp-code"
              label={t('code')}
              hint={t('mfaHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              width={4}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={errorFor(errors, 'totp-code')}
            />
            <div className="bk-actions">
              <Button>{t('enrolConfirm')}</Button>
            </div>
          </form>
        </>
      )}
    </>
  );
}
