import type { Executor } from '../../db/database';
import { DEMO } from './demo-ids';

/** The Verwaltungsgemeinschaft Meerane–Schönberg: authority, municipalities, villages, locations. */
export async function seedPlaces(db: Executor): Promise<void> {
  const existing = await db
    .selectFrom('authorities')
    .select('id')
    .where('id', '=', DEMO.authorityMeerane)
    .executeTakeFirst();
  if (existing) return;
  const A = DEMO.authorityMeerane;
  await db
    .insertInto('authorities')
    .values({
      id: A,
      authority_id: A,
      name: 'Stadtverwaltung Meerane (erfüllende Gemeinde der Verwaltungsgemeinschaft Meerane–Schönberg)',
      short_name: 'Stadt Meerane',
      kind: 'lead_municipality',
      slug: 'meerane',
      body_kind: 'verwaltungsgemeinschaft',
      joined_115: true,
      ags: '14524190',
      ars: '145245118190',
      street: 'Lörracher Platz 1',
      postal_code: '08393',
      city: 'Meerane',
      phone: '03764 54-0',
      email: 'post@meerane.eu',
      website: 'https://www.meerane.de',
      imprint: JSON.stringify({ representative: 'Bürgermeister der Stadt Meerane' }) as never,
    })
    .execute();
  await db
    .insertInto('municipalities')
    .values([
      {
        id: DEMO.municipalityMeerane,
        authority_id: A,
        name: 'Stadt Meerane',
        ags: '14524190',
        ars: '145245118190',
        postal_code: '08393',
        population: 13888,
        population_date: '2022-12-31',
        latitude: 50.8519,
        longitude: 12.4636,
      },
      {
        id: DEMO.municipalitySchoenberg,
        authority_id: A,
        name: 'Gemeinde Schönberg',
        ags: '14524270',
        ars: '145245118270',
        postal_code: '08393',
        population: 852,
        population_date: '2023-12-31',
        latitude: 50.8667,
        longitude: 12.5,
      },
    ])
    .execute();
  await db
    .updateTable('authorities')
    .set({ lead_municipality_id: DEMO.municipalityMeerane })
    .where('id', '=', A)
    .execute();
  const V = DEMO.villages;
  const mm = DEMO.municipalityMeerane;
  const ms = DEMO.municipalitySchoenberg;
  await db
    .insertInto('villages')
    .values([
      {
        id: V.meeraneKern,
        authority_id: A,
        municipality_id: mm,
        name: 'Meerane (Kernstadt)',
        kind: 'core',
        parent_village_id: null,
        slug: 'meerane',
        latitude: 50.8519,
        longitude: 12.4636,
      },
      {
        id: V.crotenlaide,
        authority_id: A,
        municipality_id: mm,
        name: 'Crotenlaide',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'crotenlaide',
        latitude: 50.8331,
        longitude: 12.4769,
      },
      {
        id: V.dittrich,
        authority_id: A,
        municipality_id: mm,
        name: 'Dittrich',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'dittrich',
        latitude: 50.842,
        longitude: 12.442,
      },
      {
        id: V.seiferitz,
        authority_id: A,
        municipality_id: mm,
        name: 'Seiferitz',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'seiferitz',
        latitude: 50.8296,
        longitude: 12.452,
      },
      {
        id: V.waldsachsen,
        authority_id: A,
        municipality_id: mm,
        name: 'Waldsachsen',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'waldsachsen',
        latitude: 50.8602,
        longitude: 12.438,
      },
      {
        id: V.schoenberg,
        authority_id: A,
        municipality_id: ms,
        name: 'Schönberg',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'schoenberg',
        latitude: 50.8667,
        longitude: 12.5,
      },
      {
        id: V.koethel,
        authority_id: A,
        municipality_id: ms,
        name: 'Köthel',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'koethel',
        latitude: 50.872,
        longitude: 12.487,
      },
      {
        id: V.pfaffroda,
        authority_id: A,
        municipality_id: ms,
        name: 'Pfaffroda',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'pfaffroda',
        latitude: 50.858,
        longitude: 12.515,
      },
      {
        id: V.tettau,
        authority_id: A,
        municipality_id: ms,
        name: 'Tettau',
        kind: 'ortsteil',
        parent_village_id: null,
        slug: 'tettau',
        latitude: 50.875,
        longitude: 12.52,
      },
    ])
    .execute();
  await db
    .insertInto('villages')
    .values([
      {
        id: V.oberdorf,
        authority_id: A,
        municipality_id: ms,
        name: 'Oberdorf',
        kind: 'ortslage',
        parent_village_id: V.tettau,
        slug: 'oberdorf',
        latitude: 50.88,
        longitude: 12.526,
      },
      {
        id: V.wuenschendorf,
        authority_id: A,
        municipality_id: ms,
        name: 'Wünschendorf',
        kind: 'ortslage',
        parent_village_id: V.tettau,
        slug: 'wuenschendorf',
        latitude: 50.883,
        longitude: 12.511,
      },
      {
        id: V.breitenbach,
        authority_id: A,
        municipality_id: ms,
        name: 'Breitenbach',
        kind: 'ortslage',
        parent_village_id: V.pfaffroda,
        slug: 'breitenbach',
        latitude: 50.852,
        longitude: 12.526,
      },
    ])
    .execute();
  const L = DEMO.locations;
  await db
    .insertInto('locations')
    .values([
      {
        id: L.rathausMeerane,
        authority_id: A,
        municipality_id: mm,
        village_id: V.meeraneKern,
        name: 'Bürgerbüro im Neuen Rathaus Meerane',
        slug: 'rathaus-meerane',
        kind: 'town_hall',
        street: 'Lörracher Platz 1',
        postal_code: '08393',
        city: 'Meerane',
        latitude: 50.8519,
        longitude: 12.4636,
        step_free: true,
        accessibility_notes: 'Demo-Angabe: stufenloser Zugang und Aufzug (vor Ort bestätigen).',
        opening_notes:
          'Öffnungszeiten des Bürgerbüros siehe www.meerane.de (in den Demo-Daten nicht hinterlegt).',
      },
      {
        id: L.gemeindeamtSchoenberg,
        authority_id: A,
        municipality_id: ms,
        village_id: V.schoenberg,
        name: 'Gemeindeverwaltung Schönberg',
        slug: 'gemeindeamt-schoenberg',
        kind: 'village_hall',
        street: 'Hauptstraße 51',
        postal_code: '08393',
        city: 'Schönberg',
        latitude: 50.8667,
        longitude: 12.5,
        step_free: false,
        accessibility_notes: 'Demo-Angabe: Eingang mit zwei Stufen; bei Bedarf Hausbesuch anfragen.',
        opening_notes: 'Mobiles Bürgerbüro an den angekündigten Sprechtagen.',
      },
      {
        id: L.tettau,
        authority_id: A,
        municipality_id: ms,
        village_id: V.tettau,
        name: 'Dorfgemeinschaftshaus Tettau (Demo)',
        slug: 'dgh-tettau',
        kind: 'community_centre',
        street: 'Dorfstraße 1 (Demo-Adresse)',
        postal_code: '08393',
        city: 'Schönberg OT Tettau',
        latitude: 50.875,
        longitude: 12.52,
        step_free: true,
        accessibility_notes: 'Demo-Angabe: ebenerdiger Saal.',
        opening_notes: null,
      },
      {
        id: L.pfaffrodaCareHome,
        authority_id: A,
        municipality_id: ms,
        village_id: V.pfaffroda,
        name: 'Seniorenwohnen Pfaffroda (Demo)',
        slug: 'seniorenwohnen-pfaffroda',
        kind: 'care_home',
        street: 'Am Anger 3 (Demo-Adresse)',
        postal_code: '08393',
        city: 'Schönberg OT Pfaffroda',
        latitude: 50.858,
        longitude: 12.515,
        step_free: true,
        accessibility_notes: 'Demo-Angabe: barrierefrei; Sprechtag für Bewohnerinnen und Bewohner.',
        opening_notes: null,
      },
      {
        id: L.koethel,
        authority_id: A,
        municipality_id: ms,
        village_id: V.koethel,
        name: 'Feuerwehrhaus Köthel (Demo)',
        slug: 'feuerwehrhaus-koethel',
        kind: 'other',
        street: 'Köthel 12 (Demo-Adresse)',
        postal_code: '08393',
        city: 'Schönberg OT Köthel',
        latitude: 50.872,
        longitude: 12.487,
        step_free: false,
        accessibility_notes: 'Demo-Angabe: Schulungsraum im Obergeschoss, kein Aufzug.',
        opening_notes: null,
      },
    ])
    .execute();
}
