import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, get, post, put } from '../../ui/api';
import { Alert, Loading } from '../../ui/components';
import { Button, ChoiceGroup, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { hasAnyRole, useSession } from '../../ui/session';
import { invitationMessages } from './messages';

interface Settings {
  enabled: boolean;
  windowDays: number | null;
  effectiveWindowDays: number;
  defaultWindowDays: number;
}
interface Run {
  id: string;
  month: string;
  scheduled: boolean;
  today: string;
  windowDays: number;
  prepared: number;
  letters: number;
  mails: number;
  blocked: number;
  alreadyInvited: number;
  startedAt: string;
}
type Reason =
  | 'not_invitable'
  | 'outside_window'
  | 'not_resident'
  | 'deceased'
  | 'no_main_residence'
  | 'renewal_pending'
  | 'no_office_day';
interface Counts {
  today: string;
  windowDays: number;
  prepared: number;
  letters: number;
  mails: number;
  blocked: number;
  alreadyInvited: number;
  excluded: Record<Reason, number>;
}

const REASONS: Reason[] = [
  'no_office_day',
  'not_resident',
  'deceased',
  'no_main_residence',
  'renewal_pending',
  'not_invitable',
  'outside_window',
];

/**
 * /admin/einladungen (#14): the opt-in and window (admins change them), a dry run, "prepare now",
 * the last runs with counts and the serial letter of each run. Names never appear on the page;
 * the PDF download is audited per person by the server.
 */
export default function InvitationsPage() {
  const t = useT(invitationMessages);
  const f = useFormat();
  const { session } = useSession();
  const isAdmin = hasAnyRole(session, ['admin']);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [runs, setRuns] = useState<Run[]>([]);
  const [enabled, setEnabled] = useState(false);
  const [windowText, setWindowText] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState<(Counts & { enabled: boolean }) | null>(null);
  const [prepared, setPrepared] = useState<Counts | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('title'), errors.length > 0 || !!general);

  async function load() {
    const data = await get<{ settings: Settings; runs: Run[] }>('/api/invitations');
    setSettings(data.settings);
    setEnabled(data.settings.enabled);
    setWindowText(data.settings.windowDays === null ? '' : String(data.settings.windowDays));
    setRuns(data.runs);
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    void load();
  }, []);

  const fail = (error: unknown) => {
    setGeneral(error instanceof ApiError ? error.detail : t('genericError'));
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setGeneral(undefined);
    const raw = windowText.trim();
    const windowDays = raw === '' ? null : Number(raw);
    if (windowDays !== null && (!/^\d+$/.test(raw) || windowDays < 14 || windowDays > 365)) {
      setErrors([{ fieldId: 'invitation-window', message: t('windowInvalid') }]);
      return;
    }
    setErrors([]);
    try {
      const next = await put<Settings>('/api/invitations/settings', { enabled, windowDays });
      setSettings(next);
      setSaved(true);
      setPreview(null);
    } catch (error) {
      if (error instanceof ApiError && error.errors.some((x) => x.path === '/windowDays'))
        setErrors([{ fieldId: 'invitation-window', message: t('windowInvalid') }]);
      else fail(error);
    }
  }

  async function runPreview() {
    setGeneral(undefined);
    setBusy(true);
    try {
      setPreview(await get<Counts & { enabled: boolean }>('/api/invitations/preview'));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function prepareNow() {
    if (busy) return;
    setGeneral(undefined);
    setPrepared(null);
    setBusy(true);
    try {
      setPrepared(await post<Counts & { runId: string }>('/api/invitations/runs'));
      setPreview(null);
      await load();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <ErrorSummary errors={errors} general={general} />
      {!settings && <Loading />}
      {settings && (
        <>
          <section aria-labelledby="invitation-settings">
            <h2 className="kern-heading-medium" id="invitation-settings">
              {t('settingsTitle')}
            </h2>
            <p className="kern-body" data-testid="invitation-state">
              {settings.enabled ? t('stateOn', { days: settings.effectiveWindowDays }) : t('stateOff')}
            </p>
            {isAdmin ? (
              <form onSubmit={save} noValidate>
                <ChoiceGroup
                  id="invitation-enabled"
                  name="enabled"
                  type="checkbox"
                  legend={t('enabledLegend')}
                  hint={t('enabledHint')}
                  options={[{ value: 'on', label: t('enabledLabel') }]}
                  value={enabled ? ['on'] : []}
                  onChange={(v) => setEnabled(v.includes('on'))}
                />
                <TextField
                  id="invitation-window"
                  label={t('windowLabel')}
                  hint={t('windowHint', { days: settings.defaultWindowDays })}
                  optional
                  inputMode="numeric"
                  width={4}
                  value={windowText}
                  onChange={(e) => setWindowText(e.target.value)}
                  error={errors.find((x) => x.fieldId === 'invitation-window')?.message}
                />
                <Button>{t('save')}</Button>
                {saved && (
                  <div role="status">
                    <Alert tone="success" title={t('saved')} />
                  </div>
                )}
              </form>
            ) : (
              <p className="kern-body">{t('stateNote')}</p>
            )}
          </section>

          <section aria-labelledby="invitation-preview">
            <h2 className="kern-heading-medium" id="invitation-preview">
              {t('previewTitle')}
            </h2>
            <p className="kern-body">{t('previewText')}</p>
            <Button type="button" variant="secondary" onClick={runPreview}>
              {t('previewButton')}
            </Button>
            <div role="status" data-testid="invitation-preview-result">
              {preview && (
                <>
                  <p className="kern-body">
                    {t('previewResult', {
                      date: f.shortDate(preview.today),
                      prepared: preview.prepared,
                      letters: preview.letters,
                      mails: preview.mails,
                      days: preview.windowDays,
                    })}
                  </p>
                  <p className="kern-body">
                    {t('previewDetails', { already: preview.alreadyInvited, blocked: preview.blocked })}
                  </p>
                  {!preview.enabled && <p className="kern-body">{t('previewDisabled')}</p>}
                </>
              )}
            </div>
            {preview && (
              <div className="kern-table-responsive">
                <table className="kern-table kern-table--small">
                  <caption className="kern-title kern-title--small">{t('excludedCaption')}</caption>
                  <thead className="kern-table__header">
                    <tr className="kern-table__row">
                      <th className="kern-table__cell" scope="col">
                        {t('excludedReason')}
                      </th>
                      <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                        {t('excludedCount')}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="kern-table__body">
                    {REASONS.map((r) => (
                      <tr className="kern-table__row" key={r}>
                        <th className="kern-table__cell" scope="row">
                          {t(`excluded_${r}`)}
                        </th>
                        <td className="kern-table__cell kern-table__cell--numeric">{preview.excluded[r]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {settings.enabled && (
            <section aria-labelledby="invitation-prepare">
              <h2 className="kern-heading-medium" id="invitation-prepare">
                {t('prepareTitle')}
              </h2>
              <p className="kern-body">{t('prepareText')}</p>
              <Button type="button" onClick={prepareNow} aria-disabled={busy || undefined}>
                {t('prepareButton')}
              </Button>
              <div role="status" data-testid="invitation-prepared">
                {prepared && (
                  <Alert
                    tone="success"
                    title={t('prepared', {
                      prepared: prepared.prepared,
                      letters: prepared.letters,
                      mails: prepared.mails,
                    })}
                  />
                )}
              </div>
            </section>
          )}

          <section aria-labelledby="invitation-runs">
            <h2 className="kern-heading-medium" id="invitation-runs">
              {t('runsTitle')}
            </h2>
            {runs.length === 0 ? (
              <p className="kern-body">{t('noRuns')}</p>
            ) : (
              <>
                <p className="kern-body">{t('downloadNote')}</p>
                <div className="kern-table-responsive">
                  <table className="kern-table kern-table--striped">
                    <caption className="kern-title kern-title--small">{t('runsCaption')}</caption>
                    <thead className="kern-table__header">
                      <tr className="kern-table__row">
                        <th className="kern-table__cell" scope="col">
                          {t('colStarted')}
                        </th>
                        <th className="kern-table__cell" scope="col">
                          {t('colKind')}
                        </th>
                        <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                          {t('colPrepared')}
                        </th>
                        <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                          {t('colLetters')}
                        </th>
                        <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                          {t('colMails')}
                        </th>
                        <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                          {t('colBlocked')}
                        </th>
                        <th className="kern-table__cell" scope="col">
                          {t('colDownload')}
                        </th>
                      </tr>
                    </thead>
                    <tbody className="kern-table__body">
                      {runs.map((run) => (
                        <tr className="kern-table__row" key={run.id} data-run={run.id}>
                          <th className="kern-table__cell" scope="row">
                            {f.dateTime(run.startedAt)}
                          </th>
                          <td className="kern-table__cell">
                            {run.scheduled ? t('kindScheduled') : t('kindManual')}
                          </td>
                          <td className="kern-table__cell kern-table__cell--numeric">{run.prepared}</td>
                          <td className="kern-table__cell kern-table__cell--numeric">{run.letters}</td>
                          <td className="kern-table__cell kern-table__cell--numeric" data-testid="run-mails">
                            {run.mails}
                          </td>
                          <td className="kern-table__cell kern-table__cell--numeric">{run.blocked}</td>
                          <td className="kern-table__cell">
                            {run.letters > 0 ? (
                              <a
                                className="kern-link"
                                href={`/api/invitations/runs/${run.id}/letters.pdf`}
                                download
                              >
                                {t('download')}
                                <span className="kern-sr-only">
                                  {' '}
                                  {t('downloadLabel', { date: f.dateTime(run.startedAt) })}
                                </span>
                              </a>
                            ) : (
                              t('noLetters')
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
