import { useEffect, useState } from 'react';
import { get } from '../api';
import { useFormat, useT } from '../i18n';
import { usePreloaded } from '../server-render';
import { waitingMessages } from './messages';

/** The public waiting times (counts only; the server caches them for 30 seconds). */
export const WAITING_TIMES_URL = '/api/queue/public/waiting-times';
/** The terminal and an open portal page refresh this often. */
const REFRESH_MS = 60_000;

interface WaitingTimesAnswer {
  date: string;
  locations: { id: string; slug: string; name: string; waiting: number; estimatedMinutes: number }[];
}

/**
 * "Aktuelle Wartezeit" per location with a queue today (#14): on the portal's home page (rendered
 * on the server) and on the terminal's start page. Nothing is shown while nothing is known.
 */
export function WaitingTimes({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = useT(waitingMessages);
  const f = useFormat();
  const preloaded = usePreloaded<WaitingTimesAnswer>(WAITING_TIMES_URL);
  const [answer, setAnswer] = useState<{ data: WaitingTimesAnswer; at: string } | null>(() =>
    preloaded?.status === 200 ? { data: preloaded.body, at: new Date().toISOString() } : null,
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once (unless rendered on the server), then on the timer
  useEffect(() => {
    let live = true;
    const load = () =>
      get<WaitingTimesAnswer>(WAITING_TIMES_URL)
        .then((data) => {
          if (live) setAnswer({ data, at: new Date().toISOString() });
        })
        .catch(() => {});
    if (!answer) void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  if (!answer || answer.data.locations.length === 0) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="waiting-times-title" className="bk-waiting-times" data-testid="waiting-times">
      <Heading className="kern-heading-medium" id="waiting-times-title">
        {t('title')}
      </Heading>
      <p className="kern-body">{t('intro', { time: f.time(answer.at) })}</p>
      <ul className="kern-list">
        {answer.data.locations.map((l) => (
          <li key={l.id} className="kern-body">
            {l.waiting === 0
              ? t('lineEmpty', { place: l.name })
              : t(l.waiting === 1 ? 'lineOne' : 'line', {
                  place: l.name,
                  waiting: l.waiting,
                  minutes: l.estimatedMinutes,
                })}
          </li>
        ))}
      </ul>
    </section>
  );
}
