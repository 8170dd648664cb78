import { describe, expect, it } from 'vitest';
import { haversineKm, roundTripSavedKm } from './geo';

describe('distances', () => {
  it('puts the town centres of Meerane and Schönberg about 3 km apart (domain facts)', () => {
    const meerane = { latitude: 50.8519, longitude: 12.4636 };
    const schoenberg = { latitude: 50.8667, longitude: 12.5 };
    expect(haversineKm(meerane, schoenberg)).toBeCloseTo(3.0, 0);
    expect(roundTripSavedKm(meerane, schoenberg)).toBeCloseTo(2 * 3.03 * 1.3, 0);
  });
  it('is zero for the same place and symmetric', () => {
    const p = { latitude: 50.85, longitude: 12.46 };
    const q = { latitude: 51.05, longitude: 13.74 };
    expect(haversineKm(p, p)).toBe(0);
    expect(haversineKm(p, q)).toBeCloseTo(haversineKm(q, p), 9);
  });
});
