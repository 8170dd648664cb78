import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  bookingApi,
  type PublicOfficeDay,
  publicDaysUrl,
  VILLAGES_URL,
  type VillageSchedule,
} from '../../ui/booking-api';
import { Loading, StatusBadge } from '../../ui/components';
import { Button, SelectField, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { Link, navigate, usePath, usePortalHref, useSearch } from '../../ui/router';
import { usePreloaded } from '../../ui/server-render';
import { officeDayMessages } from './messages';
import '../booking/booking.css';

/**
 * "Wann kommt das Bürgerbüro zu mir?": the office days by village, as a plain list that reads
 * well on a phone (no map), with calendar subscriptions and the way to ask for more.
 */
export default function OfficeDaysPage({ bookBase, kiosk = false }: { bookBase: string; kiosk?: boolean }) {
  const t = useT(officeDayMessages);
  const portalHref = usePortalHref();
  const f = useFormat();
  const { locale } = useLocale();
  const path = usePath();
  const search = useSearch();
  const villageId = search.get('ort') ?? '';
  const daysQuery = villageId ? { village: villageId } : {};
  // Rendered on the server from the same API answers: hydrate from them (ADR 0018).
  const preVillages = usePreloaded<{ villages: VillageSchedule[] }>(VILLAGES_URL);
  const preDays = usePreloaded<{ officeDays: PublicOfficeDay[] }>(publicDaysUrl(daysQuery));
  const [villages, setVillages] = useState<VillageSchedule[] | null>(
    preVillages?.status === 200 ? preVillages.body.villages : null,
  );
  const [days, setDays] = useState<PublicOfficeDay[] | null>(
    preDays?.status === 200 ? preDays.body.officeDays : null,
  );
  const [selected, setSelected] = useState(villageId);
  usePageTitle(t('title'));

  // biome-ignore lint/correctness/useExhaustiveDependencies: preloaded data belongs to the first page only
  useEffect(() => {
    if (preVillages?.status === 200) return;
    void bookingApi.villages().then(setVillages);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the village in the address changes
  useEffect(() => {
    setSelected(villageId);
    if (preDays?.status === 200) return;
    setDays(null);
    void bookingApi.publicDays(daysQuery).then(setDays);
  }, [villageId]);

  const village = villages?.find((v) => v.id === villageId);
  const locations = useMemo(() => {
    const map = new Map<string, PublicOfficeDay['location']>();
    for (const d of days ?? []) map.set(d.location.id, d.location);
    return [...map.values()];
  }, [days]);
  const municipalities = useMemo(() => {
    const map = new Map<string, string>();
    for (const v of villages ?? []) map.set(v.municipalityId, v.municipalityName);
    return map;
  }, [villages]);

  function submit(e: FormEvent) {
    e.preventDefault();
    navigate(selected ? `${path}?ort=${selected}` : path);
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {villages && (
        <form className="bk-form" onSubmit={submit} noValidate>
          <SelectField
            id="village"
            label={t('village')}
            value={selected}
            onChange={(e) => setSelected(e.target.value)}
            options={[
              { value: '', label: t('allVillages') },
              ...villages.map((v) => ({
                value: v.id,
                label:
                  v.kind === 'ortslage'
                    ? `${v.name} (${v.municipalityName})`
                    : `${v.name} (${v.municipalityName})`,
              })),
            ]}
          />
          <div>
            <Button>{t('show')}</Button>
          </div>
        </form>
      )}
      <section aria-labelledby="days-title">
        <h2 className="kern-heading-medium" id="days-title">
          {village ? t('inVillage', { village: village.name }) : t('upcoming')}
        </h2>
        {!days && <Loading />}
        {days && days.length === 0 && (
          <p className="kern-body">{village ? t('none', { village: village.name }) : t('noneAtAll')}</p>
        )}
        {days && days.length > 0 && (
          <ul className="bk-day-list">
            {days.map((d) => {
              const closed = new Date(d.bookingClosesAt).getTime() <= Date.now();
              const when = t('when', { date: f.date(d.date), from: d.startTime, to: d.endTime });
              return (
                <li className="bk-day" key={d.id}>
                  <h3 className="kern-heading-small bk-day__when">{when}</h3>
                  <p className="kern-body">
                    {d.location.name}, {d.location.street}, {d.location.postalCode} {d.location.city}
                  </p>
                  <p className="kern-body">
                    {d.location.stepFree ? (
                      <StatusBadge tone="success">{t('stepFree')}</StatusBadge>
                    ) : (
                      <StatusBadge tone="warning">{t('notStepFree')}</StatusBadge>
                    )}
                    {!d.location.stepFree && d.location.accessibilityNotes
                      ? ` ${d.location.accessibilityNotes}`
                      : ''}
                  </p>
                  <details>
                    <summary className="kern-link">{t('services')}</summary>
                    <ul className="kern-list">
                      {d.services.map((s) => (
                        <li key={s.id}>{s.name[locale]}</li>
                      ))}
                    </ul>
                  </details>
                  <p className="kern-body">
                    {closed ? (
                      t('closed')
                    ) : (
                      <Link
                        className="kern-link"
                        href={`${bookBase}?ort=${d.location.slug}&tag=${d.id}`}
                        aria-label={t('bookAt', { date: when, location: d.location.name })}
                      >
                        {t('book')}
                      </Link>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
        {days && days.length > 0 && <p className="kern-body">{t('walkIn')}</p>}
      </section>
      {!kiosk && locations.length > 0 && (
        <section aria-labelledby="calendar-title">
          <h2 className="kern-heading-medium" id="calendar-title">
            {t('calendarTitle')}
          </h2>
          <p className="kern-body">{t('calendarText')}</p>
          <ul className="kern-list">
            {locations.map((l) => (
              <li key={l.id}>
                <a className="kern-link" href={portalHref(`/api/schedule/feeds/locations/${l.slug}.ics`)}>
                  {t('calendarLocation', { location: l.name })}
                </a>
              </li>
            ))}
            {[...new Set(locations.map((l) => l.municipalityId))].map((id) => (
              <li key={id}>
                <a className="kern-link" href={portalHref(`/api/schedule/feeds/municipalities/${id}.ics`)}>
                  {t('calendarMunicipality', { municipality: municipalities.get(id) ?? '' })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="demand-title">
        <h2 className="kern-heading-medium" id="demand-title">
          {t('demandTitle')}
        </h2>
        <p className="kern-body">{t('demandText')}</p>
        <p className="kern-body">
          <Link className="kern-link" href={`${path}/wunsch${villageId ? `?ort=${villageId}` : ''}`}>
            {t('demandLink')}
          </Link>
        </p>
        {!kiosk && (
          <>
            <p className="kern-body">{t('homeVisitText')}</p>
            <p className="kern-body">
              <Link className="kern-link" href="/hausbesuch">
                {t('homeVisitLink')}
              </Link>
            </p>
          </>
        )}
      </section>
    </>
  );
}
