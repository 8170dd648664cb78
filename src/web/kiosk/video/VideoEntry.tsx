import { useEffect, useState } from 'react';
import { useFormat, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { kioskVideoMessages } from './messages';
import { type TerminalStatus, terminalStatus } from './terminal-api';

/** How often the start page asks whether a clerk is there. */
const POLL_MS = 15_000;

/**
 * "Videoberatung" on the terminal's start page (#11): whether someone is there now and the
 * expected wait (from the live queue), or the next video hours and the phone number.
 */
export function VideoEntry() {
  const t = useT(kioskVideoMessages);
  const f = useFormat();
  const [status, setStatus] = useState<TerminalStatus | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      terminalStatus()
        .then((s) => alive && setStatus(s))
        .catch(() => {});
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  if (!status) return null;
  return (
    <section
      className="bk-call-panel bk-video-entry"
      aria-labelledby="video-entry-title"
      data-testid="video-entry"
    >
      <h2 className="kern-heading-medium" id="video-entry-title">
        {t('entryTitle')}
      </h2>
      {!status.enrolled ? (
        <p className="kern-body kern-body--large">{t('entryNotHere')}</p>
      ) : status.available ? (
        <>
          <p className="kern-body kern-body--large" data-testid="video-available">
            {t('entryAvailable')}{' '}
            {status.expectedWaitMinutes
              ? t('entryWait', { minutes: status.expectedWaitMinutes })
              : t('entryWaitNone')}
          </p>
          <Link
            className="kern-btn kern-btn--primary kern-btn--block bk-kiosk-button"
            href="/terminal/videoberatung"
            data-testid="video-start"
          >
            <span className="kern-label">{t('entryStart')}</span>
          </Link>
          <Link
            className="kern-btn kern-btn--secondary bk-kiosk-button"
            href="/terminal/videoberatung?termin=1"
            data-testid="video-booked"
          >
            <span className="kern-label">{t('entryBooked')}</span>
          </Link>
        </>
      ) : (
        <>
          <p className="kern-body kern-body--large" data-testid="video-unavailable">
            {t('entryUnavailable')}{' '}
            {status.nextHours
              ? status.nextHours.open
                ? t('entryHoursOpen', { to: status.nextHours.endTime })
                : t('entryNextHours', {
                    date: f.date(status.nextHours.date),
                    from: status.nextHours.startTime,
                    to: status.nextHours.endTime,
                  })
              : t('entryNoHours')}{' '}
            {status.phone ? t('entryPhone', { phone: status.phone }) : null}
          </p>
          <Link
            className="kern-btn kern-btn--secondary bk-kiosk-button"
            href="/terminal/videoberatung?termin=1"
            data-testid="video-booked"
          >
            <span className="kern-label">{t('entryBooked')}</span>
          </Link>
        </>
      )}
    </section>
  );
}
