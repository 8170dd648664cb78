import type { Kysely, Transaction } from 'kysely';
import type { JobTables } from '../jobs/tables';
import type { LiveTables } from '../live/tables';
import type { AntibotTables } from '../modules/antibot/tables';
import type { AuditTables } from '../modules/audit/tables';
import type { BookingTables } from '../modules/booking/tables';
import type { CasesTables } from '../modules/cases/tables';
import type { CatalogTables } from '../modules/catalog/tables';
import type { IdentityTables } from '../modules/identity/tables';
import type { InvitationTables } from '../modules/invitations/tables';
import type { KitsTables } from '../modules/kits/tables';
import type { NotifyTables } from '../modules/notify/tables';
import type { OperationsTables } from '../modules/operations/tables';
import type { PaymentsTables } from '../modules/payments/tables';
import type { PlacesTables } from '../modules/places/tables';
import type { QueueTables } from '../modules/queue/tables';
import type { RegisterTables } from '../modules/register/tables';
import type { RetentionTables } from '../modules/retention/tables';
import type { ScheduleTables } from '../modules/schedule/tables';
import type { StatsTables } from '../modules/stats/tables';
import type { ToursTables } from '../modules/tours/tables';
import type { VideoTables } from '../modules/video/tables';

/** All tables, composed from the modules that own them (each module declares its own in tables.ts). */
export interface Database
  extends PlacesTables,
    IdentityTables,
    AuditTables,
    JobTables,
    CatalogTables,
    ScheduleTables,
    BookingTables,
    QueueTables,
    AntibotTables,
    RegisterTables,
    CasesTables,
    PaymentsTables,
    KitsTables,
    NotifyTables,
    StatsTables,
    RetentionTables,
    OperationsTables,
    VideoTables,
    LiveTables,
    InvitationTables,
    ToursTables {}

export type Db = Kysely<Database>;
/** Either the database or an open transaction: services take this so callers can compose them. */
export type Executor = Kysely<Database> | Transaction<Database>;
