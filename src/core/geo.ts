/** Great-circle distance in kilometres between two points (haversine, mean Earth radius). */
export function haversineKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Roads are longer than the straight line. 1.3 is a common detour factor for rural Germany; the
 * real road distance Rathaus Meerane → Schönberg is not confirmed (shared/domain-facts.md), so
 * figures built on it are estimates and say so.
 */
export const ROAD_DETOUR_FACTOR = 1.3;

/** Kilometres a citizen saves by being served at `place` instead of travelling to `office` and back. */
export function roundTripSavedKm(
  office: { latitude: number; longitude: number },
  place: { latitude: number; longitude: number },
): number {
  return 2 * haversineKm(office, place) * ROAD_DETOUR_FACTOR;
}
