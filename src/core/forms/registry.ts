import { beglaubigung, fuehrungszeugnis, lebensbescheinigung } from './definitions/certificates';
import {
  aushaendigung,
  personalausweis,
  reisepass,
  vorlaeufigerPersonalausweis,
} from './definitions/id-documents';
import { fundsache, hundesteuerAbmeldung, hundesteuerAnmeldung } from './definitions/local';
import {
  abmeldung,
  anmeldung,
  auskunftssperre,
  meldebescheinigung,
  uebermittlungssperre,
} from './definitions/registration';
import type { FormDefinition } from './types';

/** Every form by its key; the catalogue names the key of a service's form (`formKey`). */
export const FORM_DEFINITIONS: Readonly<Record<string, FormDefinition>> = Object.fromEntries(
  [
    anmeldung,
    abmeldung,
    meldebescheinigung,
    auskunftssperre,
    uebermittlungssperre,
    personalausweis,
    reisepass,
    vorlaeufigerPersonalausweis,
    aushaendigung,
    fuehrungszeugnis,
    beglaubigung,
    lebensbescheinigung,
    hundesteuerAnmeldung,
    hundesteuerAbmeldung,
    fundsache,
  ].map((d) => [d.key, d]),
);

export type FormKey = keyof typeof FORM_DEFINITIONS;

export function getFormDefinition(key: string): FormDefinition | undefined {
  return Object.hasOwn(FORM_DEFINITIONS, key) ? FORM_DEFINITIONS[key] : undefined;
}
