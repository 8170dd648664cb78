import {
  normaliseHouseNumber,
  normaliseName,
  normaliseStreet,
  personSearchText,
} from '../../../core/register/names';
import type { Executor } from '../../db/database';
import { DEMO } from '../places/demo-ids';
import { insertGeneratedBatch } from './bulk-insert';
import { DEMO_REGISTER } from './demo-ids';
import { type GeneratorMunicipality, generateResidents } from './generator';

/** The day the demo register is "as of": fixed, so the generated residents are the same every time. */
export const DEMO_REGISTER_AS_OF = '2026-01-01';
export const DEMO_SEED = 20260101;

const V = DEMO.villages;

export const DEMO_MUNICIPALITIES: GeneratorMunicipality[] = [
  {
    id: DEMO.municipalitySchoenberg,
    city: 'Schönberg',
    postalCode: '08393',
    residents: 900,
    villages: [
      { id: V.schoenberg, name: 'Schönberg', weight: 4, core: true },
      { id: V.koethel, name: 'Köthel', weight: 2, core: false },
      { id: V.pfaffroda, name: 'Pfaffroda', weight: 2, core: false },
      { id: V.tettau, name: 'Tettau', weight: 2, core: false },
    ],
    careHomes: [{ villageId: V.pfaffroda, street: 'Am Anger', houseNumber: '3', residents: 24 }],
  },
  {
    id: DEMO.municipalityMeerane,
    city: 'Meerane',
    postalCode: '08393',
    residents: 14_000,
    villages: [
      { id: V.meeraneKern, name: 'Meerane', weight: 24, core: true },
      { id: V.crotenlaide, name: 'Crotenlaide', weight: 1, core: false },
      { id: V.dittrich, name: 'Dittrich', weight: 1, core: false },
      { id: V.seiferitz, name: 'Seiferitz', weight: 1, core: false },
      { id: V.waldsachsen, name: 'Waldsachsen', weight: 1, core: false },
    ],
  },
];

/**
 * Demo residents: a handful of named fictitious people the tests and the e2e scenarios use, and
 * about 900 generated residents in Schönberg and 14,000 in Meerane (batched inserts).
 */
export async function seedRegisterDemo(db: Executor): Promise<void> {
  await seedNamedResidents(db);
  for (const batch of generateResidents({
    authorityId: DEMO.authorityMeerane,
    municipalities: DEMO_MUNICIPALITIES,
    seed: DEMO_SEED,
    asOf: DEMO_REGISTER_AS_OF,
    batchSize: 5000,
  })) {
    await insertGeneratedBatch(db, DEMO.authorityMeerane, batch);
  }
}

