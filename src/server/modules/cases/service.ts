import type { Selectable } from 'kysely';
import { validUntil } from '../../../core/cases/id-documents';
import {
  formatAccessCode,
  isAccessCode,
  isLocalNumber,
  newAccessCode,
  normaliseCode,
  parseCaseNumber,
} from '../../../core/cases/numbers';
import {
  CATALOG_CHANNEL_OF,
  type CaseChannel,
  type ServiceBehaviour,
  serviceBehaviour,
  transitionsFor,
} from '../../../core/cases/services';
import {
  CASE_STATE_FOR_CITIZENS,
  CASE_STATE_LABELS,
  type CaseState,
  checkTransition,
  OPEN_STATES,
} from '../../../core/cases/state-machine';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { type DescribedSection, describeForm } from '../../../core/forms/describe';
import { feeInputFromForm } from '../../../core/forms/fee-input';
import { getFormDefinition } from '../../../core/forms/registry';
import type { FormDefinition, FormIssue } from '../../../core/forms/types';
import { validateForm } from '../../../core/forms/validate';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import { type IsoDate, localDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { AppError, type ErrorCode, type FieldError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { getPublishedServicesByIds } from '../catalog/service';
import {
  cancelFeeClaim,
  claimSettled,
  createFeeClaim,
  type FeeClaimView,
  feeClaimsForCases,
  type PaymentView,
  paymentsForCases,
} from '../payments/service';
import { recordIdDocumentIssued, recordIdDocumentWithdrawn } from '../register/records';
import { loadPersonRecord, type PersonRecord } from '../register/service';
import { displayName } from '../register/views';
import { purgeCaseAttachments } from './attachments';
import { applySubmitEffects, ID_DOCUMENT_OF } from './effects';
import { attachmentRefs, buildFormContext, contextOptions } from './form-context';
import { nextCaseNumber } from './numbering';
import { queueReadyNotice } from './ready-notice';
import type { CasesTable } from './tables';

/**
 * Cases (Vorgänge): one catalogue service for one person. The exported functions run inside the
 * caller's transaction with the caller's actor — the desk's routes and the kit's sync commands
 * call them alike — and accept caller-supplied ids (UUIDv7) and the kit's own numbers, so a
 * repeated command does the work once. Rule violations are rejected with stable codes, never
 * silently fixed.
 *
 *   captureCase     a service captured for a person (validated form, fee claim, number)
 *   submitCase      submitted: the service's effects (register updated …); immediate ones complete
 *   transitionCase  any other step of the state machine (in progress, ready, rejected, cancelled)
 *   handOver        a ready ID document handed over
 */

export interface CaseOptions {
  /** The application date (Europe/Berlin); default today. */
  today?: IsoDate;
  /** Language of field messages in errors. */
  locale?: Locale;
  /** Base URL for links in notices (PUBLIC_URL). */
  publicUrl?: string;
}

type CaseRow = Selectable<CasesTable>;

/** Field problems whose rule has its own error code (the first one found names the error). */
const RULE_ERRORS: Record<string, ErrorCode> = {
  move_in_in_future: 'REGISTER_MOVE_IN_DATE_IN_FUTURE',
  landlord_confirmation_missing: 'REGISTER_LANDLORD_CONFIRMATION_MISSING',
  move_out_too_far_ahead: 'REGISTER_MOVE_OUT_TOO_EARLY',
  destination_not_abroad: 'REGISTER_DESTINATION_NOT_ABROAD',
};

function formError(errors: FormIssue[], locale: Locale): AppError {
  const fieldErrors: FieldError[] = errors.map((e) => ({
    path: e.pointer,
    code: e.code,
    message: e.message[locale],
    ...(e.params ? { params: e.params } : {}),
  }));
  const ruled = errors.map((e) => RULE_ERRORS[e.code]).find((c) => !!c);
  const custodian = errors.some((e) => e.pointer === '/custodianConsent' && e.code === 'required');
  return new AppError(
    ruled ?? (custodian ? 'CASE_APPLICANT_TOO_YOUNG' : 'CASE_FORM_INVALID'),
    {},
    fieldErrors,
  );
}

async function loadService(db: Executor, authorityId: string, serviceId: string) {
  const [service] = await getPublishedServicesByIds(db, [serviceId]);
  if (!service || service.authorityId !== authorityId || !service.formKey)
    throw new AppError('CASE_SERVICE_NOT_AVAILABLE');
  const definition = getFormDefinition(service.formKey);
  const behaviour = serviceBehaviour(service.formKey);
  if (!definition || !behaviour) throw new AppError('CASE_SERVICE_NOT_AVAILABLE');
  return { service, definition, behaviour };
}

function subjectOf(person: PersonRecord | null, data: Record<string, unknown>): string {
  if (person) return displayName(person);
  const from = (data.newPerson ?? data.applicant) as { familyName?: string; givenNames?: string } | undefined;
  return from?.familyName ? `${from.familyName}, ${from.givenNames ?? ''}`.trim() : '–';
}

// ---------------------------------------------------------------------------------------------
// Capture
// ---------------------------------------------------------------------------------------------

export interface CaptureCaseInput {
  /** Caller-supplied UUIDv7 (the kit's): a repeated capture returns the stored case. */
  id?: string;
  authorityId: string;
  serviceId: string;
  personId: string | null;
  formData: Record<string, unknown>;
  channel: CaseChannel;
  locationId?: string | null;
  /** The kit's own case number (K1-2026-0007), assigned offline. */
  localNumber?: string | null;
  /** The access code the kit printed on its receipt offline; otherwise one is made. */
  accessCode?: string | null;
  capturedAt?: Date;
  /** Submit at once (for services without a fee, or when the fee is settled separately first). */
  submit?: boolean;
}

export interface CaptureResult {
  id: string;
  number: string;
  localNumber: string | null;
  accessCode: string;
  status: CaseState;
  fee: FeeClaimView | null;
  warnings: FormIssue[];
}

export async function captureCase(
  trx: Executor,
  actor: AuditActor,
  input: CaptureCaseInput,
  options: CaseOptions = {},
): Promise<CaptureResult> {
  if (input.id) {
    const existing = await trx.selectFrom('cases').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      if (
        existing.authority_id !== input.authorityId ||
        existing.service_id !== input.serviceId ||
        existing.person_id !== input.personId
      )
        throw new AppError('CASE_ID_CONFLICT');
      const fee = (await feeClaimsForCases(trx, [existing.id])).get(existing.id) ?? null;
      return {
        id: existing.id,
        number: existing.number,
        localNumber: existing.local_number,
        accessCode: formatAccessCode(existing.access_code),
        status: existing.status,
        fee,
        warnings: existing.warnings,
      };
    }
  }
  const today = options.today ?? localDate(input.capturedAt ?? new Date());
  const locale = options.locale ?? 'de';
  const { service, definition, behaviour } = await loadService(trx, input.authorityId, input.serviceId);
  if (!service.channels.includes(CATALOG_CHANNEL_OF[input.channel]))
    throw new AppError('CASE_SERVICE_NOT_ON_CHANNEL');

  let person: PersonRecord | null = null;
  if (input.personId) person = await loadPersonRecord(trx, input.authorityId, input.personId, today);
  if (behaviour.person === 'resident' && !person) throw new AppError('CASE_PERSON_REQUIRED');
  // Someone who moved away may register again (Anmeldung); every other service needs a resident.
  if (
    person &&
    (person.status === 'deceased' || (behaviour.person === 'resident' && person.status !== 'resident'))
  )
    throw new AppError('REGISTER_PERSON_NOT_RESIDENT');
  if (behaviour.germanOnly && !person?.nationalities.includes('DE'))
    throw new AppError('CASE_GERMAN_NATIONALITY_REQUIRED');

  const context = await buildFormContext(trx, {
    authorityId: input.authorityId,
    today,
    person,
    service,
    definition,
    data: input.formData,
  });
  const validation = validateForm(definition, input.formData, context);
  if (!validation.valid) throw formError(validation.errors, locale);
  const data = validation.data;

  // A certificate for someone else: refused without saying why when the person is blocked.
  if (
    service.formKey === 'meldebescheinigung' &&
    data.requester === 'authorised' &&
    person?.disclosureBlocked
  ) {
    throw new AppError('REGISTER_DISCLOSURE_REFUSED');
  }
  if (input.localNumber && !isLocalNumber(input.localNumber)) throw new AppError('CASE_LOCAL_NUMBER_INVALID');
  if (input.accessCode && !isAccessCode(input.accessCode)) throw new AppError('CASE_ACCESS_CODE_INVALID');
  if (input.localNumber) {
    const taken = await trx
      .selectFrom('cases')
      .select('id')
      .where('authority_id', '=', input.authorityId)
      .where('local_number', '=', input.localNumber)
      .executeTakeFirst();
    if (taken) throw new AppError('CASE_LOCAL_NUMBER_TAKEN', { number: input.localNumber });
  }

  const id = input.id ?? uuidv7();
  const year = Number(today.slice(0, 4));
  const number = await nextCaseNumber(trx, input.authorityId, year);
  const accessCode = normaliseCode(input.accessCode ?? newAccessCode());
  const capturedAt = input.capturedAt ?? new Date();
  const caseActor = { ...actor, reason: actor.reason ?? `Vorgang ${number}` };
  const row = await trx
    .insertInto('cases')
    .values({
      id,
      authority_id: input.authorityId,
      number,
      number_compact: normaliseCode(number),
      local_number: input.localNumber ?? null,
      year,
      service_id: service.id,
      service_slug: service.slug,
      service_name: JSON.stringify(service.name) as never,
      service_version: service.version,
      form_key: definition.key,
      form_version: definition.version,
      person_id: person?.id ?? null,
      subject_name: subjectOf(person, data),
      status: 'captured',
      channel: input.channel,
      location_id: input.locationId ?? null,
      kit_id: actor.kitId,
      form_data: JSON.stringify(data) as never,
      warnings: JSON.stringify(validation.warnings) as never,
      result: JSON.stringify({}) as never,
      access_code: accessCode,
      contact_email: typeof data.contactEmail === 'string' ? data.contactEmail : null,
      contact_phone: typeof data.contactPhone === 'string' ? data.contactPhone : null,
      pickup_at: (data.pickupAt as CaseRow['pickup_at']) ?? null,
      created_by: actor.userId,
      captured_at: capturedAt,
      submitted_at: null,
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  const stored = await trx
    .selectFrom('attachments')
    .select(['id', 'sha256'])
    .where('authority_id', '=', input.authorityId)
    .where('sha256', 'in', [...attachmentRefs(definition, data).map((r) => r.sha256), '0'.repeat(64)])
    .execute();
  const idBySha = new Map(stored.map((s) => [s.sha256, s.id]));
  const links = attachmentRefs(definition, data)
    .filter((r) => idBySha.has(r.sha256))
    .map((r) => ({
      case_id: id,
      attachment_id: idBySha.get(r.sha256)!,
      authority_id: input.authorityId,
      pointer: r.pointer,
    }));
  if (links.length > 0)
    await trx
      .insertInto('case_attachments')
      .values(links)
      .onConflict((oc) => oc.doNothing())
      .execute();

  const fee = await createFeeClaim(trx, {
    authorityId: input.authorityId,
    caseId: id,
    schedule: service.fees,
    feeInput: feeInputFromForm(definition, data, context),
  });
  await insertTransition(trx, caseActor, row, null, 'captured', null);
  if (person) {
    await recordAudit(trx, caseActor, {
      action: 'register.read',
      resourceType: 'person',
      resourceId: person.id,
      subjectPersonId: person.id,
      details: { caseId: id, caseNumber: number },
    });
  }
  await recordAudit(trx, caseActor, {
    action: 'case.capture',
    resourceType: 'case',
    resourceId: id,
    subjectPersonId: person?.id ?? null,
    after: {
      number,
      localNumber: row.local_number,
      service: service.slug,
      channel: input.channel,
      feeCents: fee.amountCents,
      warnings: validation.warnings.map((w) => w.code),
    },
  });

  let status: CaseState = 'captured';
  if (input.submit)
    status = (await submitCase(trx, actor, { authorityId: input.authorityId, caseId: id }, options)).status;
  return {
    id,
    number,
    localNumber: row.local_number,
    accessCode: formatAccessCode(accessCode),
    status,
    fee,
    warnings: validation.warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// State changes
// ---------------------------------------------------------------------------------------------

async function insertTransition(
  trx: Executor,
  actor: AuditActor,
  row: Pick<CaseRow, 'id' | 'authority_id' | 'person_id' | 'number'>,
  from: CaseState | null,
  to: CaseState,
  reason: string | null,
) {
  await trx
    .insertInto('case_transitions')
    .values({
      id: uuidv7(),
      authority_id: row.authority_id,
      case_id: row.id,
      from_status: from,
      to_status: to,
      reason,
      actor_user_id: actor.userId,
      actor_name: actor.username,
      actor_kit_id: actor.kitId,
    })
    .execute();
  if (from !== null) {
    await recordAudit(trx, actor, {
      action: 'case.transition',
      resourceType: 'case',
      resourceId: row.id,
      subjectPersonId: row.person_id,
      before: { status: from },
      after: { status: to, reason },
      details: { caseNumber: row.number },
    });
  }
}

async function lockCase(trx: Executor, authorityId: string, caseId: string, baseVersion?: number) {
  const row = await trx
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', caseId)
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND');
  if (baseVersion !== undefined && baseVersion !== row.version) {
    throw new AppError('CASE_VERSION_CONFLICT', { current: row.version, base: baseVersion }, [], {
      currentVersion: row.version,
    });
  }
  return row;
}

function notAllowed(from: CaseState, to: CaseState, locale: Locale = 'de'): AppError {
  return new AppError(
    'CASE_TRANSITION_NOT_ALLOWED',
    { fromLabel: CASE_STATE_LABELS[from][locale], toLabel: CASE_STATE_LABELS[to][locale] },
    [],
    { from, to },
  );
}

async function setStatus(
  trx: Executor,
  actor: AuditActor,
  row: CaseRow,
  to: CaseState,
  reason: string | null,
  extra: Partial<{
    result: Record<string, unknown>;
    person_id: string;
    contact_email: null;
    submitted_at: Date;
    finished_at: Date;
  }> = {},
): Promise<CaseRow> {
  const updated = await trx
    .updateTable('cases')
    .set((eb) => ({
      status: to,
      updated_at: new Date(),
      version: eb('version', '+', 1),
      ...(extra.result ? { result: JSON.stringify(extra.result) as never } : {}),
      ...(extra.person_id ? { person_id: extra.person_id } : {}),
      ...('contact_email' in extra ? { contact_email: null, contact_phone: null } : {}),
      ...(extra.submitted_at ? { submitted_at: extra.submitted_at } : {}),
      ...(extra.finished_at ? { finished_at: extra.finished_at } : {}),
    }))
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertTransition(trx, actor, updated, row.status, to, reason);
  return updated;
}

async function authorityName(trx: Executor, authorityId: string): Promise<string> {
  const a = await trx
    .selectFrom('authorities')
    .select('short_name')
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
  return a.short_name;
}

/**
 * Submits a captured case: the fee must be settled (paid, waived, on invoice, or free). The
 * service's effects run now; an immediate service (Anmeldung, Meldebescheinigung …) is then
 * completed in the same transaction.
 */
export async function submitCase(
  trx: Executor,
  actor: AuditActor,
  input: { authorityId: string; caseId: string; baseVersion?: number },
  options: CaseOptions = {},
): Promise<{ status: CaseState; result: Record<string, unknown> }> {
  const row = await lockCase(trx, input.authorityId, input.caseId, input.baseVersion);
  const problem = checkTransition(row.status, 'submitted');
  if (problem) throw notAllowed(row.status, 'submitted', options.locale);
  const claim = (await feeClaimsForCases(trx, [row.id])).get(row.id);
  if (!claimSettled(claim)) throw new AppError('CASE_FEE_OPEN');
  const behaviour = serviceBehaviour(row.form_key)!;
  const today = options.today ?? localDate(new Date());
  const caseActor = { ...actor, reason: actor.reason ?? `Vorgang ${row.number}` };
  const person = row.person_id
    ? await trx
        .selectFrom('register_persons')
        .select(['birth_date'])
        .where('id', '=', row.person_id)
        .executeTakeFirst()
    : undefined;
  const effects = await applySubmitEffects(row, person?.birth_date ?? null, {
    trx,
    actor: caseActor,
    today,
    authorityName: await authorityName(trx, row.authority_id),
    handOverApplication: (number, personId, data) =>
      handOverByNumber(
        trx,
        caseActor,
        { authorityId: row.authority_id, number, personId, data, handoverCaseId: row.id },
        options,
      ),
  });
  const now = new Date();
  let current = await setStatus(trx, caseActor, row, 'submitted', null, {
    result: { ...row.result, ...effects.result },
    submitted_at: now,
    ...(effects.personId ? { person_id: effects.personId } : {}),
  });
  if (behaviour.flow === 'immediate')
    current = await setStatus(trx, caseActor, current, 'completed', null, { finished_at: now });
  return { status: current.status, result: current.result };
}

export interface TransitionInput {
  authorityId: string;
  caseId: string;
  to: CaseState;
  reason?: string | null;
  /** The case version the caller saw (a kit's command): a stale one is a conflict. */
  baseVersion?: number;
}

/**
 * Any other step: submitted → in progress (sent to the ID software), → ready for pick-up (the
 * citizen is notified), → completed (forwarded), rejected or cancelled (with a reason). The
 * transition must exist in the state machine and make sense for the service's flow.
 */
export async function transitionCase(
  trx: Executor,
  actor: AuditActor,
  input: TransitionInput,
  options: CaseOptions = {},
): Promise<{ status: CaseState; version: number }> {
  if (input.to === 'submitted') {
    const r = await submitCase(trx, actor, input, options);
    const v = await trx
      .selectFrom('cases')
      .select('version')
      .where('id', '=', input.caseId)
      .executeTakeFirstOrThrow();
    return { status: r.status, version: v.version };
  }
  const row = await lockCase(trx, input.authorityId, input.caseId, input.baseVersion);
  const behaviour = serviceBehaviour(row.form_key)!;
  const reason = input.reason?.trim() || null;
  const problem = checkTransition(row.status, input.to, reason);
  if (problem?.code === 'reason_required') throw new AppError('CASE_TRANSITION_REASON_REQUIRED');
  if (problem || !transitionsFor(behaviour.flow, row.status).includes(input.to))
    throw notAllowed(row.status, input.to, options.locale);
  const caseActor = { ...actor, reason: actor.reason ?? `Vorgang ${row.number}` };
  const now = new Date();
  if (input.to === 'cancelled' || input.to === 'rejected') {
    const claim = (await feeClaimsForCases(trx, [row.id])).get(row.id);
    if (claim && (claim.status === 'paid' || claim.status === 'invoiced'))
      throw new AppError('CASE_PAYMENT_TO_REVERSE');
    await cancelFeeClaim(trx, row.id);
    if (row.person_id && ID_DOCUMENT_OF[row.form_key])
      await recordIdDocumentWithdrawn(trx, { personId: row.person_id, caseId: row.id });
    await purgeCaseAttachments(trx, row.id, ['photo', 'signature']);
    const updated = await setStatus(trx, caseActor, row, input.to, reason, {
      finished_at: now,
      contact_email: null,
    });
    return { status: updated.status, version: updated.version };
  }
  const result = { ...row.result };
  if (input.to === 'completed' && behaviour.flow === 'forward') result.forwardedOn = localDate(now);
  if (input.to === 'ready_for_pickup') result.readyOn = localDate(now);
  const updated = await setStatus(trx, caseActor, row, input.to, reason, {
    result,
    ...(input.to === 'completed' ? { finished_at: now } : {}),
  });
  if (input.to === 'ready_for_pickup') await queueReadyNotice(trx, updated, options.publicUrl ?? '');
  return { status: updated.status, version: updated.version };
}

export interface HandOverInput {
  authorityId: string;
  caseId: string;
  handedTo: 'applicant' | 'authorised';
  authorisedName?: string | null;
  note?: string | null;
  /** SHA-256 of the acknowledgement signature, if captured. */
  signature?: string | null;
  handedOverAt?: Date;
  baseVersion?: number;
  /** The Aushändigung case that records this hand-over, if any. */
  handoverCaseId?: string | null;
}

/**
 * Hands a ready ID document to the applicant or an authorised person (§ 18 PAuswV): the
 * register's document becomes valid (validity by age on the day it was ready), the e-mail
 * address for the notice is deleted (§ 18 Abs. 3 PAuswV), and photo and signature files of the
 * application are deleted — the ID software has them.
 */
export async function handOver(
  trx: Executor,
  actor: AuditActor,
  input: HandOverInput,
  options: CaseOptions = {},
): Promise<{ status: CaseState; version: number }> {
  const row = await lockCase(trx, input.authorityId, input.caseId, input.baseVersion);
  if (row.status !== 'ready_for_pickup') throw notAllowed(row.status, 'handed_over', options.locale);
  const kind = ID_DOCUMENT_OF[row.form_key];
  const caseActor = { ...actor, reason: actor.reason ?? `Vorgang ${row.number}` };
  const when = input.handedOverAt ?? new Date();
  const today = options.today ?? localDate(when);
  const issuedOn = typeof row.result.readyOn === 'string' ? row.result.readyOn : today;
  let until: string | null = null;
  if (kind && row.person_id) {
    const person = await trx
      .selectFrom('register_persons')
      .select('birth_date')
      .where('id', '=', row.person_id)
      .executeTakeFirstOrThrow();
    until = validUntil(kind, person.birth_date, issuedOn);
    await recordIdDocumentIssued(trx, caseActor, {
      authorityId: row.authority_id,
      personId: row.person_id,
      kind,
      caseId: row.id,
      issuedOn,
      validUntil: until,
      serialNumber: null,
      issuingAuthority: await authorityName(trx, row.authority_id),
    });
  }
  await purgeCaseAttachments(trx, row.id, ['photo', 'signature']);
  const result = {
    ...row.result,
    handover: {
      handedTo: input.handedTo,
      authorisedName: input.handedTo === 'authorised' ? (input.authorisedName ?? null) : null,
      at: when.toISOString(),
      signature: input.signature ?? null,
      handoverCaseId: input.handoverCaseId ?? null,
      validUntil: until,
    },
  };
  const updated = await setStatus(trx, caseActor, row, 'handed_over', input.note?.trim() || null, {
    result,
    contact_email: null,
    finished_at: when,
  });
  return { status: updated.status, version: updated.version };
}

/** Aushändigung as its own service: finds the ready application by number and hands it over. */
async function handOverByNumber(
  trx: Executor,
  actor: AuditActor,
  input: {
    authorityId: string;
    number: string;
    personId: string;
    data: Record<string, unknown>;
    handoverCaseId: string;
  },
  options: CaseOptions,
): Promise<{ caseId: string }> {
  const target = await trx
    .selectFrom('cases')
    .select(['id', 'status', 'person_id', 'form_key'])
    .where('authority_id', '=', input.authorityId)
    .where((eb) => eb.or([eb('number', '=', input.number), eb('local_number', '=', input.number)]))
    .executeTakeFirst();
  if (
    !target ||
    target.person_id !== input.personId ||
    target.status !== 'ready_for_pickup' ||
    !ID_DOCUMENT_OF[target.form_key]
  ) {
    throw new AppError('CASE_HANDOVER_APPLICATION_NOT_READY');
  }
  await handOver(
    trx,
    actor,
    {
      authorityId: input.authorityId,
      caseId: target.id,
      handedTo: input.data.handedTo as 'applicant' | 'authorised',
      authorisedName: (input.data.authorisedName as string | undefined) ?? null,
      signature: (input.data.signature as string | undefined) ?? null,
      handoverCaseId: input.handoverCaseId,
    },
    options,
  );
  return { caseId: target.id };
}

// ---------------------------------------------------------------------------------------------
// Notes
// ---------------------------------------------------------------------------------------------

export async function addNote(
  trx: Executor,
  actor: AuditActor,
  input: { authorityId: string; caseId: string; text: string; id?: string },
): Promise<{ id: string }> {
  const text = input.text.trim();
  if (!text) throw new AppError('CASE_NOTE_EMPTY');
  const row = await lockCase(trx, input.authorityId, input.caseId);
  const id = input.id ?? uuidv7();
  await trx
    .insertInto('case_notes')
    .values({
      id,
      authority_id: input.authorityId,
      case_id: row.id,
      author_user_id: actor.userId,
      author_name: actor.username ?? 'system',
      text,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await trx
    .updateTable('cases')
    .set((eb) => ({ updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', row.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'case.note',
    resourceType: 'case',
    resourceId: row.id,
    subjectPersonId: row.person_id,
    after: { noteId: id },
  });
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export interface CaseSummary {
  id: string;
  number: string;
  localNumber: string | null;
  serviceName: { de: string; en: string };
  formKey: string;
  subjectName: string;
  personId: string | null;
  status: CaseState;
  channel: CaseChannel;
  capturedAt: string;
  updatedAt: string;
  feeStatus: FeeClaimView['status'] | null;
  pickupAt: 'town_hall' | 'office_day' | null;
}

function toSummary(r: CaseRow, fee: FeeClaimView | undefined): CaseSummary {
  return {
    id: r.id,
    number: r.number,
    localNumber: r.local_number,
    serviceName: r.service_name,
    formKey: r.form_key,
    subjectName: r.subject_name,
    personId: r.person_id,
    status: r.status,
    channel: r.channel,
    capturedAt: r.captured_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    feeStatus: fee?.status ?? null,
    pickupAt: r.pickup_at,
  };
}

export interface WorklistQuery {
  status?: CaseState[];
  /** Open cases only (the default worklist). */
  open?: boolean;
  personId?: string;
  number?: string;
  limit?: number;
}

/** The worklist: open cases (or those asked for), newest change first. */
export async function listCases(db: Executor, actor: AuditActor, authorityId: string, query: WorklistQuery) {
  let q = db
    .selectFrom('cases')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .orderBy('updated_at', 'desc')
    .limit(Math.min(query.limit ?? 100, 500));
  if (query.status?.length) q = q.where('status', 'in', query.status);
  else if (query.open !== false) q = q.where('status', 'in', [...OPEN_STATES]);
  if (query.personId) q = q.where('person_id', '=', query.personId);
  if (query.number) {
    const number = parseCaseNumber(query.number);
    const compact = normaliseCode(query.number);
    q = q.where((eb) =>
      eb.or([
        eb('number_compact', '=', compact),
        ...(number ? [eb('local_number', '=', number), eb('number', '=', number)] : []),
      ]),
    );
  }
  const rows = await q.execute();
  const fees = await feeClaimsForCases(
    db,
    rows.map((r) => r.id),
  );
  await recordAudit(db, actor, {
    action: 'case.list',
    resourceType: 'case',
    subjectPersonId: query.personId ?? null,
    details: { results: rows.length, status: query.status ?? null, open: query.open ?? true },
  });
  return rows.map((r) => toSummary(r, fees.get(r.id)));
}

export interface CaseDetail extends CaseSummary {
  serviceId: string;
  serviceSlug: string;
  formVersion: number;
  locationId: string | null;
  kitId: string | null;
  formData: Record<string, unknown>;
  warnings: FormIssue[];
  result: Record<string, unknown>;
  accessCode: string;
  contactEmail: string | null;
  submittedAt: string | null;
  finishedAt: string | null;
  version: number;
  flow: ServiceBehaviour['flow'];
  allowedTransitions: CaseState[];
  canHandOver: boolean;
  canExport: boolean;
  fee: FeeClaimView | null;
  payments: PaymentView[];
  transitions: {
    from: CaseState | null;
    to: CaseState;
    reason: string | null;
    by: string | null;
    at: string;
  }[];
  notes: { id: string; author: string; text: string; at: string }[];
  attachments: { sha256: string; kind: string; pointer: string; mediaType: string; purged: boolean }[];
  documents: {
    id: string;
    kind: string;
    verificationCode: string;
    issuedAt: string;
    paymentId: string | null;
  }[];
  /** The form data in words (labels and values), in the reader's language. */
  summary: DescribedSection[];
}

/** The case with this number (official, or a kit's local one) in the authority, if any. */
export async function findCaseByNumber(
  db: Executor,
  authorityId: string,
  caseNumber: string,
): Promise<{ id: string; number: string } | null> {
  const number = caseNumber.trim().toUpperCase();
  const row = await db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('authority_id', '=', authorityId)
    .where((eb) => eb.or([eb('number_compact', '=', normaliseCode(number)), eb('local_number', '=', number)]))
    .executeTakeFirst();
  return row ?? null;
}

export async function loadCase(
  db: Executor,
  authorityId: string,
  caseId: string,
  locale: Locale = 'de',
): Promise<CaseDetail> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', caseId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const [fees, payments, transitions, notes, attachments, documents] = await Promise.all([
    feeClaimsForCases(db, [row.id]),
    paymentsForCases(db, [row.id]),
    db
      .selectFrom('case_transitions')
      .selectAll()
      .where('case_id', '=', row.id)
      .orderBy('occurred_at')
      .execute(),
    db.selectFrom('case_notes').selectAll().where('case_id', '=', row.id).orderBy('created_at').execute(),
    db
      .selectFrom('case_attachments as ca')
      .innerJoin('attachments as a', 'a.id', 'ca.attachment_id')
      .select(['a.sha256', 'a.kind', 'ca.pointer', 'a.media_type', 'a.purged_at'])
      .where('ca.case_id', '=', row.id)
      .execute(),
    db
      .selectFrom('case_documents')
      .select(['id', 'kind', 'verification_code', 'issued_at', 'payment_id'])
      .where('case_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .orderBy('issued_at')
      .execute(),
  ]);
  const behaviour = serviceBehaviour(row.form_key)!;
  const fee = fees.get(row.id) ?? null;
  const definition = getFormDefinition(row.form_key);
  const [service] = await getPublishedServicesByIds(db, [row.service_id]);
  const person = row.person_id
    ? await loadPersonRecord(db, authorityId, row.person_id, localDate(new Date()))
    : null;
  const options = service ? await contextOptions(db, authorityId, person, service) : {};
  const summary = definition
    ? describeForm(definition, row.form_data, { locale, options, hasPerson: !!row.person_id })
    : [];
  return {
    ...toSummary(row, fee ?? undefined),
    serviceId: row.service_id,
    serviceSlug: row.service_slug,
    formVersion: row.form_version,
    locationId: row.location_id,
    kitId: row.kit_id,
    formData: row.form_data,
    warnings: row.warnings,
    result: row.result,
    accessCode: formatAccessCode(row.access_code),
    contactEmail: row.contact_email,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    version: row.version,
    flow: behaviour.flow,
    allowedTransitions: [
      ...(row.status === 'captured' ? (['submitted'] as CaseState[]) : []),
      ...transitionsFor(behaviour.flow, row.status).filter((s) => s !== 'submitted'),
    ],
    canHandOver: row.status === 'ready_for_pickup',
    canExport:
      !!ID_DOCUMENT_OF[row.form_key] &&
      row.form_key !== 'vorlaeufiger-personalausweis' &&
      ['submitted', 'in_progress'].includes(row.status),
    fee,
    payments,
    transitions: transitions.map((t) => ({
      from: t.from_status,
      to: t.to_status,
      reason: t.reason,
      by: t.actor_name,
      at: t.occurred_at.toISOString(),
    })),
    notes: notes.map((n) => ({
      id: n.id,
      author: n.author_name,
      text: n.text,
      at: n.created_at.toISOString(),
    })),
    attachments: attachments.map((a) => ({
      sha256: a.sha256,
      kind: a.kind,
      pointer: a.pointer,
      mediaType: a.media_type,
      purged: a.purged_at !== null,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      verificationCode: d.verification_code,
      issuedAt: d.issued_at.toISOString(),
      paymentId: d.payment_id,
    })),
    summary,
  };
}

/** A case as a clerk opens it; the read of the person's data is recorded. */
export async function readCase(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  caseId: string,
  locale: Locale = 'de',
): Promise<CaseDetail> {
  const detail = await loadCase(db, authorityId, caseId, locale);
  await recordAudit(
    db,
    { ...actor, reason: actor.reason ?? `Vorgang ${detail.number}` },
    {
      action: 'case.read',
      resourceType: 'case',
      resourceId: caseId,
      subjectPersonId: detail.personId,
    },
  );
  return detail;
}

// ---------------------------------------------------------------------------------------------
// The citizen's status page
// ---------------------------------------------------------------------------------------------

export interface CitizenStatus {
  caseNumber: string;
  service: { de: string; en: string };
  state: CaseState;
  stateText: { de: string; en: string };
  stateLabel: { de: string; en: string };
  updatedAt: string;
  pickupAt: 'town_hall' | 'office_day' | null;
}

/**
 * What a citizen sees with the case number and access code from the receipt: the state in plain
 * words, no personal data. Wrong number and wrong code give the same answer.
 */
export async function citizenStatus(
  db: Executor,
  caseNumber: string,
  accessCode: string,
): Promise<CitizenStatus> {
  const number = parseCaseNumber(caseNumber);
  const code = normaliseCode(accessCode);
  if (!number || code.length === 0) throw new AppError('STATUS_NOT_FOUND');
  // Only the portal's own cases (ADR 27): the same number at another authority is not this one.
  const authority = filterAuthorityId();
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => eb.or([eb('number_compact', '=', normaliseCode(number)), eb('local_number', '=', number)]))
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .execute();
  const row = rows.find((r) => timingSafeEqualText(r.access_code, code));
  if (!row) throw new AppError('STATUS_NOT_FOUND');
  return {
    caseNumber: row.number,
    service: row.service_name,
    state: row.status,
    stateText: CASE_STATE_FOR_CITIZENS[row.status],
    stateLabel: CASE_STATE_LABELS[row.status],
    updatedAt: row.updated_at.toISOString(),
    pickupAt: row.status === 'ready_for_pickup' ? row.pickup_at : null,
  };
}

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type { CatalogServiceSummary, FormDefinition };
export { loadService as loadCaseService };
