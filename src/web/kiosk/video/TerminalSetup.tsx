import { type FormEvent, useState } from 'react';
import { ApiError } from '../../ui/api';
import { Alert, BackLink } from '../../ui/components';
import { Button, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { kioskVideoMessages } from './messages';
import { pairTerminal } from './terminal-api';

/**
 * /terminal/einrichten (#11): the administration sets a terminal up for video consultation with
 * the one-time code from "Bürgerterminals". The device keeps an httpOnly cookie that the kiosk's
 * wipe does not reach (ADR 22); revoking the terminal ends it.
 */
export default function TerminalSetup() {
  const t = useT(kioskVideoMessages);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<{ name: string; locationName: string } | null>(null);
  usePageTitle(t('setupTitle'), errors.length > 0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!code.trim()) return setErrors([{ fieldId: 'setup-code', message: t('setupCodeMissing') }]);
    try {
      setDone((await pairTerminal(code.trim())).terminal);
      setErrors([]);
    } catch (error) {
      setErrors([
        { fieldId: 'setup-code', message: error instanceof ApiError ? error.detail : String(error) },
      ]);
    }
  }

  if (done) {
    return (
      <>
        <h1 className="kern-heading-x-large">{t('setupTitle')}</h1>
        <Alert
          tone="success"
          title={t('setupDone', { name: done.name, location: done.locationName })}
          role="status"
        />
        <p className="kern-body">
          <Link className="kern-link" href="/terminal">
            {t('setupToStart')}
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={errors} />
      <BackLink href="/terminal" />
      <h1 className="kern-heading-x-large">{t('setupTitle')}</h1>
      <p className="kern-body kern-body--large">{t('setupText')}</p>
      <form className="bk-form" onSubmit={submit} noValidate>
        <TextField
          id="setup-code"
          label={t('setupCode')}
          hint={t('setupCodeHint')}
          large
          autoComplete="off"
          value={code}
          error={errors[0]?.message}
          onChange={(e) => setCode(e.target.value)}
        />
        <div className="bk-actions">
          <Button>{t('setupSubmit')}</Button>
        </div>
      </form>
    </>
  );
}
