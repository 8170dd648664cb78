import { useEffect, useState } from 'react';
import { Alert, StatusBadge } from '../../ui/components';
import { Button } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';
import { applyUpdate, checkForUpdate, onUpdateWaiting } from '../sw/register-sw';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Online/offline, what waits to be sent, last sync, progress, and anything that needs acting on. */
export function StatusBar() {
  const t = useT(kitMessages);
  const f = useFormat();
  const { online, pending, sync, session, phase } = useKit();
  const [updateWaiting, setUpdateWaiting] = useState(false);
  useEffect(() => onUpdateWaiting((w) => setUpdateWaiting(!!w)), []);
  const refusal = sync?.refusal?.code;
  useEffect(() => {
    if (refusal === 'KIT_VERSION_SKEW') void checkForUpdate();
  }, [refusal]);
  const record = sync?.record;
  const progress = sync?.progress;
  const offsetMinutes = record?.clockOffsetMs ? Math.round(record.clockOffsetMs / 60_000) : 0;
  return (
    <section className="bk-kit-status" aria-label={t('statusLabel')} data-testid="kit-status">
      <ul className="kern-list kern-list--horizontal bk-kit-status__list">
        <li>
          {online ? (
            <StatusBadge tone="success">{t('online')}</StatusBadge>
          ) : (
            <StatusBadge tone="warning">{t('offline')}</StatusBadge>
          )}
        </li>
        <li data-testid="kit-pending">
          {pending.commands > 0
            ? t('pending', { commands: pending.commands, size: formatBytes(pending.bytes) })
            : t('nothingPending')}
        </li>
        {pending.unresolved > 0 && (
          <li>
            <StatusBadge tone="danger">{t('unresolved', { n: pending.unresolved })}</StatusBadge>
          </li>
        )}
        {phase === 'unlocked' && (
          <li data-testid="kit-last-sync">
            {record?.lastSyncAt ? t('lastSync', { when: f.dateTime(record.lastSyncAt) }) : t('neverSynced')}
          </li>
        )}
        {sync?.syncing && (
          <li>
            <span role="status">{t('syncing')}</span>{' '}
            {progress?.phase === 'upload' && progress.uploadTotalBytes > 0 && (
              <progress
                max={progress.uploadTotalBytes}
                value={progress.uploadedBytes}
                aria-label={t('syncing')}
              />
            )}
            {progress?.phase === 'push' && t('progressPush', { n: progress.pushed })}
            {progress?.phase === 'pull' && t('progressPull', { n: progress.pulled })}
          </li>
        )}
      </ul>
      {refusal === 'KIT_REVOKED' && <Alert tone="danger" title={t('revoked')} role="alert" />}
      {(refusal === 'KIT_VERSION_SKEW' || updateWaiting) && (
        <Alert
          tone="warning"
          title={refusal === 'KIT_VERSION_SKEW' ? t('versionSkew') : t('updateReady')}
          role="alert"
        >
          {updateWaiting && (
            <Button type="button" variant="secondary" onClick={applyUpdate}>
              {t('updateNow')}
            </Button>
          )}
        </Alert>
      )}
      {phase === 'unlocked' && !session && online && (
        <p className="kern-body kern-body--small">{t('signInNeeded')}</p>
      )}
      {refusal && !['KIT_REVOKED', 'KIT_VERSION_SKEW'].includes(refusal) && record?.lastError && (
        <p className="kern-body kern-body--small">{t('syncError', { code: record.lastError })}</p>
      )}
      {!refusal && record?.lastError && online && (
        <p className="kern-body kern-body--small">{t('syncError', { code: record.lastError })}</p>
      )}
      {Math.abs(offsetMinutes) >= 5 && (
        <Alert tone="warning" title={t('clockOff', { minutes: Math.abs(offsetMinutes) })} />
      )}
    </section>
  );
}
