import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { germanDate, parseDateInput } from '../../../core/date-input';
import { get } from '../../ui/api';
import { Loading } from '../../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { type Timeline, VisitsChart, WaitingChart } from './charts';
import { statsMessages } from './messages';
import { type VideoCallFigures, VideoFigures } from './VideoFigures';

interface Overview {
  period: { from: string; to: string };
  timeline: Timeline;
  locations: {
    locationId: string;
    locationName: string;
    villageName: string | null;
    officeDays: number;
    appointments: number;
    attended: number;
    noShows: number;
    noShowRate: number | null;
    cases: number;
    tickets: number;
    waitingMedianMinutes: number | null;
    serviceMedianMinutes: number | null;
    kmSaved: number;
  }[];
  casesByChannel: { channel: string; cases: number }[];
  appointmentsByChannel: { channel: string; appointments: number }[];
  videoCalls: VideoCallFigures;
  services: {
    serviceId: string;
    name: { de: string; en: string } | null;
    cases: number;
    appointments: number;
    noShows: number;
    noShowRate: number | null;
  }[];
  travel: { tripsSaved: number; kmSaved: number; referenceLocation: string | null };
}

const CHANNELS = ['town_hall', 'kit', 'terminal', 'portal', 'hotline', 'desk'] as const;

