/** Shapes of the register API as the desk reads them (the server's schemas are the source). */
export interface Address {
  dwellingId: string;
  municipalityId: string;
  street: string;
  houseNumber: string;
  unit: string | null;
  postalCode: string;
  city: string;
  dwellingKind: string;
}

export interface PersonSummary {
  id: string;
  familyName: string;
  givenNames: string;
  birthName: string | null;
  doctoralDegree: string | null;
  birthDate: string;
  status: 'resident' | 'moved_away' | 'moved_abroad' | 'deceased';
  fictitious: boolean;
  address: Address | null;
  disclosureBlocked: boolean;
}

export interface PersonRecord {
  id: string;
  familyName: string;
  givenNames: string;
  callName: string | null;
  birthName: string | null;
  doctoralDegree: string | null;
  birthDate: string;
  birthPlace: string;
  sex: 'female' | 'male' | 'diverse' | 'unspecified';
  nationalities: string[];
  status: PersonSummary['status'];
  fictitious: boolean;
  religion: string | null;
  maritalStatus: string;
  /** § 13 Abs. 2 BMG: restricted since this day (#15). */
  restrictedOn?: string | null;
  residences: {
    id: string;
    kind: 'sole' | 'main' | 'secondary';
    movedInOn: string;
    movedOutOn: string | null;
    current: boolean;
    address: Address;
  }[];
  household: { id: string; familyName: string; givenNames: string; birthDate: string }[];
  blocks: { id: string; kind: string; validFrom: string; validUntil: string | null; active: boolean }[];
  activeBlocks: string[];
  disclosureBlocked: boolean;
  idDocuments: {
    id: string;
    kind: string;
    serialNumber: string | null;
    validUntil: string | null;
    status: string;
  }[];
  history: { id: string; kind: string; occurredOn: string; recordedAt: string; caseId: string | null }[];
}

export function formatAddress(a: Address): string {
  return `${a.street} ${a.houseNumber}${a.unit ? `, ${a.unit}` : ''}, ${a.postalCode} ${a.city}`;
}
