import { antibotModule } from './antibot/module';
import { auditModule } from './audit/module';
import { bookingModule } from './booking/module';
import { casesModule } from './cases/module';
import { catalogLandModule, catalogModule } from './catalog/module';
import { disclosureModule } from './disclosure/module';
import { invitationsModule } from './invitations/module';
import { kitsModule } from './kits/module';
import type { ModuleDefinition } from './module';
import { notifyModule } from './notify/module';
import { operationsModule } from './operations/module';
import { paymentsModule } from './payments/module';
import { placesModule } from './places/module';
import { queueModule } from './queue/module';
import { registerModule } from './register/module';
import { retentionModule } from './retention/module';
import { scheduleModule } from './schedule/module';
import { statsModule } from './stats/module';
import { toursModule } from './tours/module';
import { videoModule } from './video/module';

/**
 * The modules of the app, in seeding order (a module's seed may use the seeds before it).
 * Identity is wired in app.ts because the session hook is global.
 * Add one line per module.
 */
export const MODULES: ModuleDefinition[] = [
  placesModule,
  catalogModule,
  catalogLandModule,
  auditModule,
  kitsModule,
  registerModule,
  paymentsModule,
  casesModule,
  scheduleModule,
  bookingModule,
  queueModule,
  notifyModule,
  statsModule,
  retentionModule,
  disclosureModule,
  operationsModule,
  videoModule,
  invitationsModule,
  antibotModule,
  toursModule,
];
