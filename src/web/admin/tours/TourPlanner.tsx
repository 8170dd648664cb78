import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, get, post, put } from '../../ui/api';
import { Alert, Loading } from '../../ui/components';
import { Button, ErrorSummary, SelectField, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { tourMessages } from './messages';
import { TourMap } from './TourMap';
import type { TourEdit, TourPlan } from './types';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const DURATIONS = [30, 45, 60, 90, 120, 150, 180, 240, 300, 360];

function editsOf(plan: TourPlan): TourEdit[] {
  return plan.proposal.tours.map((t) => ({
    date: t.date,
    kitId: t.kitId,
    stops: t.stops.map((s) => ({
      villageId: s.villageId,
      minutes: minutesOf(s.endTime) - minutesOf(s.startTime),
    })),
  }));
}

/** /admin/touren: the coordinator's tour planner (#14) — list first, map beside it, change, accept. */
export default function TourPlanner() {
  const t = useT(tourMessages);
  const [plan, setPlan] = useState<TourPlan | null | undefined>(undefined);
  const [weeks, setWeeks] = useState('2');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const busy = useRef(false);
  usePageTitle(t('title'), Boolean(error));

  useEffect(() => {
    void get<{ plan: TourPlan | null }>('/api/tours/plans/latest').then((r) => setPlan(r.plan));
  }, []);

  const run = async (action: () => Promise<TourPlan>, success: (p: TourPlan) => string | null) => {
    if (busy.current) return; // a double click sends one request (and the server is idempotent too)
    busy.current = true;
    setError(null);
    setNotice(null);
    try {
      const next = await action();
      setPlan(next);
      setNotice(success(next));
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : t('error'));
    } finally {
      busy.current = false;
    }
  };

  const propose = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => post<TourPlan>('/api/tours/plans', { weeks: Number(weeks) }),
      () => null,
    );
  };
  const save = (tours: TourEdit[]) =>
    plan &&
    void run(
      () => put<TourPlan>(`/api/tours/plans/${plan.id}`, { version: plan.version, tours }),
      () => t('saved'),
    );
  const accept = () =>
    plan &&
    void run(
      () => post<TourPlan>(`/api/tours/plans/${plan.id}/accept`, { version: plan.version }),
      (p) => t('accepted', { days: p.officeDayIds.length, notified: p.notified }),
    );

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {error && <ErrorSummary errors={[]} general={error} />}
      {notice && <Alert tone="success" title={notice} role="status" />}
      <form onSubmit={propose} noValidate>
        <SelectField
          id="tour-weeks"
          label={t('weeks')}
          value={weeks}
          onChange={(e) => setWeeks(e.target.value)}
          options={[2, 3, 4, 6, 8].map((n) => ({ value: String(n), label: t('weeksOption', { n }) }))}
        />
        <Button>{plan ? t('proposeAgain') : t('propose')}</Button>
      </form>
      {plan === undefined && <Loading />}
      {plan === null && <p className="kern-body">{t('none')}</p>}
      {plan && <PlanView key={`${plan.id}-${plan.version}`} plan={plan} save={save} accept={accept} />}
    </>
  );
}

