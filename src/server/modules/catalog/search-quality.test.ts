import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/**
 * What real people type, and the service that must come first. Colloquial, misspelt, inflected,
 * English, and questions in whole sentences (#3).
 */
const QUALITY: [query: string, firstSlug: string][] = [
  ['perso', 'personalausweis-beantragen'],
  ['Perso', 'personalausweis-beantragen'],
  ['personalausweiß', 'personalausweis-beantragen'],
  ['Personalausweis', 'personalausweis-beantragen'],
  ['personalausweis beantragen', 'personalausweis-beantragen'],
  ['neuer ausweis', 'personalausweis-beantragen'],
  ['personalauswies', 'personalausweis-beantragen'],
  ['reisepas', 'reisepass-beantragen'],
  ['reisepass express', 'reisepass-beantragen'],
  ['pass verloren', 'verlustanzeige-ausweis'],
  ['perso verloren', 'verlustanzeige-ausweis'],
  ['personalausweis gestohlen', 'verlustanzeige-ausweis'],
  ['ausweis gestohlen', 'verlustanzeige-ausweis'],
  ['fürungszeugnis', 'fuehrungszeugnis-beantragen'],
  ['polizeiliches führungszeugnis', 'fuehrungszeugnis-beantragen'],
  ['führungszeugnisse', 'fuehrungszeugnis-beantragen'],
  ['fuehrungszeugnis', 'fuehrungszeugnis-beantragen'],
  ['ich ziehe um', 'anmeldung-einer-wohnung'],
  ['wohnung anmelden', 'anmeldung-einer-wohnung'],
  ['umzug', 'anmeldung-einer-wohnung'],
  ['wohnsitz anmelden', 'anmeldung-einer-wohnung'],
  ['umzug innerhalb meerane', 'ummeldung-innerhalb-der-gemeinde'],
  ['auswandern', 'abmeldung-einer-wohnung'],
  ['wegzug ins ausland', 'abmeldung-einer-wohnung'],
  ['hund anmelden', 'hundesteuer-anmeldung'],
  ['hundesteur', 'hundesteuer-anmeldung'],
  ['hund abmelden', 'hundesteuer-abmeldung'],
  ['meldebescheinigung', 'meldebescheinigung'],
  ['meldebeschenigung', 'meldebescheinigung'],
  ['beglaubigen', 'beglaubigung'],
  ['zeugnis kopie beglaubigen', 'beglaubigung'],
  ['gewerbe anmelden', 'gewerbe-anmeldung'],
  ['gewerbeanmeldung', 'gewerbe-anmeldung'],
  ['gewerbe abmelden', 'gewerbe-abmeldung'],
  ['firma ummelden', 'gewerbe-ummeldung'],
  ['briefwahl', 'briefwahl-wahlschein'],
  ['wahlschein beantragen', 'briefwahl-wahlschein'],
  ['fundbüro', 'fundsache'],
  ['geldbörse gefunden', 'fundsache'],
  ['wohngeld', 'wohngeld-antrag-annahme'],
  ['lebensbescheinigung rente', 'lebensbescheinigung'],
  ['pin vergessen', 'eid-pin-ruecksetzen'],
  ['adresse im ausweis ändern', 'anschrift-im-ausweis-aendern'],
  ['auskunftssperre', 'auskunftssperre'],
  ['widerspruch wahlwerbung', 'uebermittlungssperre'],
  ['gewerbezentralregister', 'gewerbezentralregister-auskunft'],
  ['vorläufiger ausweis', 'vorlaeufiger-personalausweis'],
  ['ausweis abholen', 'ausweisdokument-aushaendigung'],
  ['haushaltsbescheinigung kindergeld', 'haushaltsbescheinigung'],
  ['passport', 'reisepass-beantragen'],
  ['certificate of good conduct', 'fuehrungszeugnis-beantragen'],
  ['register my address', 'anmeldung-einer-wohnung'],
  ['befreiung ausweispflicht pflegeheim', 'ausweisbefreiung'],
  ['ausweis', 'personalausweis-beantragen'],
  ['pass', 'reisepass-beantragen'],
  ['kinderreisepass', 'reisepass-beantragen'],
  ['meldebestätigung', 'anmeldung-einer-wohnung'],
  ['führungszeugnis für ehrenamt', 'fuehrungszeugnis-beantragen'],
  ['stalker', 'auskunftssperre'],
  ['rente', 'lebensbescheinigung'],
  ['hund', 'hundesteuer-anmeldung'],
  ['adresse einer person herausfinden', 'melderegisterauskunft'],
];

describe('search quality (#3)', () => {
  it.each(QUALITY)('finds the right service first for "%s"', async (q, slug) => {
    const res = await t.anonymous().get(`/api/catalog/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    const results = res.json().results as { slug: string; score: number }[];
    expect(results.map((r) => r.slug).slice(0, 3), q).toContain(slug);
    expect(results[0]?.slug, `${q}: ${results.map((r) => `${r.slug} ${r.score}`).join(', ')}`).toBe(slug);
  });
});
