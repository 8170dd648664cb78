import type { Localized } from '../catalog/types';
import type { IsoDate } from '../time';

/**
 * Form definitions are declared data: the fields of a service's application, their types,
 * when they show and when they are required. One definition drives the desk's and the kit's
 * form renderer and `validateForm`, which runs unchanged in the browser, the offline kit and
 * the server. Data is a plain JSON object; a field's place in it is its JSON pointer
 * (`/moveInDate`, `/additionalPersons/0/familyName`).
 */

/** Conditions decide whether a field shows (`when`) or must be filled (`required`). */
export type Condition =
  /** `field` is a sibling's name, or an absolute pointer starting with "/". */
  | { field: string; equals: string | number | boolean }
  | { field: string; in: (string | number | boolean)[] }
  | { field: string; filled: boolean }
  /** The case's person is (or is not) already in the register. */
  | { hasPerson: boolean }
  /** The applicant's age on the application date, in completed years, is below the number. */
  | { ageBelow: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** A date bound relative to the application date, with the code and message for a violation. */
export interface DateLimit {
  daysFromToday: number;
  code: string;
  message: Localized;
}

export interface ChoiceOptionDef {
  value: string;
  label: Localized;
  hint?: Localized;
}

interface FieldBase {
  /** Property name in the data object (unique among its siblings). */
  name: string;
  label: Localized;
  hint?: Localized;
  /** Absent or false = optional. */
  required?: boolean | Condition;
  /** Code and message when a required field is empty (default: "required"). */
  requiredCode?: string;
  requiredMessage?: Localized;
  /** The field shows only when this holds; otherwise a value sent for it is dropped. */
  when?: Condition;
}

export type FormField =
  | (FieldBase & {
      type: 'text';
      minLength?: number;
      maxLength?: number;
      /** Regular expression the whole value must match (after trimming). */
      pattern?: string;
      patternMessage?: Localized;
      autocomplete?: string;
      inputMode?: 'text' | 'numeric' | 'email' | 'tel';
      width?: 'short' | 'medium';
    })
  | (FieldBase & { type: 'textarea'; maxLength?: number })
  | (FieldBase & {
      type: 'date';
      notAfter?: DateLimit;
      notBefore?: DateLimit;
      /** Not an error, but worth telling: e.g. a registration after the two-week deadline. */
      warnBefore?: DateLimit;
    })
  | (FieldBase & {
      type: 'integer';
      min?: number;
      max?: number;
      unit?: Localized;
      /** Not an error, but worth telling when the value is at most this (e.g. a found item of little value). */
      warnAtMost?: { value: number; code: string; message: Localized };
    })
  | (FieldBase & {
      type: 'choice';
      /** Fixed options, or the name of a list the caller provides in context.options. */
      options?: ChoiceOptionDef[];
      optionsFrom?: string;
      /** Values of the list that are not allowed here (e.g. Germany as destination abroad). */
      excludeValues?: string[];
      excludeCode?: string;
      excludeMessage?: Localized;
      multiple?: boolean;
      minItems?: number;
      style?: 'radio' | 'select' | 'checkbox';
    })
  /** A checkbox that must be ticked when required (a confirmation). */
  | (FieldBase & { type: 'confirm' })
  /** Photo, signature or scan: the SHA-256 (hex) of an uploaded file; `multiple` = a list. */
  | (FieldBase & { type: 'attachment'; kind: AttachmentKind; multiple?: boolean; maxItems?: number })
  /** Persons from the register (ids) chosen from context.options[optionsFrom], e.g. household members. */
  | (FieldBase & { type: 'persons'; optionsFrom: string })
  | (FieldBase & {
      type: 'group';
      fields: FormField[];
      /** A list of such groups (e.g. further persons moving in). */
      repeat?: { min: number; max: number; itemLabel: Localized; addLabel: Localized };
    });

export type FieldType = FormField['type'];
export type AttachmentKind = 'photo' | 'signature' | 'scan';

export interface FormSection {
  id: string;
  title: Localized;
  hint?: Localized;
  fields: FormField[];
  when?: Condition;
}

export interface FeeBinding {
  /** Pointer of the field holding the number of units for per-unit fees (pages, documents). */
  unitsField?: string;
  /** Pointer of the field holding the chosen fee options (ids from the catalogue's fee schedule). */
  optionsField?: string;
}

export interface FormDefinition {
  key: string;
  /** Raised whenever fields change in a way that old data may not pass. */
  version: number;
  title: Localized;
  intro?: Localized;
  sections: FormSection[];
  fee?: FeeBinding;
  /** Where the applicant's birth date is when the person is not in the register. */
  applicantBirthDateField?: string;
}

export interface ContextOption {
  value: string;
  label: string;
  hint?: string;
}

/** What validation knows besides the data. The kit fills it from its replica, the server from the database. */
export interface FormContext {
  /** The application date (Europe/Berlin). */
  today: IsoDate;
  /** Birth date of the case's person if they are in the register. */
  personBirthDate?: IsoDate | null;
  /** Whether the case's person is in the register. */
  hasPerson: boolean;
  /** Dynamic option lists: municipalities, household members, fee options … */
  options?: Record<string, ContextOption[]>;
  /** Uploaded files by SHA-256 and their kind; absent = not checked (the server checks). */
  attachments?: Record<string, AttachmentKind>;
}

export interface FormIssue {
  /** JSON pointer of the field. */
  pointer: string;
  code: string;
  message: Localized;
  params?: Record<string, string | number>;
}

export interface FormValidation {
  valid: boolean;
  errors: FormIssue[];
  warnings: FormIssue[];
  /** The data as it will be stored: trimmed, hidden fields dropped, empty values removed. */
  data: Record<string, unknown>;
}
