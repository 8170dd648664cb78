import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { localDate } from '../../../core/time';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { type AuditActor, SYSTEM_ACTOR } from '../audit/service';
import { enrolTestKit, type TestKit } from '../kits/test-support';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from './demo-ids';
import { registerMoveIn, registerMoveOut } from './moves';
import { enterInformationBlock } from './records';

/**
 * The register's changes reach the kits that serve the person's municipality (ADR 10, #6): a
 * kit prepared in the morning learns of a move, a new resident or a block made at the town hall
 * on its next pull, and a person who moved away is deleted from the kit (data minimisation).
 */
const P = DEMO_REGISTER.persons;
const today = localDate(new Date());
let t: TestApp;
let schoenbergKit: TestKit;
let meeraneKit: TestKit;
let clerk: Agent;
const actor: AuditActor = { ...SYSTEM_ACTOR, authorityId: DEMO.authorityMeerane, username: 'test' };

beforeAll(async () => {
  t = await createTestApp();
  const coordinator = await t.login('coordinator');
  clerk = await t.login('clerk');
  schoenbergKit = await enrolTestKit(coordinator, clerk, {
    name: 'Koffer Schönberg (Feed)',
    municipalityIds: [DEMO.municipalitySchoenberg],
  });
  meeraneKit = await enrolTestKit(coordinator, await t.login('clerk'), {
    name: 'Koffer Meerane (Feed)',
    municipalityIds: [DEMO.municipalityMeerane],
  });
});
afterAll(async () => t?.close());

async function cursorNow(kit: TestKit): Promise<number> {
  return (await kit.pullAll(0)).cursor;
}

function person(changes: { entity: string; id: string; deleted: boolean; data?: unknown }[], id: string) {
  return changes.filter((c) => c.entity === 'person' && c.id === id).at(-1);
}

describe('register changes in the kits’ change feed', () => {
  it('moves a person from Schönberg to Meerane: deleted from the one kit, delivered to the other', async () => {
    const [s0, m0] = [await cursorNow(schoenbergKit), await cursorNow(meeraneKit)];
    await t.db.transaction().execute((trx) =>
      registerMoveIn(trx, actor, {
        authorityId: DEMO.authorityMeerane,
        caseId: null,
        moveInDate: today,
        today,
        residenceKind: 'sole',
        address: {
          municipalityId: DEMO.municipalityMeerane,
          street: 'Feedweg',
          houseNumber: '1',
          postalCode: '08393',
        },
        personIds: [P.maxMustermann],
        newPersons: [],
      }),
    );
    const s = await schoenbergKit.pullAll(s0);
    const m = await meeraneKit.pullAll(m0);
    expect(person(s.changes, P.maxMustermann)).toMatchObject({ deleted: true });
    const arrived = person(m.changes, P.maxMustermann);
    expect(arrived).toMatchObject({ deleted: false });
    expect(arrived!.data).toMatchObject({
      id: P.maxMustermann,
      residences: [{ address: expect.objectContaining({ street: 'Feedweg' }) }],
    });
    // Nothing beyond what the kit needs: no religion, no marital status, no history.
    for (const key of ['religion', 'maritalStatus', 'history', 'events'])
      expect(Object.keys(arrived!.data as object)).not.toContain(key);
    // Someone else's kit hears nothing of it.
    expect(person(s.changes, P.erikaMustermann)).toBeUndefined();
  });

  it('delivers a new resident and a block entered at the town hall to the kit of the place', async () => {
    const s0 = await cursorNow(schoenbergKit);
    const newId = uuidv7();
    await t.db.transaction().execute(async (trx) => {
      await registerMoveIn(trx, actor, {
        authorityId: DEMO.authorityMeerane,
        caseId: null,
        moveInDate: today,
        today,
        residenceKind: 'sole',
        address: {
          municipalityId: DEMO.municipalitySchoenberg,
          street: 'Neue Gasse',
          houseNumber: '5',
          postalCode: '04618',
        },
        personIds: [],
        newPersons: [
          {
            id: newId,
            familyName: 'Zuzug',
            givenNames: 'Fenja',
            birthDate: '1990-04-01',
            birthPlace: 'Zwickau',
            sex: 'female',
            nationalities: ['DE'],
          },
        ],
      });
      await enterInformationBlock(trx, actor, {
        authorityId: DEMO.authorityMeerane,
        personId: P.erikaMustermann,
        today,
        caseId: null,
        reason: 'Gefährdung glaubhaft gemacht (Prüfung)',
      });
    });
    const s = await schoenbergKit.pullAll(s0);
    expect(person(s.changes, newId)).toMatchObject({
      deleted: false,
      data: expect.objectContaining({ familyName: 'Zuzug' }),
    });
    expect((person(s.changes, P.erikaMustermann)!.data as { blocks: string[] }).blocks).toContain(
      'information_block',
    );
    // The transfer of register data to the kit is on record, without names.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'register.kit_changes')
      .where('resource_id', '=', schoenbergKit.kitId)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain('Zuzug');
  });

  it('deletes a person who moved abroad from the kit', async () => {
    const s0 = await cursorNow(schoenbergKit);
    await t.db.transaction().execute((trx) =>
      registerMoveOut(trx, actor, {
        authorityId: DEMO.authorityMeerane,
        caseId: null,
        personIds: [P.leonieMustermann],
        moveOutDate: today,
        today,
        scope: 'abroad',
        destinationCountry: 'AT',
      }),
    );
    const s = await schoenbergKit.pullAll(s0);
    expect(person(s.changes, P.leonieMustermann)).toMatchObject({ deleted: true });
  });
});
