import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { osrmTravel, straightLineTravel, travelTimesFrom } from './travel';

/**
 * The OSRM adapter against a local fake of OSRM's table service (an outside vendor API, so a
 * stand-in is allowed): the request it sends, the matrix it reads, and the errors it refuses.
 */
let server: http.Server;
let base: string;
let mode: 'ok' | 'unroutable' | 'broken' | 'error' = 'ok';
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const coords = decodeURIComponent((req.url ?? '').split('/table/v1/driving/')[1]!.split('?')[0]!).split(
      ';',
    );
    const n = coords.length;
    if (mode === 'error') {
      res.writeHead(500).end('boom');
      return;
    }
    const durations = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => Math.abs(i - j) * 600),
    );
    const distances = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => Math.abs(i - j) * 9000),
    );
    if (mode === 'unroutable') durations[0]![1] = null as unknown as number;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        mode === 'broken' ? { code: 'Ok', durations: [[0]] } : { code: 'Ok', durations, distances },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const points = [
  { latitude: 50.8519, longitude: 12.4636 },
  { latitude: 50.875, longitude: 12.52 },
  { latitude: 50.872, longitude: 12.487 },
];

describe('travel times', () => {
  it('asks OSRM for one table in lon,lat order and reads minutes and kilometres', async () => {
    mode = 'ok';
    const m = await osrmTravel(base).matrix(points);
    expect(requests.at(-1)).toBe(
      '/table/v1/driving/12.463600,50.851900;12.520000,50.875000;12.487000,50.872000?annotations=duration,distance',
    );
    expect(m.minutes[0]![2]).toBe(20);
    expect(m.km[2]![0]).toBe(18);
  });

  it('refuses a server that is down, answers wrongly or cannot route, instead of guessing', async () => {
    for (const m of ['error', 'broken', 'unroutable'] as const) {
      mode = m;
      await expect(osrmTravel(base).matrix(points)).rejects.toMatchObject({
        code: 'TOUR_ROUTING_UNAVAILABLE',
      });
    }
    await expect(osrmTravel('http://127.0.0.1:9', { timeoutMs: 500 }).matrix(points)).rejects.toMatchObject({
      code: 'TOUR_ROUTING_UNAVAILABLE',
    });
  });

  it('takes straight lines by default and OSRM only when the setting says so', async () => {
    expect(travelTimesFrom(loadConfig({})).name).toBe('haversine');
    expect(travelTimesFrom(loadConfig({ TOURS_TRAVEL_TIMES: 'osrm', TOURS_OSRM_URL: `${base}/` })).name).toBe(
      'osrm',
    );
    expect(() => loadConfig({ TOURS_TRAVEL_TIMES: 'osrm' })).toThrow(/TOURS_OSRM_URL/);
    expect(() => loadConfig({ TOURS_TRAVEL_TIMES: 'google' })).toThrow(/haversine or osrm/);
    const m = await straightLineTravel(1.3, 45).matrix(points);
    expect(m.km[0]![1]).toBeGreaterThan(4.7 * 1.3 - 0.5);
  });
});
