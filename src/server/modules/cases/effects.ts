import { validUntil } from '../../../core/cases/id-documents';
import { parseCaseNumber } from '../../../core/cases/numbers';
import { REGISTRATION_DEADLINE_DAYS } from '../../../core/forms/definitions/registration';
import type { IdDocumentKind, ResidenceKind, TransferBlockKind } from '../../../core/register/vocabulary';
import { addDays, type IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import type { AuditActor } from '../audit/service';
import { type NewPersonInput, registerMoveIn, registerMoveOut } from '../register/moves';
import {
  enterInformationBlock,
  enterTransferBlocks,
  recordIdDocumentApplied,
  recordIdDocumentIssued,
} from '../register/records';
import type { CasesTable } from './tables';

/**
 * What each service does when its case is submitted: the register updated for a move, a block
 * entered, an ID document noted as applied for or issued. Runs in the case's transaction; the
 * result is stored with the case (and printed on its documents).
 */

export interface EffectContext {
  trx: Executor;
  actor: AuditActor;
  today: IsoDate;
  authorityName: string;
  /** Hands over another case (the Aushändigung service); provided by the case service. */
  handOverApplication(
    caseNumber: string,
    personId: string,
    data: Record<string, unknown>,
  ): Promise<{ caseId: string }>;
}

type CaseRow = Pick<CasesTable, 'id' | 'authority_id' | 'person_id' | 'form_key' | 'form_data'>;

export const ID_DOCUMENT_OF: Record<string, IdDocumentKind> = {
  personalausweis: 'id_card',
  reisepass: 'passport',
  'vorlaeufiger-personalausweis': 'temporary_id_card',
};

function persons(value: unknown): NewPersonInput[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((p) => {
    const x = p as Record<string, unknown>;
    return {
      familyName: String(x.familyName),
      givenNames: String(x.givenNames),
      birthName: (x.birthName as string | undefined) ?? null,
      doctoralDegree: (x.doctoralDegree as string | undefined) ?? null,
      birthDate: String(x.birthDate),
      birthPlace: String(x.birthPlace),
      sex: x.sex as NewPersonInput['sex'],
      nationalities: x.nationalities as string[],
      religion: (x.religion as NewPersonInput['religion']) ?? null,
      maritalStatus: (x.maritalStatus as NewPersonInput['maritalStatus']) ?? 'unknown',
    };
  });
}

/** Effects when the case is submitted; returns what goes into the case's result. */
export async function applySubmitEffects(
  row: CaseRow,
  personBirthDate: IsoDate | null,
  ctx: EffectContext,
): Promise<{ result: Record<string, unknown>; personId?: string }> {
  const data = row.form_data;
  const base = { authorityId: row.authority_id, caseId: row.id, today: ctx.today };
  switch (row.form_key) {
    case 'anmeldung': {
      const address = data.newAddress as Record<string, string>;
      const moveInDate = String(data.moveInDate);
      const newPersons = [...persons(data.newPerson), ...persons(data.additionalPersons)];
      const moved = await registerMoveIn(ctx.trx, ctx.actor, {
        ...base,
        moveInDate,
        residenceKind: data.residenceKind as ResidenceKind,
        address: {
          municipalityId: address.municipalityId!,
          street: address.street!,
          houseNumber: address.houseNumber!,
          unit: address.unit ?? null,
          postalCode: address.postalCode!,
        },
        personIds: row.person_id ? [row.person_id, ...((data.coMovers as string[] | undefined) ?? [])] : [],
        newPersons,
        previousAddress: data.previousAddress ?? null,
      });
      const deadline = addDays(moveInDate, REGISTRATION_DEADLINE_DAYS);
      return {
        result: { moveIn: moved, deadline, late: ctx.today > deadline },
        // A person moving in from elsewhere is now in the register: the case becomes theirs.
        ...(row.person_id ? {} : { personId: moved.createdPersonIds[0] }),
      };
    }
    case 'abmeldung': {
      const scope = data.scope as 'abroad' | 'secondary';
      const moved = await registerMoveOut(ctx.trx, ctx.actor, {
        ...base,
        personIds: [
          row.person_id!,
          ...(scope === 'abroad' ? ((data.coMovers as string[] | undefined) ?? []) : []),
        ],
        moveOutDate: String(data.moveOutDate),
        scope,
        destinationCountry: (data.destinationCountry as string | undefined) ?? null,
        destinationAddress: (data.destinationAddress as string | undefined) ?? null,
      });
      return {
        result: {
          moveOut: { ...moved, scope, personIds: [row.person_id, ...((data.coMovers as string[]) ?? [])] },
        },
      };
    }
    case 'auskunftssperre': {
      const ids = [row.person_id!, ...((data.coApplicants as string[] | undefined) ?? [])];
      let until: string | null = null;
      for (const personId of ids) {
        const r = await enterInformationBlock(ctx.trx, ctx.actor, {
          ...base,
          personId,
          reason: String(data.grounds),
        });
        until = r.validUntil;
      }
      return { result: { block: { kind: 'information_block', personIds: ids, validUntil: until } } };
    }
    case 'uebermittlungssperre': {
      const r = await enterTransferBlocks(ctx.trx, ctx.actor, {
        ...base,
        personId: row.person_id!,
        kinds: data.blocks as TransferBlockKind[],
      });
      return { result: { transferBlocks: { requested: data.blocks, entered: r.entered } } };
    }
    case 'personalausweis':
    case 'reisepass': {
      const kind = ID_DOCUMENT_OF[row.form_key]!;
      await recordIdDocumentApplied(ctx.trx, ctx.actor, { ...base, personId: row.person_id!, kind });
      return {
        result: {
          idDocument: {
            kind,
            expectedValidUntil: personBirthDate ? validUntil(kind, personBirthDate, ctx.today) : null,
          },
        },
      };
    }
    case 'vorlaeufiger-personalausweis': {
      const until = validUntil('temporary_id_card', personBirthDate!, ctx.today);
      await recordIdDocumentIssued(ctx.trx, ctx.actor, {
        ...base,
        personId: row.person_id!,
        kind: 'temporary_id_card',
        issuedOn: ctx.today,
        validUntil: until,
        serialNumber: String(data.serialNumber),
        issuingAuthority: ctx.authorityName,
      });
      return {
        result: { idDocument: { kind: 'temporary_id_card', issuedOn: ctx.today, validUntil: until } },
      };
    }
    case 'aushaendigung': {
      const number = parseCaseNumber(String(data.applicationNumber));
      if (!number) throw new AppError('CASE_HANDOVER_APPLICATION_NOT_READY');
      const handed = await ctx.handOverApplication(number, row.person_id!, data);
      return { result: { handedOverCaseId: handed.caseId, applicationNumber: number } };
    }
    default:
      return { result: {} };
  }
}
