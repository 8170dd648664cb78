import { useEffect, useState } from 'react';
import type { VideoQueueEntry } from '../../../core/video/protocol';
import { ApiError, post } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import { ErrorSummary, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { DeskCall } from './DeskCall';
import { useLobby } from './lobby';
import { deskVideoMessages } from './messages';

/** Minutes:seconds since an instant, ticking. */
function useSince(): (iso: string) => string {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (iso) => {
    const s = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
}

/**
 * /desk/videoberatung (#11): the callers waiting at the terminals (place, wait so far, booked or
 * walk-in, language), "Anruf annehmen", then the call with the form push, the pictures from the
 * document camera, the invitation of a third person and the case of the call.
 */
export default function VideoDeskPage() {
  const t = useT(deskVideoMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const since = useSince();
  const lobby = useLobby();
  const [callId, setCallId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string>();
  usePageTitle(t('title'), !!failure);

  if (callId) return <DeskCall callId={callId} onClose={() => setCallId(null)} />;

  const waiting = lobby.calls.filter((c) => c.status === 'waiting');
  const active = lobby.calls.filter((c) => c.status === 'active');

  async function accept(call: VideoQueueEntry) {
    setFailure(undefined);
    try {
      await post(`/api/video/calls/${call.id}/accept`);
      setCallId(call.id);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.detail : String(error));
    }
  }

  const kind = (c: VideoQueueEntry) =>
    c.booking
      ? t('booked', {
          time: f.time(c.booking.startsAt),
          services: c.booking.services.map((s) => s[locale]).join(', '),
        })
      : t('walkIn');

  return (
    <>
      <ErrorSummary errors={[]} general={failure} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <p className="kern-body" role="status" data-testid="lobby-status">
        {lobby.connected ? (
          <StatusBadge tone="success">{t('reachable')}</StatusBadge>
        ) : (
          <StatusBadge tone="warning">{t('unreachable')}</StatusBadge>
        )}
      </p>
      <h2 className="kern-heading-medium">{t('waitingTitle')}</h2>
      {waiting.length === 0 ? (
        <p className="kern-body" data-testid="lobby-empty">
          {t('noneWaiting')}
        </p>
      ) : (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped" data-testid="lobby-waiting">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__cell">
                  {t('colLocation')}
                </th>
                <th scope="col" className="kern-table__cell">
                  {t('colWait')}
                </th>
                <th scope="col" className="kern-table__cell">
                  {t('colKind')}
                </th>
                <th scope="col" className="kern-table__cell">
                  {t('colLanguage')}
                </th>
                <th scope="col" className="kern-table__cell">
                  {t('colAction')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {waiting.map((c) => (
                <tr className="kern-table__row" key={c.id}>
                  <td className="kern-table__cell">
                    {c.locationName} {!c.terminalConnected && t('terminalGone')}
                  </td>
                  <td className="kern-table__cell bk-mono">{since(c.requestedAt)}</td>
                  <td className="kern-table__cell">{kind(c)}</td>
                  <td className="kern-table__cell">{t(`language_${c.locale}`)}</td>
                  <td className="kern-table__cell">
                    <button
                      type="button"
                      className="kern-btn kern-btn--primary"
                      aria-label={t('acceptLabel', { location: c.locationName })}
                      onClick={() => void accept(c)}
                      data-testid="accept-call"
                    >
                      <span className="kern-label">{t('accept')}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {active.length > 0 && (
        <>
          <h2 className="kern-heading-medium">{t('inProgressTitle')}</h2>
          <ul className="kern-list">
            {active.map((c) => (
              <li key={c.id}>
                {t('inProgress', { location: c.locationName, name: c.acceptedByName ?? '–' })}{' '}
                {c.mine && (
                  <button
                    type="button"
                    className="kern-btn kern-btn--secondary kern-btn--small"
                    onClick={() => setCallId(c.id)}
                  >
                    <span className="kern-label">{t('resume')}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {!lobby.connected && lobby.calls.length === 0 && <Alert tone="info" title={t('unreachable')} />}
    </>
  );
}
