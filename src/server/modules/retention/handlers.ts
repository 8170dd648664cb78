import { lastEventDue, type RetentionPeriods } from '../../../core/retention/schedule';
import type { IsoDate } from '../../../core/time';
import type { Db, Executor } from '../../db/database';
import {
  countCasesDue,
  countUnlinkedAttachments,
  deleteCases,
  deleteEmptySkeletons,
  deleteReceiptDocuments,
  deleteUnlinkedAttachments,
  detachPersons,
  removeAttachmentFiles,
} from '../cases/retention';
import { countTransmissionLogDue, deleteTransmissionLog } from '../kits/deliveries';
import { countKitUploadsDue, deleteKitUploads, removeKitUploadFiles } from '../kits/uploads-retention';
import { countCashRecordsDue, deleteCashRecords } from '../payments/retention';
import {
  countDeleteDue,
  countIdDocumentsDue,
  countReligionDue,
  countRestrictDue,
  deleteIdDocuments,
  deletePersons,
  deleteReligion,
  restrictPersons,
} from '../register/retention';

/**
 * What the nightly run does for each row of the schedule it runs itself: count what is due (dry
 * run), and handle one batch inside a transaction. The work is each module's (register, cases,
 * payments, kits — their retention.ts); here it is put in the order of the schedule. `after` runs
 * once the batch's transaction has committed (files on disk).
 */
export interface RetentionContext {
  today: IsoDate;
  periods: RetentionPeriods;
  dataDir: string;
}

export interface BatchResult {
  count: number;
  after?: (db: Db) => Promise<void>;
}

export interface RetentionHandler {
  count(db: Executor, ctx: RetentionContext): Promise<number>;
  batch(trx: Executor, ctx: RetentionContext, limit: number): Promise<BatchResult>;
}

const cutoff = (kind: string, ctx: RetentionContext) => lastEventDue(kind, ctx.today, ctx.periods);

function casesHandler(category: 'id_documents' | 'registration' | 'other'): RetentionHandler {
  const kind = `cases.${category}`;
  return {
    count: (db, ctx) => countCasesDue(db, category, cutoff(kind, ctx)),
    async batch(trx, ctx, limit) {
      const { count, files } = await deleteCases(trx, category, cutoff(kind, ctx), limit);
      return { count, after: (db) => removeAttachmentFiles(db, ctx.dataDir, files).then(() => {}) };
    },
  };
}

export const RETENTION_HANDLERS: Record<string, RetentionHandler> = {
  'register.religion': {
    count: (db, ctx) => countReligionDue(db, cutoff('register.religion', ctx)),
    batch: async (trx, ctx, limit) => ({
      count: await deleteReligion(trx, cutoff('register.religion', ctx), limit),
    }),
  },
  'register.id_documents': {
    count: (db, ctx) =>
      countIdDocumentsDue(
        db,
        cutoff('register.id_documents', ctx),
        cutoff('register.id_documents.deceased', ctx),
      ),
    batch: async (trx, ctx, limit) => ({
      count: await deleteIdDocuments(
        trx,
        cutoff('register.id_documents', ctx),
        cutoff('register.id_documents.deceased', ctx),
        limit,
      ),
    }),
  },
  'register.restrict': {
    count: (db, ctx) => countRestrictDue(db, cutoff('register.restrict', ctx)),
    batch: async (trx, ctx, limit) => ({
      count: await restrictPersons(trx, cutoff('register.restrict', ctx), ctx.today, limit),
    }),
  },
  'register.delete': {
    count: (db, ctx) => countDeleteDue(db, cutoff('register.delete', ctx)),
    batch: async (trx, ctx, limit) => ({
      count: await deletePersons(trx, cutoff('register.delete', ctx), limit, detachPersons),
    }),
  },
  'cases.id_documents': casesHandler('id_documents'),
  'cases.registration': casesHandler('registration'),
  'cases.other': casesHandler('other'),
  'attachments.unlinked': {
    count: async (db, ctx) =>
      (await countUnlinkedAttachments(db, cutoff('attachments.unlinked', ctx))) +
      (await countKitUploadsDue(db, cutoff('attachments.unlinked', ctx))),
    async batch(trx, ctx, limit) {
      const day = cutoff('attachments.unlinked', ctx);
      const attachments = await deleteUnlinkedAttachments(trx, day, limit);
      const uploads = await deleteKitUploads(trx, day, limit);
      return {
        count: attachments.count + uploads.count,
        after: async (db) => {
          await removeAttachmentFiles(db, ctx.dataDir, attachments.files);
          await removeKitUploadFiles(db, ctx.dataDir, uploads.files);
        },
      };
    },
  },
  'payments.cash_records': {
    count: (db, ctx) => countCashRecordsDue(db, cutoff('payments.cash_records', ctx)),
    async batch(trx, ctx, limit) {
      const count = await deleteCashRecords(
        trx,
        cutoff('payments.cash_records', ctx),
        limit,
        deleteReceiptDocuments,
      );
      await deleteEmptySkeletons(trx);
      return { count };
    },
  },
  'kits.transmission_log': {
    count: (db, ctx) => countTransmissionLogDue(db, cutoff('kits.transmission_log', ctx)),
    batch: async (trx, ctx, limit) => ({
      count: await deleteTransmissionLog(trx, cutoff('kits.transmission_log', ctx), limit),
    }),
  },
};
