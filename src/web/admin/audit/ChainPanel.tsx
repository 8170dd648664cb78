import { useEffect, useState } from 'react';
import { get } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import { Button } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { auditMessages, reasonKey } from './messages';

interface ChainStatus {
  linked: number;
  pending: number;
  oldestPendingAt: string | null;
  lastLinkedAt: string | null;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  hmacKeyId: string;
  signingKeys: { id: string; current: boolean }[];
  retentionYears: number;
  checkpointMinutes: number;
  checkpoints: {
    seq: number;
    hash: string;
    rows: number;
    at: string;
    key: string;
    signatureValid: boolean;
  }[];
}

export interface Verification {
  intact: boolean;
  rows: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  problems: { seq: number | null; reason: string }[];
  erased: number;
  pending: number;
  checkpoints: { total: number; matched: number; fileExists: boolean };
}

/**
 * The audit chain for auditors (ADR 15): how far it is linked and how far behind, the signed
 * checkpoints outside the database, the keys, and the result of a full verification.
 */
export function ChainPanel({ onError }: { onError(error: unknown): void }) {
  const t = useT(auditMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 });
  const [status, setStatus] = useState<ChainStatus>();
  const [verification, setVerification] = useState<Verification>();
  const [checking, setChecking] = useState(false);

  async function load() {
    try {
      setStatus(await get<ChainStatus>('/api/audit/chain'));
    } catch (error) {
      onError(error);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on open
  useEffect(() => {
    void load();
  }, []);

  async function verify() {
    setChecking(true);
    try {
      setVerification(await get<Verification>('/api/audit/verify'));
      await load();
    } catch (error) {
      onError(error);
    } finally {
      setChecking(false);
    }
  }

  const seconds = (ms: number | null) =>
    ms === null ? '–' : (ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 });

  return (
    <section aria-labelledby="chain-title">
      <h2 className="kern-heading-medium" id="chain-title">
        {t('chainTitle')}
      </h2>
      <p className="kern-body">{t('chainLead')}</p>
      <div className="bk-actions">
        <Button type="button" variant="secondary" onClick={() => void verify()}>
          {checking ? t('verifying') : t('verify')}
        </Button>
      </div>
      {verification &&
        (verification.intact ? (
          <Alert tone="success" title={t('intact', { rows: verification.rows })} role="status">
            <p className="kern-body">
              {t('intactDetail', {
                erased: verification.erased,
                pending: verification.pending,
                matched: verification.checkpoints.matched,
                total: verification.checkpoints.total,
              })}
            </p>
          </Alert>
        ) : (
          <Alert
            tone="danger"
            title={t('broken', {
              seq: verification.firstBrokenSeq ?? '–',
              reason: verification.reason ? t(reasonKey(verification.reason)) : '',
            })}
            role="alert"
          >
            <ul className="kern-list">
              {verification.problems.map((p) => (
                <li key={`${p.seq}-${p.reason}`}>
                  {t('problem', { seq: p.seq ?? '–', reason: t(reasonKey(p.reason)) })}
                </li>
              ))}
            </ul>
          </Alert>
        ))}
      {status && (
        <>
          <dl className="bk-facts" data-testid="chain-status">
            <dt>{t('linked')}</dt>
            <dd>{number.format(status.linked)}</dd>
            <dt>{t('pending')}</dt>
            <dd>
              {status.pending === 0 ? (
                <StatusBadge tone="success">{t('pendingNone')}</StatusBadge>
              ) : (
                <StatusBadge tone="warning">
                  {t('pendingSome', {
                    pending: status.pending,
                    since: status.oldestPendingAt ? f.dateTime(status.oldestPendingAt) : '–',
                  })}
                </StatusBadge>
              )}
            </dd>
            <dt>{t('lag')}</dt>
            <dd>{t('lagValue', { p50: seconds(status.lagP50Ms), p99: seconds(status.lagP99Ms) })}</dd>
            <dt>{t('lastLinked')}</dt>
            <dd>{status.lastLinkedAt ? f.dateTime(status.lastLinkedAt) : '–'}</dd>
            <dt>{t('keys')}</dt>
            <dd className="bk-mono">
              {status.hmacKeyId} · {status.signingKeys.find((k) => k.current)?.id ?? '–'}
            </dd>
            <dt>{t('retention')}</dt>
            <dd>
              {t('retentionValue', { years: status.retentionYears, minutes: status.checkpointMinutes })}
            </dd>
          </dl>
          <h3 className="kern-heading-small">{t('checkpoints')}</h3>
          {status.checkpoints.length === 0 ? (
            <p className="kern-body">{t('noCheckpoints')}</p>
          ) : (
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--small kern-table--striped" data-testid="checkpoints">
                <caption className="kern-sr-only">{t('checkpoints')}</caption>
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    {(['cpTime', 'cpPosition', 'cpHash', 'cpKey', 'cpSignature'] as const).map((k) => (
                      <th className="kern-table__cell" scope="col" key={k}>
                        {t(k)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {status.checkpoints.map((c) => (
                    <tr className="kern-table__row" key={`${c.seq}-${c.at}`}>
                      <td className="kern-table__cell">{f.dateTime(c.at)}</td>
                      <td className="kern-table__cell">{number.format(c.seq)}</td>
                      <td className="kern-table__cell bk-mono">{c.hash.slice(0, 16)}…</td>
                      <td className="kern-table__cell bk-mono">{c.key}</td>
                      <td className="kern-table__cell">
                        <StatusBadge tone={c.signatureValid ? 'success' : 'danger'}>
                          {c.signatureValid ? t('signatureValid') : t('signatureInvalid')}
                        </StatusBadge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
