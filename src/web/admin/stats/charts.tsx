import { useId } from 'react';
import { isoWeek } from '../../../core/stats/buckets';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { statsMessages } from './messages';
import './stats.css';

/**
 * Charts of the evaluation as plain SVG (no chart library, nothing from a CDN), accessible: the
 * SVG is an image with a title and a description that says what it shows in words, each line has
 * its own dash pattern and marker (never colour alone), and every chart has its numbers as a
 * table beside it.
 */
export interface Timeline {
  bucket: 'week' | 'month' | 'quarter';
  periods: { from: string; to: string }[];
  series: { name: string | null; visits: number[] }[];
}

const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'circle-open', 'square-open'] as const;
const DASHES = ['', '8 4', '2 4', '12 4 2 4', '4 4', '16 6', '1 3'];

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

function Marker({ kind, x, y }: { kind: (typeof MARKERS)[number]; x: number; y: number }) {
  switch (kind) {
    case 'circle':
      return <circle cx={x} cy={y} r={4} />;
    case 'circle-open':
      return <circle cx={x} cy={y} r={4} fill="#fff" strokeWidth={2} />;
    case 'square':
      return <rect x={x - 4} y={y - 4} width={8} height={8} />;
    case 'square-open':
      return <rect x={x - 4} y={y - 4} width={8} height={8} fill="#fff" strokeWidth={2} />;
    case 'triangle':
      return <path d={`M${x} ${y - 5}L${x + 5} ${y + 4}L${x - 5} ${y + 4}Z`} />;
    case 'diamond':
      return <path d={`M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}Z`} />;
    case 'cross':
      return (
        <path
          d={`M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x + 4} ${y - 4}L${x - 4} ${y + 4}`}
          strokeWidth={2.5}
        />
      );
  }
}

export function usePeriodLabel() {
  const t = useT(statsMessages);
  const { locale } = useLocale();
  const month = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (bucket: Timeline['bucket'], p: { from: string }) => {
    if (bucket === 'week') return t('weekLabel', { week: isoWeek(p.from) });
    if (bucket === 'month') return month.format(new Date(`${p.from}T12:00:00Z`));
    const [y, m] = p.from.split('-').map(Number) as [number, number];
    return t('quarterLabel', { quarter: Math.floor((m - 1) / 3) + 1, year: y });
  };
}

