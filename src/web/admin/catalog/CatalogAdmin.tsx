import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../ui/api';
import { useCatalogSearch } from '../../ui/catalog/use-catalog-search';
import { Alert, Loading, StatusBadge } from '../../ui/components';
import { Button, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link } from '../../ui/router';
import './admin-catalog.css';
import { type EditorListItem, editorApi, type ImportOutcome, type Miss } from './editor-api';
import { catalogAdminMessages } from './messages';

interface ImportProblemEntry {
  entry: number;
  slug: string | null;
  errors: { path: string; message?: string }[];
}

/** /admin/katalog: all services with their status, export and import, and searches without result. */
export default function CatalogAdmin() {
  const t = useT(catalogAdminMessages);
  const c = useT(common);
  const fmt = useFormat();
  const [services, setServices] = useState<EditorListItem[] | null>(null);
  const [misses, setMisses] = useState<Miss[] | null>(null);
  const [filter, setFilter] = useState('');
  const [publish, setPublish] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [entryProblems, setEntryProblems] = useState<ImportProblemEntry[]>([]);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const search = useCatalogSearch('admin', 200, 50);
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const load = useCallback(() => {
    void editorApi.list().then(setServices);
    void editorApi.misses().then(setMisses);
  }, []);
  useEffect(load, [load]);

  async function runImport(e: FormEvent) {
    e.preventDefault();
    setOutcome(null);
    setEntryProblems([]);
    setGeneral(undefined);
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setErrors([{ fieldId: 'import-file', message: t('importNoFile') }]);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await file.text());
    } catch {
      setErrors([{ fieldId: 'import-file', message: t('importNotJson') }]);
      return;
    }
    setErrors([]);
    try {
      setOutcome(await editorApi.import({ ...body, publish }));
      load();
    } catch (error) {
      if (error instanceof ApiError) {
        setGeneral(error.detail);
        setEntryProblems((error.body.entries as ImportProblemEntry[] | undefined) ?? []);
      } else setGeneral(c('genericError'));
    }
  }

  const importError = errors.find((e) => e.fieldId === 'import-file')?.message;
  // The filter uses the citizens' search (so editors see what people find, in that order) and adds
  // the drafts that are not published yet, matched by name.
  const needle = filter.trim().toLowerCase();
  const ranked = search.response && needle.length >= 2 ? search.response.results.map((r) => r.id) : null;
  const byName = (s: EditorListItem) => s.name.toLowerCase().includes(needle) || s.slug.includes(needle);
  const shown = !needle
    ? (services ?? [])
    : ranked
      ? [
          ...ranked
            .map((id) => (services ?? []).find((s) => s.id === id))
            .filter((s): s is EditorListItem => !!s),
          ...(services ?? []).filter((s) => !ranked.includes(s.id) && byName(s)),
        ]
      : (services ?? []).filter(byName);

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <p>
        <Link className="kern-btn kern-btn--primary" href="/admin/katalog/neu">
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">{t('newService')}</span>
        </Link>
      </p>

      <section aria-labelledby="catalog-list-title">
        <h2 className="kern-heading-medium" id="catalog-list-title">
          {t('title')}
        </h2>
        <div className="bk-form">
          <TextField
            id="catalog-filter"
            type="search"
            label={t('filter')}
            autoComplete="off"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              search.type(e.target.value);
            }}
          />
        </div>
        {!services ? (
          <Loading />
        ) : (
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--striped">
              <thead className="kern-table__header">
                <tr className="kern-table__row">
                  <th className="kern-table__cell" scope="col">
                    {t('colName')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colSlug')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colStatus')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colVersion')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colActions')}
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {shown.map((s) => (
                  <tr className="kern-table__row" key={s.id}>
                    <td className="kern-table__cell">{s.name}</td>
                    <td className="kern-table__cell bk-mono">{s.slug}</td>
                    <td className="kern-table__cell">
                      <StatusBadge
                        tone={
                          s.status === 'published' ? 'success' : s.status === 'changed' ? 'warning' : 'info'
                        }
                      >
                        {t(`status_${s.status}`)}
                      </StatusBadge>
                    </td>
                    <td className="kern-table__cell">{s.publishedVersion ?? '–'}</td>
                    <td className="kern-table__cell">
                      <Link
                        className="kern-link"
                        href={`/admin/katalog/${s.id}`}
                        aria-label={`${t('edit')}: ${s.name}`}
                      >
                        {t('edit')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="transfer-title">
        <h2 className="kern-heading-medium" id="transfer-title">
          {t('exportTitle')}
        </h2>
        <ul className="kern-list">
          <li>
            <a className="kern-link" href="/api/catalog/editor/export.json" download>
              <span className="kern-icon kern-icon--download kern-icon--small" aria-hidden="true" />
              {t('exportJson')}
            </a>
          </li>
          <li>
            <a className="kern-link" href="/api/catalog/editor/export.csv" download>
              <span className="kern-icon kern-icon--download kern-icon--small" aria-hidden="true" />
              {t('exportCsv')}
            </a>
          </li>
        </ul>
        <form className="bk-form" onSubmit={(e) => void runImport(e)} noValidate>
          <div className={`kern-form-input${importError ? ' kern-form-input--error' : ''}`}>
            <label className="kern-label" htmlFor="import-file">
              {t('importFile')}
            </label>
            <div className="kern-hint" id="import-file-hint">
              {t('importHint')}
            </div>
            <input
              id="import-file"
              type="file"
              accept="application/json,.json"
              className="kern-form-input__input"
              ref={fileRef}
              aria-describedby={importError ? 'import-file-hint import-file-error' : 'import-file-hint'}
              aria-invalid={importError ? true : undefined}
            />
            {importError && (
              <p className="kern-error" id="import-file-error">
                <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
                <span>{importError}</span>
              </p>
            )}
          </div>
          <div className="kern-form-check">
            <input
              className="kern-form-check__checkbox"
              type="checkbox"
              id="import-publish"
              checked={publish}
              onChange={(e) => setPublish(e.target.checked)}
            />
            <label className="kern-label" htmlFor="import-publish">
              {t('importPublish')}
            </label>
          </div>
          <div>
            <Button type="submit" variant="secondary">
              {t('importButton')}
            </Button>
          </div>
        </form>
        {outcome && <Alert tone="success" title={t('importDone', { ...outcome })} role="status" />}
        {entryProblems.length > 0 && (
          <ul className="kern-list bk-import-problems">
            {entryProblems.flatMap((p) =>
              p.errors.map((e) => (
                <li key={`${p.entry}${e.path}`}>
                  {t('importEntry', {
                    entry: p.entry,
                    slug: p.slug ?? '–',
                    message: `${e.message ?? ''} (${e.path})`,
                  })}
                </li>
              )),
            )}
          </ul>
        )}
      </section>

      <section aria-labelledby="misses-title">
        <h2 className="kern-heading-medium" id="misses-title">
          {t('missesTitle')}
        </h2>
        <p className="kern-body">{t('missesLead')}</p>
        {!misses ? (
          <Loading />
        ) : misses.length === 0 ? (
          <p className="kern-body">{t('missesNone')}</p>
        ) : (
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--striped">
              <thead className="kern-table__header">
                <tr className="kern-table__row">
                  <th className="kern-table__cell" scope="col">
                    {t('colQuery')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colCount')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colLastDay')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colChannels')}
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {misses.map((m) => (
                  <tr className="kern-table__row" key={m.query}>
                    <td className="kern-table__cell">{m.query}</td>
                    <td className="kern-table__cell">{m.count}</td>
                    <td className="kern-table__cell">{fmt.shortDate(m.lastDay)}</td>
                    <td className="kern-table__cell">{m.channels.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
