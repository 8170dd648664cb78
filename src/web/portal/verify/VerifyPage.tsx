import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, get } from '../../ui/api';
import { Alert } from '../../ui/components';
import { Button, ErrorSummary, errorFor, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { navigate } from '../../ui/router';
import { verifyMessages } from './messages';
import '../../ui/capture.css';

interface Verification {
  genuine: true;
  title: string;
  issuedOn: string;
  authority: string;
  caseNumber: string;
  holderInitials: string | null;
  revoked: boolean;
}

/** /pruefen/<code>: the target of the QR code on our documents — genuine or not, minimal data. */
export default function VerifyPage({ code }: { code?: string }) {
  const t = useT(verifyMessages);
  const c = useT(common);
  const f = useFormat();
  const [input, setInput] = useState(code ?? '');
  const [result, setResult] = useState<Verification | 'not_genuine'>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('title'), errors.length > 0);

  const check = useCallback(
    async (value: string) => {
      setGeneral(undefined);
      try {
        setResult(await get<Verification>(`/api/verify/${encodeURIComponent(value.trim())}`));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 400))
          setResult('not_genuine');
        else setGeneral(c('genericError'));
      }
    },
    [c],
  );

  useEffect(() => {
    if (code) void check(code);
  }, [code, check]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!input.trim()) {
      setErrors([{ fieldId: 'verify-code', message: t('codeMissing') }]);
      return;
    }
    setErrors([]);
    navigate(`/pruefen/${encodeURIComponent(input.trim())}`);
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      {result === 'not_genuine' && (
        <Alert tone="danger" title={t('notGenuine')} role="alert">
          <p className="kern-body">{t('notGenuineText')}</p>
        </Alert>
      )}
      {result && result !== 'not_genuine' && (
        <Alert
          tone={result.revoked ? 'warning' : 'success'}
          title={result.revoked ? t('revoked') : t('genuine')}
          role="status"
        >
          <p className="kern-body">{t('genuineText')}</p>
          <dl className="bk-facts">
            <div className="bk-facts__row">
              <dt>{t('kind')}</dt>
              <dd>{result.title}</dd>
            </div>
            <div className="bk-facts__row">
              <dt>{t('issuedOn')}</dt>
              <dd>{f.date(result.issuedOn)}</dd>
            </div>
            <div className="bk-facts__row">
              <dt>{t('authority')}</dt>
              <dd>{result.authority}</dd>
            </div>
            <div className="bk-facts__row">
              <dt>{t('caseNumber')}</dt>
              <dd>{result.caseNumber}</dd>
            </div>
            <div className="bk-facts__row">
              <dt>{t('holder')}</dt>
              <dd>{result.holderInitials ?? t('holderHidden')}</dd>
            </div>
          </dl>
        </Alert>
      )}
      <p className="kern-body">{t('lead')}</p>
      <form className="bk-form" onSubmit={submit} noValidate>
        <TextField
          id="verify-code"
          label={t('code')}
          hint={t('codeHint')}
          autoComplete="off"
          spellCheck={false}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          error={errorFor(errors, 'verify-code')}
        />
        <div className="bk-actions">
          <Button>{t('check')}</Button>
        </div>
      </form>
    </>
  );
}