export function VisitsChart({ timeline }: { timeline: Timeline }) {
  const t = useT(statsMessages);
  const f = useFormat();
  const label = usePeriodLabel();
  const id = useId();
  const { periods, series } = timeline;
  const name = (s: Timeline['series'][number]) => s.name ?? t('otherPlaces');
  if (series.length === 0 || periods.length === 0) return <p className="kern-body">{t('visitsNone')}</p>;
  const W = 720;
  const H = 300;
  const pad = { left: 48, right: 16, top: 16, bottom: 44 };
  const max = niceMax(Math.max(...series.flatMap((s) => s.visits)));
  const x = (i: number) =>
    pad.left +
    (periods.length === 1
      ? (W - pad.left - pad.right) / 2
      : (i * (W - pad.left - pad.right)) / (periods.length - 1));
  const y = (v: number) => pad.top + (H - pad.top - pad.bottom) * (1 - v / max);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((q) => Math.round(q * max));
  const every = Math.ceil(periods.length / 8);
  const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const summary = series
    .map((s) => t('visitsSummaryItem', { name: name(s), total: total(s.visits) }))
    .join('; ');
  return (
    <figure className="bk-chart">
      <svg
        className="bk-chart__svg"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        data-testid="visits-chart"
      >
        <title id={`${id}-title`}>{t('visitsTitle')}</title>
        <desc id={`${id}-desc`}>
          {t('visitsDesc', {
            periods: periods.length,
            from: f.shortDate(periods[0]!.from),
            to: f.shortDate(periods.at(-1)!.to),
            summary,
          })}
        </desc>
        <g className="bk-chart__grid">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={pad.left} x2={W - pad.right} y1={y(v)} y2={y(v)} />
              <text x={pad.left - 8} y={y(v) + 4} textAnchor="end">
                {v}
              </text>
            </g>
          ))}
          {periods.map((p, i) =>
            i % every === 0 ? (
              <text
                key={p.from}
                x={x(i)}
                y={H - pad.bottom + 18}
                textAnchor={
                  i === periods.length - 1 && periods.length > 1 ? 'end' : i === 0 ? 'start' : 'middle'
                }
              >
                {label(timeline.bucket, p)}
              </text>
            ) : null,
          )}
          <text x={pad.left} y={H - 6} className="bk-chart__axis-label">
            {t(`bucket_${timeline.bucket}`)}
          </text>
        </g>
        {series.map((s, k) => (
          <g key={s.name ?? '*'} className={`bk-chart__series bk-chart__series--${k}`}>
            <polyline
              fill="none"
              strokeWidth={2.5}
              strokeDasharray={DASHES[k % DASHES.length] || undefined}
              points={s.visits.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
            />
            {s.visits.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one marker per period, in order
              <Marker key={i} kind={MARKERS[k % MARKERS.length]!} x={x(i)} y={y(v)} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="bk-chart__legend" aria-label={t('legend')}>
          {series.map((s, k) => (
            <li key={s.name ?? '*'} className={`bk-chart__series bk-chart__series--${k}`}>
              <svg width="44" height="14" viewBox="0 0 44 14" aria-hidden="true" focusable="false">
                <line
                  x1="2"
                  x2="42"
                  y1="7"
                  y2="7"
                  strokeWidth={2.5}
                  strokeDasharray={DASHES[k % DASHES.length] || undefined}
                />
                <Marker kind={MARKERS[k % MARKERS.length]!} x={22} y={7} />
              </svg>{' '}
              {name(s)}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="bk-chart__table">
        <summary className="kern-link">{t('showTable')}</summary>
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--small">
            <caption className="bk-visually-hidden">{t('visitsTitle')}</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colPeriod')}
                </th>
                {series.map((s) => (
                  <th className="kern-table__cell kern-table__cell--numeric" scope="col" key={s.name ?? '*'}>
                    {name(s)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {periods.map((p, i) => (
                <tr className="kern-table__row" key={p.from}>
                  <th className="kern-table__cell" scope="row">
                    {label(timeline.bucket, p)} ({f.shortDate(p.from)}–{f.shortDate(p.to)})
                  </th>
                  {series.map((s) => (
                    <td className="kern-table__cell kern-table__cell--numeric" key={s.name ?? '*'}>
                      {s.visits[i]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function WaitingChart({ places }: { places: { name: string; minutes: number }[] }) {
  const t = useT(statsMessages);
  const { locale } = useLocale();
  const id = useId();
  if (places.length === 0) return <p className="kern-body">{t('waitingNone')}</p>;
  const number = (v: number) => v.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  const W = 720;
  const row = 30;
  const pad = { left: 250, right: 90, top: 8, bottom: 8 };
  const H = pad.top + pad.bottom + row * places.length;
  const max = niceMax(Math.max(...places.map((p) => p.minutes)));
  const width = (v: number) => ((W - pad.left - pad.right) * v) / max;
  const summary = places
    .map((p) => t('waitingItem', { name: p.name, minutes: number(p.minutes) }))
    .join('; ');
  return (
    <figure className="bk-chart">
      <svg
        className="bk-chart__svg"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        data-testid="waiting-chart"
      >
        <title id={`${id}-title`}>{t('waitingTitle')}</title>
        <desc id={`${id}-desc`}>{t('waitingDesc', { summary })}</desc>
        {places.map((p, i) => {
          const top = pad.top + i * row;
          return (
            <g key={p.name} className="bk-chart__bar">
              <text x={pad.left - 10} y={top + row / 2 + 5} textAnchor="end">
                {p.name.length > 34 ? `${p.name.slice(0, 33)}…` : p.name}
              </text>
              <rect x={pad.left} y={top + 5} width={Math.max(2, width(p.minutes))} height={row - 10} />
              <text x={pad.left + Math.max(2, width(p.minutes)) + 8} y={top + row / 2 + 5}>
                {t('minutes', { value: number(p.minutes) })}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="bk-chart__table">
        <summary className="kern-link">{t('showTable')}</summary>
        <table className="kern-table kern-table--small">
          <caption className="bk-visually-hidden">{t('waitingTitle')}</caption>
          <thead className="kern-table__header">
            <tr className="kern-table__row">
              <th className="kern-table__cell" scope="col">
                {t('colPlace')}
              </th>
              <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                {t('colWaitingShort')}
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {places.map((p) => (
              <tr className="kern-table__row" key={p.name}>
                <th className="kern-table__cell" scope="row">
                  {p.name}
                </th>
                <td className="kern-table__cell kern-table__cell--numeric">{number(p.minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
