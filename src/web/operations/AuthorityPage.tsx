import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get, post } from '../ui/api';
import { Alert, BackLink, Loading, NotFoundPage, StatusBadge } from '../ui/components';
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
import type { AuthoritySummary } from './api';
import { opsMessages } from './messages';

interface ExportRow {
  id: string;
  fileName: string;
  bytes: number;
  sha256: string;
  createdAt: string;
}

/** /betrieb/behoerden/:id — suspend, resume, export, delete (with a dry run first). */
export default function AuthorityPage({ id }: { id: string }) {
  const t = useT(opsMessages);
  const c = useT(common);
  const [authority, setAuthority] = useState<AuthoritySummary | null>();
  const [exports, setExports] = useState<ExportRow[]>([]);
  const [note, setNote] = useState('');
  const [confirm, setConfirm] = useState('');
  const [preview, setPreview] = useState<Array<{ table: string; rows: number }>>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [deleted, setDeleted] = useState(false);
  const [busy, setBusy] = useState(false);
  usePageTitle(
    authority ? t('authorityTitle', { name: authority.name }) : t('authoritiesTitle'),
    errors.length > 0 || !!general,
  );

  const load = useCallback(async () => {
    const list = await get<{ authorities: AuthoritySummary[] }>('/api/operator/authorities');
    setAuthority(list.authorities.find((a) => a.id === id) ?? null);
    setExports((await get<{ exports: ExportRow[] }>(`/api/operator/exports?authorityId=${id}`)).exports);
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<unknown>, fields: Record<string, string> = {}) {
    setGeneral(undefined);
    setErrors([]);
    setMessage(undefined);
    setBusy(true);
    try {
      await fn();
      await load();
    } catch (error) {
      const mapped = formErrorsFrom(error, fields, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  if (deleted)
    return (
      <>
        <h1 className="kern-heading-large">{t('authoritiesTitle')}</h1>
        <Alert tone="success" title={t('deleted')} role="status" />
        <BackLink href="/betrieb/behoerden" />
      </>
    );
  if (authority === undefined) return <Loading />;
  if (authority === null) return <NotFoundPage home="/betrieb" />;

  function suspend(e: FormEvent) {
    e.preventDefault();
    if (note.trim().length < 3) {
      setErrors([{ fieldId: 'op-note', message: t('required', { field: t('note') }) }]);
      return;
    }
    void act(() => post(`/api/operator/authorities/${id}/suspend`, { note: note.trim() }), {
      '/note': 'op-note',
    });
  }

  function remove(e: FormEvent) {
    e.preventDefault();
    void act(
      async () => {
        await post(`/api/operator/authorities/${id}/delete`, { confirmSlug: confirm });
        setDeleted(true);
      },
      { '/confirmSlug': 'op-confirm' },
    );
  }

  return (
    <>
      <BackLink href="/betrieb/behoerden" />
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('authorityTitle', { name: authority.name })}</h1>
      <p className="kern-body">
        <span className="bk-mono">/{authority.slug}</span>{' '}
        {authority.status === 'active' ? (
          <StatusBadge tone="success">{t('statusActive')}</StatusBadge>
        ) : (
          <StatusBadge tone="danger">{t('statusSuspended')}</StatusBadge>
        )}
      </p>
      {message && <Alert tone="success" title={message} role="status" />}

      <section aria-labelledby="op-suspend-title">
        <h2 className="kern-heading-medium" id="op-suspend-title">
          {t('suspendTitle')}
        </h2>
        <p className="kern-body">{t('suspendIntro')}</p>
        {authority.status === 'active' ? (
          <form onSubmit={suspend} noValidate>
            <TextField
              id="op-note"
              label={t('note')}
              value={note}
              error={errorFor(errors, 'op-note')}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button disabled={busy}>{t('suspend')}</Button>
          </form>
        ) : (
          <>
            <p className="kern-body">{t('suspendedNote', { note: authority.statusNote ?? '' })}</p>
            <Button
              type="button"
              disabled={busy}
              onClick={() => void act(() => post(`/api/operator/authorities/${id}/resume`))}
            >
              {t('resume')}
            </Button>
          </>
        )}
      </section>

      <section aria-labelledby="op-export-title">
        <h2 className="kern-heading-medium" id="op-export-title">
          {t('exportTitle')}
        </h2>
        <p className="kern-body">{t('exportIntro')}</p>
        <Button
          type="button"
          variant="secondary"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const r = await post<ExportRow>(`/api/operator/authorities/${id}/exports`);
              setMessage(
                t('exportDone', { fileName: r.fileName, bytes: r.bytes, sha: r.sha256.slice(0, 16) }),
              );
            })
          }
        >
          {t('export')}
        </Button>
        {exports.length > 0 && (
          <ul className="kern-list">
            {exports.map((x) => (
              <li key={x.id}>
                <a className="kern-link" href={`/api/operator/exports/${x.id}/file`} download>
                  {t('download', { fileName: x.fileName })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="op-delete-title">
        <h2 className="kern-heading-medium" id="op-delete-title">
          {t('deleteTitle')}
        </h2>
        <Button
          type="button"
          variant="secondary"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const r = await get<{ tables: Array<{ table: string; rows: number }> }>(
                `/api/operator/authorities/${id}/deletion-preview`,
              );
              setPreview(r.tables.filter((x) => x.rows > 0));
            })
          }
        >
          {t('preview')}
        </Button>
        {preview && (
          <>
            <p className="kern-body">{t('deleteIntro')}</p>
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--small" data-testid="deletion-preview">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__cell" scope="col">
                      {t('table')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('rows')}
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {preview.map((p) => (
                    <tr className="kern-table__row" key={p.table}>
                      <td className="kern-table__cell bk-mono">{p.table}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{p.rows}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <form onSubmit={remove} noValidate>
              <TextField
                id="op-confirm"
                label={t('confirmSlug', { slug: authority.slug })}
                autoComplete="off"
                spellCheck={false}
                value={confirm}
                error={errorFor(errors, 'op-confirm')}
                onChange={(e) => setConfirm(e.target.value)}
              />
              <Button disabled={busy || confirm !== authority.slug}>{t('delete')}</Button>
            </form>
          </>
        )}
      </section>
    </>
  );
}
