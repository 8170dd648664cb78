import { useT } from '../../ui/i18n';
import { tourMessages } from './messages';
import type { TourPlan } from './types';

const W = 640;
const H = 420;
const PAD = 36;
/** Distinct by dash pattern and number as well as by colour (colour is never the only cue). */
const STROKES = [
  { colour: '#005ea5', dash: '' },
  { colour: '#b10e1e', dash: '8 4' },
  { colour: '#00703c', dash: '2 4' },
  { colour: '#6f3c97', dash: '12 4 2 4' },
  { colour: '#8a4b00', dash: '6 6' },
];

/**
 * A static map drawn from the villages' coordinates (no tiles, nothing loaded from outside):
 * the town hall, the villages, and each tour as a numbered line. The list is the primary view;
 * the map has a text alternative that says so.
 */
export function TourMap({ plan }: { plan: TourPlan }) {
  const t = useT(tourMessages);
  const placed = plan.villages.filter((v) => v.latitude !== null && v.longitude !== null) as {
    villageId: string;
    name: string;
    latitude: number;
    longitude: number;
  }[];
  const points = [plan.depot, ...placed];
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max(1e-3, (Math.max(...lons) - Math.min(...lons)) * kx);
  const spanY = Math.max(1e-3, Math.max(...lats) - Math.min(...lats));
  const scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const x = (p: { longitude: number }) => PAD + (p.longitude - Math.min(...lons)) * kx * scale;
  const y = (p: { latitude: number }) => H - PAD - (p.latitude - Math.min(...lats)) * scale;
  const inTour = new Set(plan.proposal.tours.flatMap((tour) => tour.stops.map((s) => s.villageId)));
  return (
    <figure className="tour-map">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="tour-map-title tour-map-desc"
        width="100%"
        style={{ maxWidth: `${W}px`, border: '1px solid #5c5c5c', background: '#fff' }}
      >
        <title id="tour-map-title">{t('mapTitle')}</title>
        <desc id="tour-map-desc">{t('mapDesc')}</desc>
        {plan.proposal.tours.map((tour, n) => {
          const s = STROKES[n % STROKES.length]!;
          const path = [plan.depot, ...tour.stops, plan.depot].map(
            (p) => `${x(p).toFixed(1)},${y(p).toFixed(1)}`,
          );
          const first = tour.stops[0];
          return (
            <g key={`${tour.kitId}-${tour.date}`}>
              <polyline
                points={path.join(' ')}
                fill="none"
                stroke={s.colour}
                strokeWidth={3}
                strokeDasharray={s.dash}
              />
              {first && (
                <text
                  x={(x(plan.depot) + x(first)) / 2}
                  y={(y(plan.depot) + y(first)) / 2 - 4}
                  fontSize={14}
                  fontWeight="bold"
                  fill={s.colour}
                >
                  {n + 1}
                </text>
              )}
            </g>
          );
        })}
        {placed.map((v) => (
          <g key={v.villageId}>
            <circle
              cx={x(v)}
              cy={y(v)}
              r={inTour.has(v.villageId) ? 7 : 5}
              fill={inTour.has(v.villageId) ? '#1b1b1b' : '#fff'}
              stroke="#1b1b1b"
              strokeWidth={2}
            />
            <text x={x(v) + 9} y={y(v) + 4} fontSize={12} fill="#1b1b1b">
              {v.name}
            </text>
          </g>
        ))}
        <rect x={x(plan.depot) - 8} y={y(plan.depot) - 8} width={16} height={16} fill="#1b1b1b" />
        <text x={x(plan.depot) + 11} y={y(plan.depot) - 8} fontSize={12} fontWeight="bold" fill="#1b1b1b">
          {t('depot')}
        </text>
      </svg>
      <figcaption className="kern-body">
        {t('mapCaption', { villages: placed.length, tours: plan.proposal.tours.length })}
      </figcaption>
    </figure>
  );
}
