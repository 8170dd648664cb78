import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { DEMO_REGISTER } from './demo-ids';

/**
 * Lifting a block before its end (#5): a clerk records why; the register, its history, the audit
 * trail and every output follow at once. Other roles cannot, and nothing is lifted twice.
 */
const P = DEMO_REGISTER.persons;
let t: TestApp;
let clerk: Agent;

interface Person {
  blocks: { id: string; kind: string; active: boolean }[];
  activeBlocks: string[];
  disclosureBlocked: boolean;
  history: { kind: string }[];
}

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk');
});
afterAll(async () => t?.close());

async function read(id: string): Promise<Person> {
  const res = await clerk.get(`/api/register/persons/${id}?purpose=Test`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('lifting a block', () => {
  it('asks for a reason and refuses roles without register access', async () => {
    const block = (await read(P.berndBeispiel)).blocks.find((b) => b.active)!;
    const url = `/api/register/persons/${P.berndBeispiel}/blocks/${block.id}/lift`;
    const missing = await clerk.post(url, { reason: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toContain('/reason');
    const hotline = await t.login('hotline');
    expect((await hotline.post(url, { reason: 'Gründe entfallen' })).statusCode).toBe(403);
    expect((await read(P.berndBeispiel)).disclosureBlocked).toBe(true);
  });

  it('lifts an information block with its reason on record, once', async () => {
    const before = await read(P.berndBeispiel);
    const block = before.blocks.find((b) => b.kind === 'information_block' && b.active)!;
    expect(before.disclosureBlocked).toBe(true);
    const url = `/api/register/persons/${P.berndBeispiel}/blocks/${block.id}/lift`;
    const res = await clerk.post(url, { reason: 'Gründe für die Sperre entfallen (Prüfung)' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'information_block' });

    const after = await read(P.berndBeispiel);
    expect(after.activeBlocks).not.toContain('information_block');
    expect(after.disclosureBlocked).toBe(false);
    expect(after.history.map((h) => h.kind)).toContain('block_lifted');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['details', 'subject_person_id'])
      .where('action', '=', 'register.block_lifted')
      .where('result', '=', 'success')
      .execute();
    // The refused attempts before are on record as failures; the lift once, with its reason.
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject_person_id).toBe(P.berndBeispiel);
    expect(JSON.stringify(audit[0]!.details)).toContain('Gründe für die Sperre entfallen');

    const again = await clerk.post(url, { reason: 'noch einmal' });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('REGISTER_BLOCK_NOT_FOUND');
  });

  it('does not lift a block through another person', async () => {
    const other = (await read(P.berndBeispiel)).blocks[0]!;
    const res = await clerk.post(`/api/register/persons/${P.erikaMustermann}/blocks/${other.id}/lift`, {
      reason: 'falsche Person',
    });
    expect(res.statusCode).toBe(404);
  });
});
