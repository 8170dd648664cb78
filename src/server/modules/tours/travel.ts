import { haversineMatrix } from '../../../core/tours/rules';
import type { GeoPoint, TravelMatrix } from '../../../core/tours/types';
import type { AppConfig } from '../../config';
import { AppError } from '../../http/errors';

/** Where travel times between villages come from (ADR 31). Index 0 of `points` is the depot. */
export interface TravelTimes {
  readonly name: string;
  matrix(points: GeoPoint[]): Promise<TravelMatrix>;
}

/** Straight line × road factor at an average speed: no service needed, an estimate. */
export function straightLineTravel(roadFactor: number, speedKmh: number): TravelTimes {
  return {
    name: 'haversine',
    matrix: async (points) => haversineMatrix(points, roadFactor, speedKmh),
  };
}

interface OsrmTable {
  code?: string;
  durations?: (number | null)[][];
  distances?: (number | null)[][];
}

/**
 * An OSRM server's table service (`/table/v1/driving/…?annotations=duration,distance`): road
 * travel times and distances. Only the villages' coordinates leave the system. A server that does
 * not answer, answers wrongly, or cannot route between two villages is a clear error, never a guess.
 */
export function osrmTravel(
  baseUrl: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): TravelTimes {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'osrm',
    async matrix(points) {
      if (points.length < 2) return { km: points.map(() => [0]), minutes: points.map(() => [0]) };
      const coordinates = points.map((p) => `${p.longitude.toFixed(6)},${p.latitude.toFixed(6)}`).join(';');
      const url = `${baseUrl}/table/v1/driving/${coordinates}?annotations=duration,distance`;
      let body: OsrmTable;
      try {
        const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
        if (!response.ok) throw new Error(`status ${response.status}`);
        body = (await response.json()) as OsrmTable;
      } catch {
        throw new AppError('TOUR_ROUTING_UNAVAILABLE');
      }
      const n = points.length;
      const square = (m: unknown): m is number[][] =>
        Array.isArray(m) &&
        m.length === n &&
        m.every(
          (row) =>
            Array.isArray(row) &&
            row.length === n &&
            row.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0),
        );
      if (body.code !== 'Ok' || !square(body.durations) || !square(body.distances)) {
        throw new AppError('TOUR_ROUTING_UNAVAILABLE');
      }
      return {
        minutes: body.durations.map((row) => row.map((s) => s / 60)),
        km: body.distances.map((row) => row.map((m) => m / 1000)),
      };
    },
  };
}

export function travelTimesFrom(config: AppConfig): TravelTimes {
  if (config.toursTravelTimes === 'osrm' && config.toursOsrmUrl) return osrmTravel(config.toursOsrmUrl);
  return straightLineTravel(config.toursRoadFactorPercent / 100, config.toursSpeedKmh);
}
