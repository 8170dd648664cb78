import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, get, put } from '../ui/api';
import { Alert, Loading } from '../ui/components';
import { Button, ErrorSummary, type FormError, formErrorsFrom, usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { common } from '../ui/messages';
import { fileToBase64 } from './files';
import { opsMessages } from './messages';

interface Status {
  loaded: boolean;
  fileName?: string;
  encoding?: string;
  validOn?: string;
  municipalities?: number;
  associations?: number;
}

/** /betrieb/verzeichnis: load Destatis' Gemeindeverzeichnis (GV100AD). */
export default function DirectoryPage() {
  const t = useT(opsMessages);
  const c = useT(common);
  const [status, setStatus] = useState<Status>();
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [lines, setLines] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('directoryTitle'), errors.length > 0 || !!general);
  const load = useCallback(() => get<Status>('/api/operator/directory').then(setStatus), []);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setLines([]);
    setGeneral(undefined);
    if (!file) {
      setErrors([{ fieldId: 'directory-file', message: t('fileMissing') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await put('/api/operator/directory', { fileName: file.name, contentBase64: await fileToBase64(file) });
      await load();
    } catch (error) {
      const mapped = formErrorsFrom(error, {}, c('genericError'));
      setGeneral(mapped.general);
      setLines(error instanceof ApiError ? error.errors.map((x) => x.message ?? x.path) : []);
    } finally {
      setBusy(false);
    }
  }

  if (!status) return <Loading />;
  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('directoryTitle')}</h1>
      <p className="kern-body">{t('directoryIntro')}</p>
      <p className="kern-body" role="status" data-testid="directory-status">
        {status.loaded
          ? t('directoryLoaded', {
              fileName: status.fileName!,
              validOn: status.validOn!,
              municipalities: status.municipalities!,
              associations: status.associations!,
              encoding: status.encoding!,
            })
          : t('directoryNone')}
      </p>
      {lines.length > 0 && (
        <Alert tone="danger" title={general ?? ''}>
          <ul className="kern-list">
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <div className={`kern-form-input${errors.length ? ' kern-form-input--error' : ''}`}>
          <label className="kern-label" htmlFor="directory-file">
            {t('directoryFile')}
          </label>
          {errors[0] && (
            <p className="kern-error" id="directory-file-error">
              <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              <span>{errors[0].message}</span>
            </p>
          )}
          <input
            id="directory-file"
            type="file"
            accept=".txt,text/plain"
            className="kern-form-input__input"
            aria-describedby={errors.length ? 'directory-file-error' : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button disabled={busy}>{t('load')}</Button>
      </form>
    </>
  );
}
