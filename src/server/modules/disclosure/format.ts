/** "Hauptstraße 51, 2. OG, 08393 Schönberg" — an address on one line. */
export function formatAddressLine(a: {
  street: string;
  houseNumber: string;
  unit?: string | null;
  postalCode: string;
  city: string;
}): string {
  return `${a.street} ${a.houseNumber}${a.unit ? `, ${a.unit}` : ''}, ${a.postalCode} ${a.city}`;
}
