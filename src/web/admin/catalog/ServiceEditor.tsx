import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  CONTENT_PROBLEM_MESSAGES,
  emptyServiceContent,
  type ServiceContent,
  validateServiceContent,
} from '../../../core/catalog/content';
import { type ContentChange, changeSection, diffContent } from '../../../core/catalog/diff';
import { ApiError } from '../../ui/api';
import { ServiceDetail } from '../../ui/catalog/ServiceDetail';
import { Alert, BackLink, Loading, StatusBadge } from '../../ui/components';
import { Button, ErrorSummary, errorFor, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { navigate } from '../../ui/router';
import './admin-catalog.css';
import { LandNotice } from '../land/LandNotice';
import { ContentForm } from './ContentForm';
import { type EditorService, editorApi } from './editor-api';
import { fieldIdForPath } from './field-ids';
import { catalogAdminMessages } from './messages';

/** What the editor sends: empty lines of line lists dropped (the form keeps them while typing). */
function tidy(c: ServiceContent): ServiceContent {
  return {
    ...c,
    prerequisites: c.prerequisites.map((s) => s.trim()).filter(Boolean),
    procedure: c.procedure.map((s) => s.trim()).filter(Boolean),
  };
}

function DiffTable({ changes }: { changes: ContentChange[] }) {
  const t = useT(catalogAdminMessages);
  if (changes.length === 0) return <p className="kern-body">{t('noChanges')}</p>;
  const label = (path: string) => {
    const section = changeSection(path);
    const rest = path.split('/').slice(2).join(' › ');
    const key = `section_${section}` as Parameters<typeof t>[0];
    return `${t(key)}${rest ? ` › ${rest}` : ''}`;
  };
  return (
    <div className="kern-table-responsive">
      <table className="kern-table kern-table--striped bk-diff">
        <thead className="kern-table__header">
          <tr className="kern-table__row">
            <th className="kern-table__cell" scope="col">
              {t('colField')}
            </th>
            <th className="kern-table__cell" scope="col">
              {t('colBefore')}
            </th>
            <th className="kern-table__cell" scope="col">
              {t('colAfter')}
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {changes.map((ch) => (
            <tr className="kern-table__row" key={ch.path}>
              <th className="kern-table__cell" scope="row">
                {label(ch.path)}
              </th>
              <td className="kern-table__cell">{ch.before !== null && <del>{ch.before}</del>}</td>
              <td className="kern-table__cell">{ch.after !== null && <ins>{ch.after}</ins>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * /admin/katalog/neu and /admin/katalog/<id>: the editor. Same rules as the API (checked before
 * saving and again on the server), preview, publish with a note, history with differences,
 * synonyms.
 */
export default function ServiceEditor({ id }: { id: string | null }) {
  const t = useT(catalogAdminMessages);
  const c = useT(common);
  const { locale } = useLocale();
  const fmt = useFormat();
  const [service, setService] = useState<EditorService | null>(null);
  const [content, setContent] = useState<ServiceContent>(emptyServiceContent);
  const [formKey, setFormKey] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [loadFailed, setLoadFailed] = useState(false);
  const [preview, setPreview] = useState(false);
  const [changeNote, setChangeNote] = useState('');
  const [diff, setDiff] = useState<{ title: string; changes: ContentChange[] } | null>(null);
  const [term, setTerm] = useState('');
  const [termError, setTermError] = useState<string>();
  const invalid = useRef(new Set<string>());
  const name = service ? (service.draft ?? service.published?.content)?.name.de : undefined;
  usePageTitle(id ? t('editTitle', { name: name ?? '' }) : t('editTitleNew'), errors.length > 0 || !!general);

  const adopt = useCallback((s: EditorService) => {
    setService(s);
    setContent(s.draft ?? s.published?.content ?? emptyServiceContent());
    setFormKey((k) => k + 1);
    setDirty(false);
    invalid.current.clear();
  }, []);

  useEffect(() => {
    if (!id) return;
    editorApi
      .load(id)
      .then(adopt)
      .catch(() => setLoadFailed(true));
  }, [id, adopt]);

  function problemsToErrors(problems: { path: string; message: string }[]): FormError[] {
    return problems.map((p) => ({ fieldId: fieldIdForPath(p.path), message: p.message }));
  }

  function check(): ServiceContent | null {
    setNotice(undefined);
    setGeneral(undefined);
    const local: FormError[] = [...invalid.current].map((fieldId) => ({
      fieldId,
      message: t('amountInvalid'),
    }));
    const tidied = tidy(content);
    const problems = validateServiceContent({
      ...tidied,
      leikaKey: tidied.leikaKey?.replace(/\s+/g, '') ?? null,
    });
    local.push(
      ...problemsToErrors(
        problems.map((p) => ({ path: p.path, message: CONTENT_PROBLEM_MESSAGES[p.code][locale] })),
      ),
    );
    setErrors(local);
    return local.length ? null : tidied;
  }

  function apiFailure(error: unknown) {
    if (error instanceof ApiError) {
      const fieldProblems = error.errors
        .filter((e) => e.message)
        .map((e) => ({ path: e.path.replace(/^\/content/, ''), message: e.message! }));
      setErrors(problemsToErrors(fieldProblems));
      setGeneral(error.detail);
    } else setGeneral(c('genericError'));
  }

  async function save(e?: FormEvent): Promise<EditorService | null> {
    e?.preventDefault();
    const tidied = check();
    if (!tidied) return null;
    try {
      const saved = id
        ? await editorApi.save(id, tidied, service?.draftRevision ?? 0)
        : await editorApi.create(tidied);
      if (!id) {
        navigate(`/admin/katalog/${saved.id}`, { replace: true });
        return saved;
      }
      adopt(saved);
      setNotice(t('saved'));
      return saved;
    } catch (error) {
      apiFailure(error);
      return null;
    }
  }

  async function publish(e: FormEvent) {
    e.preventDefault();
    if (!id || !service) return;
    let current: EditorService | null = service;
    if (dirty) current = await save();
    if (!current) return;
    if (!current.draft) {
      setGeneral(t('nothingToPublish'));
      return;
    }
    try {
      const published = await editorApi.publish(id, current.draftRevision, changeNote);
      adopt(published);
      setChangeNote('');
      setDiff(null);
      setNotice(t('published', { version: published.published?.version ?? 0 }));
    } catch (error) {
      apiFailure(error);
    }
  }

  async function discard() {
    if (!id) return;
    try {
      const r = await editorApi.discard(id);
      if (r.deleted) navigate('/admin/katalog');
      else {
        adopt(await editorApi.load(id));
        setNotice(t('discarded'));
      }
    } catch (error) {
      apiFailure(error);
    }
  }

  async function showVersionDiff(version: number) {
    if (!id) return;
    const after = await editorApi.version(id, version);
    const before = version > 1 ? (await editorApi.version(id, version - 1)).content : null;
    setDiff({ title: t('diffTitle', { version }), changes: diffContent(before, after.content) });
  }

  async function addSynonym(e: FormEvent) {
    e.preventDefault();
    if (!id) return;
    if (!term.trim()) {
      setTermError(t('synonymMissing'));
      return;
    }
    try {
      await editorApi.addSynonym(id, term);
      setTerm('');
      setTermError(undefined);
      const fresh = await editorApi.load(id);
      setService((s) => (s ? { ...s, synonyms: fresh.synonyms } : fresh));
    } catch (error) {
      setTermError(error instanceof ApiError ? (error.field('/term') ?? error.detail) : c('genericError'));
    }
  }

  async function removeSynonym(synonymId: string) {
    if (!id) return;
    await editorApi.removeSynonym(synonymId).catch(apiFailure);
    const fresh = await editorApi.load(id);
    setService((s) => (s ? { ...s, synonyms: fresh.synonyms } : fresh));
  }

  if (id && loadFailed) return <Alert tone="danger" title={t('loadError')} />;
  if (id && !service) return <Loading />;

  const status = !service?.published ? 'draft' : service.draft ? 'changed' : 'published';

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <BackLink href="/admin/katalog" />
      <h1 className="kern-heading-large">{id ? t('editTitle', { name: name ?? '' }) : t('editTitleNew')}</h1>
      {service && (
        <p className="kern-body">
          <StatusBadge tone={status === 'published' ? 'success' : status === 'changed' ? 'warning' : 'info'}>
            {t(`status_${status}`)}
          </StatusBadge>{' '}
          {service.draft && service.draftUpdatedAt
            ? t('draftStatus', {
                date: fmt.dateTime(service.draftUpdatedAt),
                by: service.draftUpdatedBy ?? '–',
              })
            : ''}
        </p>
      )}
      {service?.land && <LandNotice land={service.land} />}
      {notice && <Alert tone="success" title={notice} role="status" />}

      <form className="bk-editor-form" onSubmit={(e) => void save(e)} noValidate>
        <ContentForm
          key={formKey}
          content={content}
          onChange={(next) => {
            setContent(next);
            setDirty(true);
          }}
          errors={errors}
          onValidity={(fieldId, valid) => {
            if (valid) invalid.current.delete(fieldId);
            else invalid.current.add(fieldId);
          }}
        />
        <div className="bk-actions">
          <Button type="submit">{t('save')}</Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => setPreview((p) => !p)}
            aria-expanded={preview}
          >
            {preview ? t('hidePreview') : t('preview')}
          </Button>
          {service?.draft && (
            <Button type="button" variant="tertiary" onClick={() => void discard()}>
              {t('discard')}
            </Button>
          )}
        </div>
      </form>

      {preview && (
        <section aria-labelledby="preview-title" className="bk-preview">
          <h2 className="kern-heading-medium" id="preview-title">
            {t('previewTitle')}
          </h2>
          <div className="bk-preview__frame">
            <p className="kern-heading-large" aria-hidden="true">
              {content.name[locale]}
            </p>
            <ServiceDetail
              serviceId={id}
              content={tidy(content)}
              office={null}
              version={null}
              publishedAt={null}
              variant="preview"
              calcErrors={[]}
              onCalcErrors={() => {}}
            />
          </div>
        </section>
      )}

      {id && service && (
        <section aria-labelledby="publish-title">
          <h2 className="kern-heading-medium" id="publish-title">
            {t('publishTitle')}
          </h2>
          {service.draft && service.published && (
            <p className="kern-body">
              <button
                type="button"
                className="kern-btn kern-btn--tertiary"
                onClick={() =>
                  setDiff({
                    title: t('diffDraftTitle'),
                    changes: diffContent(service.published!.content, tidy(content)),
                  })
                }
              >
                <span className="kern-label">{t('showDraftDiff')}</span>
              </button>
            </p>
          )}
          {!service.draft && !dirty ? (
            <p className="kern-body">{t('nothingToPublish')}</p>
          ) : (
            <form className="bk-form" onSubmit={(e) => void publish(e)} noValidate>
              <TextField
                id="change-note"
                label={t('changeNote')}
                hint={t('changeNoteHint')}
                optional
                maxLength={500}
                value={changeNote}
                onChange={(e) => setChangeNote(e.target.value)}
              />
              <div>
                <Button type="submit">{t('publish')}</Button>
              </div>
            </form>
          )}
        </section>
      )}

      {id && service && (
        <section aria-labelledby="history-title">
          <h2 className="kern-heading-medium" id="history-title">
            {t('historyTitle')}
          </h2>
          {service.versions.length === 0 ? (
            <p className="kern-body">{t('historyNone')}</p>
          ) : (
            <div className="kern-table-responsive">
              <table className="kern-table">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__cell" scope="col">
                      {t('colVersion')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colPublished')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colBy')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colNote')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colActions')}
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {service.versions.map((v) => (
                    <tr className="kern-table__row" key={v.version}>
                      <td className="kern-table__cell">{v.version}</td>
                      <td className="kern-table__cell">{fmt.dateTime(v.publishedAt)}</td>
                      <td className="kern-table__cell">{v.publishedBy ?? '–'}</td>
                      <td className="kern-table__cell">{v.changeNote ?? '–'}</td>
                      <td className="kern-table__cell">
                        <button
                          type="button"
                          className="kern-btn kern-btn--tertiary kern-btn--small"
                          onClick={() => void showVersionDiff(v.version)}
                        >
                          <span className="kern-label">{t('showDiff', { version: v.version })}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {diff && (
            <section aria-labelledby="diff-title">
              <h3 className="kern-heading-small" id="diff-title">
                {diff.title}
              </h3>
              <DiffTable changes={diff.changes} />
            </section>
          )}
        </section>
      )}

      <section aria-labelledby="synonyms-title">
        <h2 className="kern-heading-medium" id="synonyms-title">
          {t('synonymsTitle')}
        </h2>
        <p className="kern-body">{t('synonymsLead')}</p>
        {!id || !service ? (
          <p className="kern-body">{t('synonymsNeedsSave')}</p>
        ) : (
          <>
            <ul className="bk-synonyms">
              {service.synonyms.map((s) => (
                <li key={s.id}>
                  <span>{s.term}</span>
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--small"
                    aria-label={t('removeSynonym', { term: s.term })}
                    onClick={() => void removeSynonym(s.id)}
                  >
                    <span className="kern-icon kern-icon--close kern-icon--small" aria-hidden="true" />
                    <span className="kern-label">{t('remove')}</span>
                  </button>
                </li>
              ))}
            </ul>
            <form className="bk-search-row" onSubmit={(e) => void addSynonym(e)} noValidate>
              <TextField
                id="synonym-term"
                label={t('synonymTerm')}
                maxLength={80}
                value={term}
                error={termError ?? errorFor(errors, 'synonym-term')}
                onChange={(e) => setTerm(e.target.value)}
              />
              <Button type="submit" variant="secondary">
                {t('addSynonym')}
              </Button>
            </form>
          </>
        )}
      </section>
    </>
  );
}
