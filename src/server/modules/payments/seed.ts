import type { Executor } from '../../db/database';
import { DEMO } from '../places/demo-ids';
import { ensureCashRegister } from './service';

/** Fixed id of the town-hall desk's cash register. */
export const DESK_REGISTER_ID = '01900000-0000-7000-8000-000000006001';

/** The cash register of the citizens' office at Meerane town hall. */
export async function seedPayments(db: Executor): Promise<void> {
  await ensureCashRegister(db, {
    id: DESK_REGISTER_ID,
    authorityId: DEMO.authorityMeerane,
    code: 'RH1',
    name: 'Kasse Bürgerbüro Rathaus Meerane',
    kind: 'desk',
    locationId: DEMO.locations.rathausMeerane,
  });
}