export default function StatsPage() {
  const t = useT(statsMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const percent = (v: number | null) =>
    v === null ? t('noValue') : `${v.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB')} %`;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [data, setData] = useState<Overview>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const load = useCallback(
    async (query: string) => {
      setGeneral(undefined);
      try {
        const overview = await get<Overview>(`/api/stats/overview${query}`);
        setData(overview);
        setErrors([]);
        setFrom(germanDate(overview.period.from));
        setTo(germanDate(overview.period.to));
      } catch (error) {
        const mapped = formErrorsFrom(
          error,
          { '/querystring/from': 'stats-from', '/querystring/to': 'stats-to' },
          c('genericError'),
        );
        setErrors(mapped.errors);
        setGeneral(mapped.general);
      }
    },
    [c],
  );

  useEffect(() => {
    void load('');
  }, [load]);

  function submit(e: FormEvent) {
    e.preventDefault();
    // Dates as people type them here: 31.12.2026 (ISO is accepted too).
    const fromIso = from.trim() ? parseDateInput(from) : null;
    const toIso = to.trim() ? parseDateInput(to) : null;
    const local: FormError[] = [];
    if (from.trim() && !fromIso)
      local.push({ fieldId: 'stats-from', message: t('dateInvalid', { field: t('from') }) });
    if (to.trim() && !toIso)
      local.push({ fieldId: 'stats-to', message: t('dateInvalid', { field: t('to') }) });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    const q = new URLSearchParams();
    if (fromIso) q.set('from', fromIso);
    if (toIso) q.set('to', toIso);
    void load(`?${q}`);
  }

  const channelRows = CHANNELS.map((ch) => ({
    channel: ch,
    cases: data?.casesByChannel.find((x) => x.channel === ch)?.cases ?? 0,
    appointments: data?.appointmentsByChannel.find((x) => x.channel === ch)?.appointments ?? 0,
  })).filter((r) => r.cases + r.appointments > 0);
  const minutes = (v: number | null) =>
    v === null ? t('noValue') : v.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <form className="bk-form" onSubmit={submit} noValidate>
        <TextField
          id="stats-from"
          label={t('from')}
          hint={t('dateHint')}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          error={errorFor(errors, 'stats-from')}
          width={10}
        />
        <TextField
          id="stats-to"
          label={t('to')}
          hint={t('dateHint')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={errorFor(errors, 'stats-to')}
          width={10}
        />
        <div className="bk-actions">
          <Button>{t('show')}</Button>
        </div>
      </form>
      {!data ? (
        <Loading />
      ) : (
        <>
          <p className="kern-body" aria-live="polite">
            {t('period', { from: f.shortDate(data.period.from), to: f.shortDate(data.period.to) })}
          </p>
          <p className="kern-body">
            <a
              className="kern-link"
              href={`/api/stats/overview.csv?${new URLSearchParams({ ...data.period, lang: locale })}`}
              download
              data-testid="stats-csv"
            >
              <span className="kern-icon kern-icon--download kern-icon--small" aria-hidden="true" />{' '}
              {t('csv')}
            </a>
          </p>
          <section aria-labelledby="visits-title">
            <h2 className="kern-heading-medium" id="visits-title">
              {t('visitsTitle')}
            </h2>
            <p className="kern-body">{t('visitsLead', { bucket: t(`bucket_${data.timeline.bucket}`) })}</p>
            <VisitsChart timeline={data.timeline} />
          </section>
          <section aria-labelledby="waiting-title">
            <h2 className="kern-heading-medium" id="waiting-title">
              {t('waitingTitle')}
            </h2>
            <p className="kern-body">{t('waitingLead')}</p>
            <WaitingChart
              places={data.locations
                .filter((l) => l.waitingMedianMinutes !== null)
                .map((l) => ({ name: l.locationName, minutes: l.waitingMedianMinutes! }))}
            />
          </section>
          <section aria-labelledby="travel-title">
            <h2 className="kern-heading-medium" id="travel-title">
              {t('travelTitle')}
            </h2>
            <p className="kern-body">
              {t('travelText', {
                trips: data.travel.tripsSaved,
                km: data.travel.kmSaved,
                reference: data.travel.referenceLocation ?? t('noValue'),
              })}
            </p>
          </section>
          <section aria-labelledby="locations-title">
            <h2 className="kern-heading-medium" id="locations-title">
              {t('locationsTitle')}
            </h2>
            <section
              className="kern-table-responsive"
              data-testid="stats-locations"
              aria-labelledby="locations-title"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard (WCAG 2.1.1)
              tabIndex={0}
            >
              <table className="kern-table kern-table--small kern-table--striped bk-stats-table">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__cell" scope="col">
                      {t('colPlace')}
                    </th>
                    {(
                      [
                        'colOfficeDays',
                        'colAppointments',
                        'colAttended',
                        'colNoShows',
                        'colNoShowRate',
                        'colCases',
                        'colTickets',
                        'colWaiting',
                        'colService',
                        'colKm',
                      ] as const
                    ).map((k) => (
                      <th className="kern-table__cell kern-table__cell--numeric" scope="col" key={k}>
                        {t(k)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {data.locations.map((l) => (
                    <tr className="kern-table__row" key={l.locationId}>
                      <th className="kern-table__cell bk-stats-place" scope="row">
                        {l.locationName}
                        {l.villageName && (
                          <>
                            <br />
                            <span className="kern-body kern-body--small">{l.villageName}</span>
                          </>
                        )}
                      </th>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.officeDays}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.appointments}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.attended}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.noShows}</td>
                      <td className="kern-table__cell kern-table__cell--numeric" data-testid="no-show-rate">
                        {percent(l.noShowRate)}
                      </td>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.cases}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.tickets}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">
                        {minutes(l.waitingMedianMinutes)}
                      </td>
                      <td className="kern-table__cell kern-table__cell--numeric">
                        {minutes(l.serviceMedianMinutes)}
                      </td>
                      <td className="kern-table__cell kern-table__cell--numeric">{l.kmSaved}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
          <section aria-labelledby="channels-title">
            <h2 className="kern-heading-medium" id="channels-title">
              {t('channelsTitle')}
            </h2>
            {channelRows.length === 0 ? (
              <p className="kern-body">{t('none')}</p>
            ) : (
              <table className="kern-table kern-table--small">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__cell" scope="col">
                      {t('colChannel')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('colCases')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('colAppointments')}
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {channelRows.map((r) => (
                    <tr className="kern-table__row" key={r.channel}>
                      <th className="kern-table__cell" scope="row">
                        {t(`channel_${r.channel}`)}
                      </th>
                      <td className="kern-table__cell kern-table__cell--numeric">{r.cases}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{r.appointments}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <VideoFigures figures={data.videoCalls} />
          <section aria-labelledby="services-title">
            <h2 className="kern-heading-medium" id="services-title">
              {t('servicesTitle')}
            </h2>
            {data.services.length === 0 ? (
              <p className="kern-body">{t('none')}</p>
            ) : (
              <table className="kern-table kern-table--small">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__cell" scope="col">
                      {t('colServiceName')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('colCases')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('colAppointments')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('colNoShows')}
                    </th>
                    <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                      {t('colNoShowRate')}
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {data.services.map((s) => (
                    <tr className="kern-table__row" key={s.serviceId}>
                      <th className="kern-table__cell" scope="row">
                        {s.name ? s.name[locale] : t('unknownService')}
                      </th>
                      <td className="kern-table__cell kern-table__cell--numeric">{s.cases}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{s.appointments}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{s.noShows}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{percent(s.noShowRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