function PlanView({
  plan,
  save,
  accept,
}: {
  plan: TourPlan;
  save: (tours: TourEdit[]) => void;
  accept: () => void;
}) {
  const t = useT(tourMessages);
  const f = useFormat();
  const edits = editsOf(plan);
  const open = plan.status === 'proposed';
  const inTours = new Set(plan.proposal.tours.flatMap((x) => x.stops.map((s) => s.villageId)));
  const addable = plan.villages.filter((v) => v.plannable && !inTours.has(v.villageId));
  const usedDays = (except: number) =>
    new Set(plan.proposal.tours.filter((_, i) => i !== except).map((x) => `${x.kitId}/${x.date}`));
  const [newDay, setNewDay] = useState(plan.workdays[0] ?? '');
  const [newKit, setNewKit] = useState(plan.kits[0]?.id ?? '');
  const plannable = plan.villages.filter((v) => v.plannable);
  const tourOf = new Map(
    plan.proposal.tours.flatMap((x, i) => x.stops.map((s) => [s.villageId, i + 1] as const)),
  );
  const [newVillage, setNewVillage] = useState(addable[0]?.villageId ?? plannable[0]?.villageId ?? '');
  const change = (index: number, tour: TourEdit | null) =>
    save(tour ? edits.map((e, i) => (i === index ? tour : e)) : edits.filter((_, i) => i !== index));

  return (
    <section aria-labelledby="tour-plan-heading">
      <h2 className="kern-heading-medium" id="tour-plan-heading">
        {t('summary', {
          first: f.date(plan.firstDate),
          weeks: plan.weeks,
          covered: plan.proposal.coveredCitizens,
          demand: plan.proposal.demandCitizens,
          tours: plan.proposal.tours.length,
          km: Math.round(plan.proposal.km),
        })}
      </h2>
      <p className="kern-body">{plan.travel === 'osrm' ? t('travelOsrm') : t('travelHaversine')}</p>
      {plan.kits.length === 0 && (
        <Alert tone="warning" title={t('noKits')}>
          <p className="kern-body">
            <Link className="kern-link" href="/admin/koffer">
              {t('toKits')}
            </Link>
          </p>
        </Alert>
      )}
      {plan.proposal.tours.map((tour, n) => {
        const edit = edits[n]!;
        const taken = usedDays(n);
        return (
          <section key={`${tour.kitId}-${tour.date}`} aria-labelledby={`tour-${n}`} className="tour-card">
            <h3 className="kern-heading-small" id={`tour-${n}`}>
              {t('tourHeading', { n: n + 1, date: f.date(tour.date), kit: tour.kitName })}
            </h3>
            <p className="kern-body">
              {t('tourFacts', {
                depart: tour.departTime,
                back: tour.returnTime,
                km: tour.km,
                travel: tour.travelMinutes,
                hours: (tour.clerkMinutes / 60).toFixed(1),
              })}
            </p>
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--striped">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__cell" scope="col">
                      {t('colOrder')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colVillage')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colTime')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colCitizens')}
                    </th>
                    <th className="kern-table__cell" scope="col">
                      {t('colVisits')}
                    </th>
                    {open && (
                      <th className="kern-table__cell" scope="col">
                        {t('colActions')}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {tour.stops.map((s, k) => (
                    <tr className="kern-table__row" key={s.villageId}>
                      <td className="kern-table__cell">{k + 1}</td>
                      <th className="kern-table__cell" scope="row">
                        {s.villageName}
                      </th>
                      <td className="kern-table__cell">
                        {s.startTime}–{s.endTime}
                      </td>
                      <td className="kern-table__cell">{s.citizens}</td>
                      <td className="kern-table__cell">
                        {s.homeVisits.length
                          ? s.homeVisits
                              .map((h) => t('visitWindow', { from: h.startTime, to: h.endTime }))
                              .join(', ')
                          : t('noVisits')}
                      </td>
                      {open && (
                        <td className="kern-table__cell">
                          <SelectField
                            id={`dur-${n}-${k}`}
                            label={t('duration', { village: s.villageName })}
                            value={String(edit.stops.find((x) => x.villageId === s.villageId)!.minutes)}
                            onChange={(e) =>
                              change(n, {
                                ...edit,
                                stops: edit.stops.map((x) =>
                                  x.villageId === s.villageId ? { ...x, minutes: Number(e.target.value) } : x,
                                ),
                              })
                            }
                            options={[
                              ...new Set([
                                ...DURATIONS,
                                edit.stops.find((x) => x.villageId === s.villageId)!.minutes,
                              ]),
                            ]
                              .sort((a, b) => a - b)
                              .map((m) => ({ value: String(m), label: t('minutes', { n: m }) }))}
                          />
                          <Button
                            type="button"
                            variant="secondary"
                            aria-label={t('removeLabel', { village: s.villageName, n: n + 1 })}
                            onClick={() =>
                              change(
                                n,
                                edit.stops.length > 1
                                  ? { ...edit, stops: edit.stops.filter((x) => x.villageId !== s.villageId) }
                                  : null,
                              )
                            }
                          >
                            {t('remove')}
                          </Button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {open && (
              <div className="tour-actions">
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    const date = new FormData(e.currentTarget).get('date') as string;
                    change(n, { ...edit, date });
                  }}
                >
                  <SelectField
                    id={`day-${n}`}
                    name="date"
                    label={t('moveDay', { n: n + 1 })}
                    defaultValue={tour.date}
                    options={plan.workdays
                      .filter((d) => d === tour.date || !taken.has(`${tour.kitId}/${d}`))
                      .map((d) => ({ value: d, label: f.date(d) }))}
                  />
                  <Button variant="secondary">{t('move')}</Button>
                </form>
                {addable.length > 0 && (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      const villageId = new FormData(e.currentTarget).get('village') as string;
                      change(n, { ...edit, stops: [...edit.stops, { villageId, minutes: 60 }] });
                    }}
                  >
                    <SelectField
                      id={`add-${n}`}
                      name="village"
                      label={t('addVillage', { n: n + 1 })}
                      options={addable.map((v) => ({ value: v.villageId, label: v.name }))}
                    />
                    <Button variant="secondary">{t('add')}</Button>
                  </form>
                )}
                <Button type="button" variant="tertiary" onClick={() => change(n, null)}>
                  {t('removeTour', { n: n + 1 })}
                </Button>
              </div>
            )}
          </section>
        );
      })}
      {open && plannable.length > 0 && plan.kits.length > 0 && (
        <form
          className="tour-card"
          aria-labelledby="new-tour"
          onSubmit={(e) => {
            e.preventDefault();
            save([
              ...edits,
              { date: newDay, kitId: newKit, stops: [{ villageId: newVillage, minutes: 60 }] },
            ]);
          }}
        >
          <h3 className="kern-heading-small" id="new-tour">
            {t('newTour')}
          </h3>
          <SelectField
            id="new-tour-day"
            label={t('newTourDay')}
            value={newDay}
            onChange={(e) => setNewDay(e.target.value)}
            options={plan.workdays.map((d) => ({ value: d, label: f.date(d) }))}
          />
          <SelectField
            id="new-tour-kit"
            label={t('newTourKit')}
            value={newKit}
            onChange={(e) => setNewKit(e.target.value)}
            options={plan.kits.map((k) => ({ value: k.id, label: k.name }))}
          />
          <SelectField
            id="new-tour-village"
            label={t('newTourVillage')}
            value={newVillage}
            onChange={(e) => setNewVillage(e.target.value)}
            options={plannable.map((v) => ({
              value: v.villageId,
              label: tourOf.has(v.villageId)
                ? t('villageInTour', { village: v.name, n: tourOf.get(v.villageId)! })
                : v.name,
            }))}
          />
          <Button variant="secondary">{t('addTour')}</Button>
        </form>
      )}
      <h3 className="kern-heading-small">{t('unplannedTitle')}</h3>
      {plan.proposal.unplanned.length === 0 ? (
        <p className="kern-body">{t('unplannedNone')}</p>
      ) : (
        <ul className="kern-list">
          {plan.proposal.unplanned.map((u) => (
            <li key={u.villageId}>
              {t('unplannedRow', {
                village: u.villageName,
                citizens: u.citizens,
                reason: t(`reason_${u.reason}` as 'reason_no_capacity'),
              })}
            </li>
          ))}
        </ul>
      )}
      <TourMap plan={plan} />
      {open ? (
        <>
          <p className="kern-body">{t('acceptHint')}</p>
          <Button type="button" onClick={accept}>
            {t('accept')}
          </Button>
        </>
      ) : (
        <p className="kern-body">
          <Link className="kern-link" href="/admin/sprechtage">
            {t('toOfficeDays')}
          </Link>
        </p>
      )}
    </section>
  );
}
