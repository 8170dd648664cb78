import { ApiError } from '../../ui/api';
import { Button } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { adminOfficeDayMessages } from './messages';

export interface OfficeDayClash {
  kind: 'identical' | 'overlap';
  date: string;
  officeDayId: string;
  startTime: string;
  endTime: string;
}

export interface ClashState {
  code: 'OFFICE_DAY_CLASH' | 'OFFICE_DAY_DUPLICATE';
  clashes: OfficeDayClash[];
}

/** The clash a plan or change ran into, from the API's problem document (else null). */
export function clashFrom(error: unknown): ClashState | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== 'OFFICE_DAY_CLASH' && error.code !== 'OFFICE_DAY_DUPLICATE') return null;
  const clashes = Array.isArray(error.body.clashes) ? (error.body.clashes as OfficeDayClash[]) : [];
  return { code: error.code, clashes };
}

/**
 * What is already planned at the place, each with a link to it, and — only where an overlap may
 * be intended — the explicit "Trotzdem planen". The same window is never offered for planning again.
 */
export function ClashNotice({
  clash,
  onConfirm,
  confirmLabel,
}: {
  clash: ClashState;
  onConfirm(): void;
  confirmLabel: string;
}) {
  const t = useT(adminOfficeDayMessages);
  const f = useFormat();
  return (
    <div className="kern-alert kern-alert--warning" data-testid="office-day-clash">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--warning" aria-hidden="true" />
        <h3 className="kern-title">{t('clashTitle')}</h3>
      </div>
      <div className="kern-alert__body">
        <ul className="kern-list">
          {clash.clashes.map((c) => (
            <li key={`${c.officeDayId}-${c.date}`}>
              {t(c.kind === 'identical' ? 'clashIdentical' : 'clashOverlap', {
                date: f.date(c.date),
                from: c.startTime,
                to: c.endTime,
              })}{' '}
              <Link className="kern-link" href={`/admin/sprechtage/${c.officeDayId}`}>
                {t('clashOpen', { date: f.shortDate(c.date) })}
              </Link>
            </li>
          ))}
        </ul>
        {clash.code === 'OFFICE_DAY_CLASH' && (
          <>
            <p className="kern-body">{t('clashLead')}</p>
            <div className="bk-actions">
              <Button type="button" variant="secondary" onClick={onConfirm}>
                {confirmLabel}
              </Button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
