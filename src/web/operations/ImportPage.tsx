import { type FormEvent, useState } from 'react';
import { ApiError, post } from '../ui/api';
import { Alert } from '../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  type FormError,
  formErrorsFrom,
  TextArea,
  usePageTitle,
} from '../ui/forms';
import { useT } from '../ui/i18n';
import { common } from '../ui/messages';
import { opsMessages } from './messages';

interface ImportResult {
  dryRun: boolean;
  authorities: Array<{ slug: string; municipalities: number; firstAdmin: string; oneTimePassword?: string }>;
}

/** /betrieb/import: several authorities from CSV or JSON, checked first, then in one step. */
export default function ImportPage() {
  const t = useT(opsMessages);
  const c = useT(common);
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [content, setContent] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [result, setResult] = useState<ImportResult>();
  const [busy, setBusy] = useState(false);
  usePageTitle(t('importTitle'), errors.length > 0 || !!general);

  async function send(dryRun: boolean, e?: FormEvent) {
    e?.preventDefault();
    setResult(undefined);
    setProblems([]);
    setGeneral(undefined);
    if (!content.trim()) {
      setErrors([{ fieldId: 'import-content', message: t('required', { field: t('content') }) }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      setResult(await post<ImportResult>('/api/operator/authorities/import', { format, content, dryRun }));
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
      if (error instanceof ApiError)
        setProblems(error.errors.map((x) => x.message ?? `${x.path}: ${x.code}`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('importTitle')}</h1>
      <p className="kern-body">{t('importIntro')}</p>
      {problems.length > 0 && (
        <Alert tone="danger" title={t('importErrors', { count: problems.length })}>
          <ul className="kern-list" data-testid="import-errors">
            {problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat; their order is stable
              <li key={i}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      {result && (
        <Alert
          tone="success"
          role="status"
          title={
            result.dryRun
              ? t('checked', { count: result.authorities.length })
              : t('imported', { count: result.authorities.length })
          }
        >
          {!result.dryRun && (
            <ul className="kern-list">
              {result.authorities.map((a) => (
                <li key={a.slug}>
                  /{a.slug}: {a.firstAdmin} <span className="bk-mono">{a.oneTimePassword}</span>
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <form onSubmit={(e) => void send(false, e)} noValidate>
        <ChoiceGroup
          id="import-format"
          legend={t('format')}
          type="radio"
          name="format"
          options={[
            { value: 'csv', label: 'CSV' },
            { value: 'json', label: 'JSON' },
          ]}
          value={[format]}
          onChange={(v) => setFormat(v[0] as 'csv' | 'json')}
        />
        <TextArea
          id="import-content"
          label={t('content')}
          value={content}
          rows={12}
          spellCheck={false}
          error={errors[0]?.message}
          onChange={(e) => setContent(e.target.value)}
        />
        <div className="bk-actions">
          <Button type="button" variant="secondary" disabled={busy} onClick={() => void send(true)}>
            {t('check')}
          </Button>
          <Button disabled={busy}>{t('apply')}</Button>
        </div>
      </form>
    </>
  );
}