async function seedNamedResidents(db: Executor): Promise<void> {
  const A = DEMO.authorityMeerane;
  const D = DEMO_REGISTER.dwellings;
  const H = DEMO_REGISTER.households;
  const P = DEMO_REGISTER.persons;
  const dwelling = (
    id: string,
    municipalityId: string,
    villageId: string,
    street: string,
    houseNumber: string,
    unit: string | null,
    city: string,
    kind: 'standard' | 'care_home' = 'standard',
  ) => ({
    id,
    authority_id: A,
    municipality_id: municipalityId,
    village_id: villageId,
    street,
    house_number: houseNumber,
    unit,
    postal_code: '08393',
    city,
    kind,
    street_norm: normaliseStreet(street),
    house_number_norm: normaliseHouseNumber(houseNumber),
    fictitious: true,
  });
  await db
    .insertInto('register_dwellings')
    .values([
      dwelling(
        D.musterweg3Schoenberg,
        DEMO.municipalitySchoenberg,
        V.schoenberg,
        'Musterweg',
        '3',
        null,
        'Schönberg',
      ),
      dwelling(
        D.beispielstrasse7Meerane,
        DEMO.municipalityMeerane,
        V.meeraneKern,
        'Beispielstraße',
        '7',
        'EG links',
        'Meerane',
      ),
      dwelling(
        D.beispielstrasse7MeeraneOg2,
        DEMO.municipalityMeerane,
        V.meeraneKern,
        'Beispielstraße',
        '7',
        '2. OG rechts',
        'Meerane',
      ),
      dwelling(
        D.beispielstrasse9Meerane,
        DEMO.municipalityMeerane,
        V.meeraneKern,
        'Beispielstraße',
        '9',
        null,
        'Meerane',
      ),
      dwelling(
        D.amAnger3Pfaffroda,
        DEMO.municipalitySchoenberg,
        V.pfaffroda,
        'Am Anger',
        '3',
        'Zimmer 30',
        'Schönberg OT Pfaffroda',
        'care_home',
      ),
    ])
    .execute();
  await db
    .insertInto('register_households')
    .values(Object.values(H).map((id) => ({ id, authority_id: A })))
    .execute();
  const person = (
    id: string,
    household: string,
    p: {
      family: string;
      given: string;
      call?: string;
      birthName?: string;
      degree?: string;
      born: string;
      place: string;
      sex: 'female' | 'male';
      nat?: string[];
      religion: 'ev' | 'rk' | 'none';
      marital: 'single' | 'married' | 'widowed' | 'divorced';
    },
  ) => ({
    id,
    authority_id: A,
    family_name: p.family,
    given_names: p.given,
    call_name: p.call ?? null,
    birth_name: p.birthName ?? null,
    doctoral_degree: p.degree ?? null,
    birth_date: p.born,
    birth_place: p.place,
    sex: p.sex,
    nationalities: p.nat ?? ['DE'],
    religion: p.religion,
    marital_status: p.marital,
    deceased_on: null,
    household_id: household,
    family_name_norm: normaliseName(p.family),
    given_names_norm: normaliseName(p.given),
    search_name: personSearchText(p.family, p.birthName),
    fictitious: true,
  });
  await db
    .insertInto('register_persons')
    .values([
      person(P.erikaMustermann, H.mustermann, {
        family: 'Mustermann',
        given: 'Erika Johanna',
        call: 'Erika',
        birthName: 'Gabler',
        born: '1964-08-12',
        place: 'Zwickau',
        sex: 'female',
        religion: 'ev',
        marital: 'married',
      }),
      person(P.maxMustermann, H.mustermann, {
        family: 'Mustermann',
        given: 'Max',
        born: '1962-02-20',
        place: 'Meerane',
        sex: 'male',
        religion: 'none',
        marital: 'married',
      }),
      person(P.leonieMustermann, H.mustermann, {
        family: 'Mustermann',
        given: 'Leonie',
        born: '2014-05-09',
        place: 'Glauchau',
        sex: 'female',
        religion: 'none',
        marital: 'single',
      }),
      person(P.berndBeispiel, H.beispiel, {
        family: 'Beispiel',
        given: 'Bernd',
        born: '1979-11-30',
        place: 'Chemnitz',
        sex: 'male',
        religion: 'none',
        marital: 'divorced',
      }),
      person(P.juergenMuellerLuedenscheidt, H.muellerLuedenscheidt, {
        family: 'Müller-Lüdenscheidt',
        given: 'Jürgen',
        degree: 'Dr.',
        born: '1958-04-01',
        place: 'Leipzig',
        sex: 'male',
        religion: 'rk',
        marital: 'widowed',
      }),
      person(P.zoeWeiss, H.weiss, {
        family: 'Weiß',
        given: 'Zoë',
        born: '2004-03-03',
        place: 'Gera',
        sex: 'female',
        nat: ['DE', 'FR'],
        religion: 'none',
        marital: 'single',
      }),
      person(P.gertrudExempel, H.exempel, {
        family: 'Exempel',
        given: 'Gertrud',
        born: '1936-01-17',
        place: 'Altenburg',
        sex: 'female',
        religion: 'ev',
        marital: 'widowed',
      }),
    ])
    .execute();
  const residence = (n: number, personId: string, dwellingId: string, movedIn: string) => ({
    id: `01900000-0000-7000-8000-0000000053${String(n).padStart(2, '0')}`,
    authority_id: A,
    person_id: personId,
    dwelling_id: dwellingId,
    kind: 'sole' as const,
    moved_in_on: movedIn,
    registered_on: movedIn,
    moved_out_on: null,
    deregistered_on: null,
    case_id: null,
  });
  await db
    .insertInto('register_residences')
    .values([
      residence(1, P.erikaMustermann, D.musterweg3Schoenberg, '1998-07-01'),
      residence(2, P.maxMustermann, D.musterweg3Schoenberg, '1998-07-01'),
      residence(3, P.leonieMustermann, D.musterweg3Schoenberg, '2014-05-09'),
      residence(4, P.berndBeispiel, D.beispielstrasse7Meerane, '2019-03-15'),
      residence(5, P.juergenMuellerLuedenscheidt, D.beispielstrasse7MeeraneOg2, '2001-10-01'),
      residence(6, P.zoeWeiss, D.beispielstrasse9Meerane, '2023-09-01'),
      residence(7, P.gertrudExempel, D.amAnger3Pfaffroda, '2021-04-12'),
    ])
    .execute();
  await db
    .insertInto('register_blocks')
    .values({
      id: '01900000-0000-7000-8000-000000005401',
      authority_id: A,
      person_id: P.berndBeispiel,
      kind: 'information_block',
      valid_from: '2025-06-01',
      valid_until: '2027-05-31',
      reason: 'Demo: Gefährdung glaubhaft gemacht',
      case_id: null,
      lifted_on: null,
    })
    .execute();
  const doc = (n: number, personId: string, kind: 'id_card' | 'passport', issued: string, until: string) => ({
    id: `01900000-0000-7000-8000-0000000055${String(n).padStart(2, '0')}`,
    authority_id: A,
    person_id: personId,
    kind,
    serial_number: `L01X00T${String(n).padStart(2, '0')}`,
    issued_on: issued,
    valid_until: until,
    issuing_authority: 'Stadt Meerane',
    status: 'valid' as const,
    case_id: null,
  });
  await db
    .insertInto('register_id_documents')
    .values([
      doc(1, P.erikaMustermann, 'id_card', '2019-03-15', '2029-03-14'),
      doc(2, P.maxMustermann, 'id_card', '2016-05-02', '2026-05-01'),
      doc(3, P.berndBeispiel, 'id_card', '2020-01-10', '2030-01-09'),
      doc(4, P.juergenMuellerLuedenscheidt, 'passport', '2018-06-01', '2028-05-31'),
      doc(5, P.zoeWeiss, 'id_card', '2020-04-01', '2026-03-31'),
    ])
    .execute();
}
