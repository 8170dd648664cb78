import { useEffect, useState } from 'react';
import { get } from '../api';
import { publicDaysUrl } from '../booking-api';
import { useFormat, useT } from '../i18n';
import { Link } from '../router';
import { usePreloaded } from '../server-render';
import { catalogMessages } from './messages';

interface PublicOfficeDay {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  location: { name: string; slug: string; city: string; street: string };
  services: { id: string }[];
}

/**
 * The next office days of the mobile citizens' office where this service is offered (from the
 * schedule module's public API). Shows nothing if there are none or the schedule is unavailable.
 */
/** The API request for the next dates of a service (also preloaded by the server renderer). */
export const nextOfficeDaysUrl = (serviceSlug: string) => publicDaysUrl({ service: serviceSlug, limit: 6 });

const nextFor = (all: PublicOfficeDay[], serviceId: string) =>
  all.filter((d) => d.status !== 'cancelled' && d.services.some((s) => s.id === serviceId)).slice(0, 3);

export function NextOfficeDays({
  serviceId,
  serviceSlug,
  bookBase,
}: {
  serviceId: string;
  serviceSlug: string;
  bookBase: string;
}) {
  const t = useT(catalogMessages);
  const fmt = useFormat();
  const url = nextOfficeDaysUrl(serviceSlug);
  const preloaded = usePreloaded<{ officeDays: PublicOfficeDay[] }>(url);
  const [days, setDays] = useState<PublicOfficeDay[]>(() =>
    preloaded?.status === 200 ? nextFor(preloaded.body.officeDays, serviceId) : [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: preloaded belongs to the first page only
  useEffect(() => {
    if (preloaded) return;
    let live = true;
    get<{ officeDays: PublicOfficeDay[] }>(url)
      .then((r) => {
        if (live) setDays(nextFor(r.officeDays, serviceId));
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [serviceId, url]);

  if (days.length === 0) return null;
  return (
    <div className="bk-next-days bk-no-print">
      <h3 className="kern-heading-small">{t('nextOfficeDays')}</h3>
      <ul className="kern-list kern-list--bullet">
        {days.map((d) => (
          <li key={d.id}>
            {t('officeDayLine', {
              date: fmt.date(d.startsAt),
              from: fmt.time(d.startsAt),
              to: fmt.time(d.endsAt),
              place: `${d.location.name}, ${d.location.city}`,
            })}{' '}
            <Link
              className="kern-link"
              href={`${bookBase}/termin?ort=${d.location.slug}&tag=${d.id}&service=${serviceId}`}
            >
              {t('bookThisDay')}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
