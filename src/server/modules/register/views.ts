import type { Selectable } from 'kysely';
import type { BlockKind, DwellingKind, ResidenceKind } from '../../../core/register/vocabulary';
import type {
  RegisterBlocksTable,
  RegisterDwellingsTable,
  RegisterIdDocumentsTable,
  RegisterPersonsTable,
} from './tables';

/** What the register shows of its rows (camelCase views, the shapes the API and the kit use). */

export interface AddressView {
  dwellingId: string;
  municipalityId: string;
  villageId: string | null;
  street: string;
  houseNumber: string;
  unit: string | null;
  postalCode: string;
  city: string;
  dwellingKind: DwellingKind;
}

export function toAddressView(d: Selectable<RegisterDwellingsTable>): AddressView {
  return {
    dwellingId: d.id,
    municipalityId: d.municipality_id,
    villageId: d.village_id,
    street: d.street,
    houseNumber: d.house_number,
    unit: d.unit,
    postalCode: d.postal_code,
    city: d.city,
    dwellingKind: d.kind,
  };
}

/** "Ahornweg 12, 2. OG links, 08393 Meerane". */
export function formatAddress(
  a: Pick<AddressView, 'street' | 'houseNumber' | 'unit' | 'postalCode' | 'city'>,
): string {
  return `${a.street} ${a.houseNumber}${a.unit ? `, ${a.unit}` : ''}, ${a.postalCode} ${a.city}`;
}

export interface ResidenceView {
  id: string;
  kind: ResidenceKind;
  movedInOn: string;
  registeredOn: string;
  movedOutOn: string | null;
  current: boolean;
  address: AddressView;
}

export interface BlockView {
  id: string;
  kind: BlockKind;
  validFrom: string;
  validUntil: string | null;
  active: boolean;
}

export function isBlockActive(
  b: Pick<Selectable<RegisterBlocksTable>, 'lifted_on' | 'valid_until' | 'valid_from'>,
  today: string,
): boolean {
  return !b.lifted_on && b.valid_from <= today && (!b.valid_until || b.valid_until >= today);
}

export function toBlockView(b: Selectable<RegisterBlocksTable>, today: string): BlockView {
  return {
    id: b.id,
    kind: b.kind,
    validFrom: b.valid_from,
    validUntil: b.valid_until,
    active: isBlockActive(b, today),
  };
}

export interface IdDocumentView {
  id: string;
  kind: Selectable<RegisterIdDocumentsTable>['kind'];
  serialNumber: string | null;
  issuedOn: string | null;
  validUntil: string | null;
  status: Selectable<RegisterIdDocumentsTable>['status'];
}

export function toIdDocumentView(d: Selectable<RegisterIdDocumentsTable>, today: string): IdDocumentView {
  const expired = d.status === 'valid' && d.valid_until !== null && d.valid_until < today;
  return {
    id: d.id,
    kind: d.kind,
    serialNumber: d.serial_number,
    issuedOn: d.issued_on,
    validUntil: d.valid_until,
    status: expired ? 'expired' : d.status,
  };
}

export interface PersonCore {
  id: string;
  familyName: string;
  givenNames: string;
  callName: string | null;
  birthName: string | null;
  doctoralDegree: string | null;
  birthDate: string;
  birthPlace: string;
  sex: Selectable<RegisterPersonsTable>['sex'];
  nationalities: string[];
  status: Selectable<RegisterPersonsTable>['status'];
  householdId: string | null;
  fictitious: boolean;
  version: number;
}

export function toPersonCore(p: Selectable<RegisterPersonsTable>): PersonCore {
  return {
    id: p.id,
    familyName: p.family_name,
    givenNames: p.given_names,
    callName: p.call_name,
    birthName: p.birth_name,
    doctoralDegree: p.doctoral_degree,
    birthDate: p.birth_date,
    birthPlace: p.birth_place,
    sex: p.sex,
    nationalities: p.nationalities,
    status: p.status,
    householdId: p.household_id,
    fictitious: p.fictitious,
    version: p.version,
  };
}

/** "Mustermann, Erika" (with the doctoral degree: "Dr. Mustermann, Erika"). */
export function displayName(p: {
  familyName: string;
  givenNames: string;
  doctoralDegree?: string | null;
}): string {
  return `${p.doctoralDegree ? `${p.doctoralDegree} ` : ''}${p.familyName}, ${p.givenNames}`;
}
