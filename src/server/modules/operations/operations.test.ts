import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, makeAgent, sessionCookieFrom, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { sampleDirectory } from './gv100ad.fixture';
import { CSV_COLUMNS } from './import';
import { readTarGz } from './tar';

let t: TestApp;
let operator: Agent;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-ops-'));
  t = await createTestApp({ config: { dataDir } });
  operator = await t.login('operator');
});
afterAll(async () => {
  await t?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function signIn(username: string, password: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  return {
    res,
    agent: makeAgent(t.app, sessionCookieFrom(res) ?? null, res.json().csrfToken ?? null, null, username),
  };
}

async function loadDirectory() {
  const content = Buffer.from(sampleDirectory().join('\n'), 'latin1').toString('base64');
  return operator.put('/api/operator/directory', { fileName: 'GV100AD_311224.txt', contentBase64: content });
}

function onboarding(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Verwaltungsgemeinschaft Crimmitschau–Dennheritz',
    shortName: 'VG Crimmitschau',
    bodyKind: 'verwaltungsgemeinschaft',
    slug: 'crimmitschau',
    street: 'Markt 1',
    postalCode: '08451',
    city: 'Crimmitschau',
    email: 'post@crimmitschau.example',
    joined115: true,
    municipalities: [
      {
        ags: '14524030',
        name: 'Stadt Crimmitschau',
        postalCode: '08451',
        villages: [
          { name: 'Crimmitschau', kind: 'core' },
          { name: 'Lauenhain', kind: 'ortsteil' },
        ],
      },
      { ags: '14524060', name: 'Gemeinde Dennheritz', postalCode: '08393' },
    ],
    leadMunicipalityAgs: '14524030',
    branding: { primaryColour: '#1b5e20' },
    imprint: { representative: 'Oberbürgermeister (fiktiv)', supervisoryAuthority: 'Landratsamt Zwickau' },
    firstAdmin: { username: 'crim.admin', displayName: 'Erste Admin (fiktiv)' },
    ...overrides,
  };
}

describe('the operator', () => {
  it('reads no authority’s data through the staff routes, and authority staff cannot use the operator’s', async () => {
    for (const url of [
      '/api/staff',
      '/api/audit/verify',
      '/api/register/persons?q=Mül',
      '/api/security/policy',
    ]) {
      const res = await operator.get(url);
      expect(res.statusCode, url).toBe(403);
    }
    const admin = await t.login(['admin', 'coordinator', 'clerk', 'hotline', 'evaluator', 'auditor']);
    for (const url of ['/api/operator/authorities', '/api/operator/directory']) {
      expect((await admin.get(url)).statusCode, url).toBe(403);
    }
    // The refusal of the operator is on record.
    const denied = await t.db
      .selectFrom('audit_log')
      .select(['result', 'actor_role', 'authority_id'])
      .where('actor_user_id', '=', operator.userId)
      .where('result', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(4);
    expect(denied.every((d) => d.actor_role === 'operator' && d.authority_id === null)).toBe(true);
  });

  it('is an account of no authority, and the database keeps it so', async () => {
    const row = await t.db
      .selectFrom('staff_users')
      .select(['authority_id', 'roles'])
      .where('id', '=', operator.userId!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ authority_id: null, roles: ['operator'] });
    // Neither an authority account without authority nor an operator inside one.
    await expect(
      t.db
        .updateTable('staff_users')
        .set({ authority_id: null })
        .where('roles', '@>', ['admin'] as never)
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .updateTable('staff_users')
        .set({ roles: ['operator', 'clerk'] })
        .where('id', '=', operator.userId!)
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .updateTable('staff_users')
        .set({ authority_id: DEMO.authorityMeerane })
        .where('id', '=', operator.userId!)
        .execute(),
    ).rejects.toThrow();
  });

  it('loads the municipality directory, finds municipalities and proposes a body from it', async () => {
    const res = await loadDirectory();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      encoding: 'iso-8859-1',
      validOn: '2024-12-31',
      municipalities: 5,
      associations: 3,
    });
    const found = (await operator.get('/api/operator/directory/search?q=sch%C3%B6n')).json().results;
    expect(found).toEqual([
      expect.objectContaining({
        ags: '14524270',
        name: 'Schönberg',
        associationName: 'Meerane, Stadt',
        takenBy: 'meerane',
      }),
    ]);
    expect(
      (await operator.get('/api/operator/directory/search?q=145240'))
        .json()
        .results.map((r: { ags: string }) => r.ags),
    ).toEqual(['14524030', '14524060', '14524080']);
    const proposal = (await operator.get('/api/operator/directory/14524060/proposal')).json();
    expect(proposal).toMatchObject({
      bodyKind: 'verwaltungsgemeinschaft',
      name: 'Crimmitschau, Stadt',
      leadMunicipalityAgs: '14524030',
    });
    expect(proposal.municipalities.map((m: { ags: string }) => m.ags)).toEqual(['14524030', '14524060']);
    expect((await operator.get('/api/operator/directory/14524080/proposal')).json()).toMatchObject({
      bodyKind: 'stadt',
      leadMunicipalityAgs: '14524080',
    });
  });

  it('refuses a directory file with a malformed line whole, listing line and field', async () => {
    const lines = sampleDirectory();
    lines.splice(3, 0, `${lines[3]!.slice(0, 165)}12 34${lines[3]!.slice(170)}`);
    const res = await operator.put('/api/operator/directory', {
      fileName: 'kaputt.txt',
      contentBase64: Buffer.from(lines.join('\n')).toString('base64'),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'DIRECTORY_FILE_INVALID', errors: [{ path: '/lines/4/plz' }] });
    expect((await operator.get('/api/operator/directory')).json()).toMatchObject({
      fileName: 'GV100AD_311224.txt',
      municipalities: 5,
    });
  });

  it('onboards an authority whose first admin signs in with a one-time password, a new password and TOTP', async () => {
    const res = await operator.post('/api/operator/authorities', onboarding());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { authorityId, firstAdmin } = res.json();
    const authority = await t.db
      .selectFrom('authorities')
      .selectAll()
      .where('id', '=', authorityId)
      .executeTakeFirstOrThrow();
    expect(authority).toMatchObject({
      slug: 'crimmitschau',
      body_kind: 'verwaltungsgemeinschaft',
      status: 'active',
      joined_115: true,
      ars: '145245120030',
    });
    expect(authority.branding).toEqual({ primaryColour: '#1b5e20' });
    const municipalities = await t.db
      .selectFrom('municipalities')
      .select(['ags', 'population', 'ars'])
      .where('authority_id', '=', authorityId)
      .orderBy('ags')
      .execute();
    expect(municipalities).toEqual([
      { ags: '14524030', population: 17842, ars: '145245120030' },
      { ags: '14524060', population: 1035, ars: '145245120060' },
    ]);
    const villages = await t.db
      .selectFrom('villages')
      .select('name')
      .where('authority_id', '=', authorityId)
      .orderBy('name')
      .execute();
    expect(villages.map((v) => v.name)).toEqual(['Crimmitschau', 'Gemeinde Dennheritz', 'Lauenhain']);
    expect(
      await t.db.selectFrom('locations').select('kind').where('authority_id', '=', authorityId).execute(),
    ).toEqual([{ kind: 'town_hall' }]);

    const first = await signIn(firstAdmin.username, firstAdmin.oneTimePassword);
    expect(first.res.json().stage, first.res.body).toBe('password_change_required');
    const changed = await first.agent.post('/api/auth/password', {
      currentPassword: firstAdmin.oneTimePassword,
      newPassword: 'Crimmitschau-Neu-2026!',
    });
    expect(changed.json().stage).toBe('mfa_enrolment_required');
    const enrolling = makeAgent(t.app, sessionCookieFrom(changed)!, changed.json().csrfToken, null, null);
    const { secret } = (await enrolling.post('/api/auth/totp/setup')).json();
    const enabled = await enrolling.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    expect(enabled.json().stage).toBe('active');
    const admin = makeAgent(t.app, sessionCookieFrom(enabled)!, enabled.json().csrfToken, null, null);
    const staff = (await admin.get('/api/staff')).json().staff;
    expect(staff.map((s: { username: string }) => s.username)).toEqual(['crim.admin']);

    // Onboarding and the account are on record, with the operator as actor and the new authority.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('authority_id', '=', authorityId)
      .orderBy('seq')
      .execute();
    expect(audit.slice(0, 2)).toEqual([
      { action: 'operator.authority_onboard', actor_user_id: operator.userId },
      { action: 'staff.create', actor_user_id: operator.userId },
    ]);
  });

  it('refuses a colour below AA contrast, a municipality of another authority and a taken address', async () => {
    const pale = await operator.post(
      '/api/operator/authorities',
      onboarding({
        slug: 'blass',
        branding: { primaryColour: '#7fbfff' },
        firstAdmin: { username: 'blass.admin', displayName: 'X' },
      }),
    );
    expect(pale.statusCode).toBe(400);
    expect(pale.json()).toMatchObject({
      code: 'BRANDING_CONTRAST',
      errors: [{ path: '/branding/primaryColour', code: 'contrast' }],
    });
    const taken = await operator.post(
      '/api/operator/authorities',
      onboarding({
        slug: 'schoenberg-neu',
        municipalities: [{ ags: '14524270', name: 'Schönberg', postalCode: '08393' }],
        leadMunicipalityAgs: '14524270',
        firstAdmin: { username: 'sb.admin', displayName: 'X' },
      }),
    );
    expect(taken.json()).toMatchObject({
      code: 'MUNICIPALITY_TAKEN',
      errors: [{ path: '/municipalities/0/ags' }],
    });
    const slug = await operator.post(
      '/api/operator/authorities',
      onboarding({
        slug: 'meerane',
        municipalities: [{ ags: '14524080', name: 'Glauchau', postalCode: '08371' }],
        leadMunicipalityAgs: '14524080',
        firstAdmin: { username: 'gl.admin', displayName: 'X' },
      }),
    );
    expect(slug.json()).toMatchObject({ code: 'AUTHORITY_SLUG_TAKEN', errors: [{ path: '/slug' }] });
    const lead = await operator.post(
      '/api/operator/authorities',
      onboarding({ slug: 'x-lead', leadMunicipalityAgs: '14524080' }),
    );
    expect(lead.json().errors).toContainEqual(
      expect.objectContaining({ path: '/leadMunicipalityAgs', code: 'notAMember' }),
    );
    const svg = await operator.post(
      '/api/operator/authorities',
      onboarding({
        slug: 'x-svg',
        branding: {
          logo: {
            mediaType: 'image/svg+xml',
            dataBase64: Buffer.from('<svg onload="alert(1)"></svg>').toString('base64'),
          },
        },
        municipalities: [{ ags: '14524080', name: 'Glauchau', postalCode: '08371' }],
        leadMunicipalityAgs: '14524080',
        firstAdmin: { username: 'svg.admin', displayName: 'X' },
      }),
    );
    expect(svg.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/branding/logo', code: 'unsafeSvg' }],
    });
    expect(
      await t.db
        .selectFrom('authorities')
        .select('slug')
        .where('slug', 'in', ['blass', 'schoenberg-neu', 'x-lead', 'x-svg'])
        .execute(),
    ).toEqual([]);
  });

  it('suspends an authority: its sessions end, nobody signs in, and resumes it', async () => {
    const crim = await t.db
      .selectFrom('authorities')
      .select('id')
      .where('slug', '=', 'crimmitschau')
      .executeTakeFirstOrThrow();
    const clerk = await t.login('clerk', { authorityId: crim.id, username: 'crim.clerk' });
    expect((await clerk.get('/api/auth/session')).statusCode).toBe(200);
    const res = await operator.post(`/api/operator/authorities/${crim.id}/suspend`, {
      note: 'Wartungsarbeiten bis Montag',
    });
    expect(res.json()).toEqual({ sessionsEnded: 2 }); // the clerk’s and the first admin’s
    expect((await clerk.get('/api/auth/session')).json().code).toBe('SESSION_EXPIRED');
    const again = await signIn('crim.clerk', 'Pruef-Passwort-2026!');
    expect(again.res.json().code).toBe('AUTHORITY_SUSPENDED');
    const row = await t.db
      .selectFrom('authorities')
      .select(['status', 'status_note'])
      .where('id', '=', crim.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'suspended', status_note: 'Wartungsarbeiten bis Montag' });
    // The portal's public notice: name, address and note, nothing more — and for nobody else.
    const notices = await t.app.inject({ method: 'GET', url: '/api/operations/notices' });
    expect(notices.statusCode).toBe(200);
    expect(notices.json().notices).toEqual([
      {
        authorityId: crim.id,
        name: 'Verwaltungsgemeinschaft Crimmitschau–Dennheritz',
        slug: 'crimmitschau',
        note: 'Wartungsarbeiten bis Montag',
        since: expect.any(String),
      },
    ]);
    // Other authorities go on working.
    const meerane = await t.login('clerk');
    expect((await meerane.get('/api/auth/session')).statusCode).toBe(200);
    expect(
      (await operator.post(`/api/operator/authorities/${crim.id}/suspend`, { note: 'nochmal' })).json().code,
    ).toBe('AUTHORITY_STATUS_UNCHANGED');
    expect((await operator.post(`/api/operator/authorities/${crim.id}/resume`)).statusCode).toBe(200);
    expect((await signIn('crim.clerk', 'Pruef-Passwort-2026!')).res.json().stage).toBe('active');
    expect((await t.app.inject({ method: 'GET', url: '/api/operations/notices' })).json()).toEqual({
      notices: [],
    });
  });
});

describe('bulk import', () => {
  const header = CSV_COLUMNS.join(';');
  const row = (values: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) =>
    CSV_COLUMNS.map((c) => {
      const v = values[c] ?? '';
      return v.includes(';') || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v;
    }).join(';');
  const authority = {
    slug: 'glauchau',
    name: 'Stadtverwaltung Glauchau',
    short_name: 'Stadt Glauchau',
    body_kind: 'stadt',
    street: 'Markt 1',
    postal_code: '08371',
    city: 'Glauchau',
    joined_115: 'ja',
    primary_colour: '#00366f',
    imprint_representative: 'Oberbürgermeister (fiktiv)',
    admin_username: 'glauchau.admin',
    admin_display_name: 'Admin Glauchau (fiktiv)',
  };

  it('lists every error by line and column and imports nothing', async () => {
    const csv = [
      header,
      row({
        ...authority,
        municipality_ags: '1452408',
        municipality_name: 'Glauchau',
        municipality_postal_code: '08371',
        lead: 'x',
      }),
      row({
        slug: 'glauchau',
        city: 'Anderswo',
        municipality_ags: '14524270',
        municipality_name: 'Schönberg',
        municipality_postal_code: '08393',
      }),
      row({
        ...authority,
        slug: 'zwei',
        body_kind: 'dorf',
        admin_username: 'glauchau.admin',
        municipality_ags: '14524081',
        municipality_name: 'X',
        municipality_postal_code: '0837',
        lead: 'x',
      }),
    ].join('\r\n');
    const res = await operator.post('/api/operator/authorities/import', { format: 'csv', content: csv });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/lines/2/municipality_ags',
        '/lines/3/city',
        '/lines/4/body_kind',
        '/lines/4/municipality_postal_code',
      ]),
    );
    expect(res.json().errors[0].message).toMatch(/^Zeile \d+, Spalte /);
    expect(
      await t.db.selectFrom('authorities').select('id').where('slug', 'in', ['glauchau', 'zwei']).execute(),
    ).toEqual([]);
  });

  it('checks conflicts with the database in a dry run, then imports in one transaction', async () => {
    const good = [
      header,
      row({
        ...authority,
        municipality_ags: '14524080',
        municipality_name: 'Stadt Glauchau',
        municipality_postal_code: '08371',
        lead: 'ja',
        villages: 'Glauchau|Gesau|Jerisau',
      }),
    ];
    const conflicting = [
      ...good,
      row({
        ...authority,
        slug: 'doppelt',
        admin_username: 'doppelt.admin',
        municipality_ags: '14524270',
        municipality_name: 'Schönberg',
        municipality_postal_code: '08393',
        lead: 'x',
      }),
    ];
    const conflict = await operator.post('/api/operator/authorities/import', {
      format: 'csv',
      content: conflicting.join('\n'),
    });
    expect(conflict.statusCode).toBe(422);
    expect(conflict.json().errors).toEqual([
      expect.objectContaining({ path: '/authorities/doppelt/municipalities/0/ags', code: 'taken' }),
    ]);

    const dry = await operator.post('/api/operator/authorities/import', {
      format: 'csv',
      content: good.join('\n'),
      dryRun: true,
    });
    expect(dry.json()).toEqual({
      dryRun: true,
      authorities: [{ slug: 'glauchau', municipalities: 1, firstAdmin: 'glauchau.admin' }],
    });
    expect(
      await t.db.selectFrom('authorities').select('id').where('slug', '=', 'glauchau').execute(),
    ).toEqual([]);

    const done = await operator.post('/api/operator/authorities/import', {
      format: 'csv',
      content: good.join('\n'),
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().authorities[0].oneTimePassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const villages = await t.db
      .selectFrom('villages as v')
      .innerJoin('authorities as a', 'a.id', 'v.authority_id')
      .select(['v.name', 'v.kind'])
      .where('a.slug', '=', 'glauchau')
      .orderBy('v.name')
      .execute();
    expect(villages).toEqual([
      { name: 'Gesau', kind: 'ortsteil' },
      { name: 'Glauchau', kind: 'core' },
      { name: 'Jerisau', kind: 'ortsteil' },
    ]);
  });

  it('imports the JSON format and names errors by JSON pointer', async () => {
    const bad = await operator.post('/api/operator/authorities/import', {
      format: 'json',
      content: JSON.stringify({ authorities: [onboarding({ slug: 'Gross', extra: 1 })] }),
    });
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/authorities/0/slug', '/authorities/0/extra']),
    );
    expect(
      (
        await operator.post('/api/operator/authorities/import', {
          format: 'json',
          content: '{"authorities": [',
        })
      ).json(),
    ).toMatchObject({
      code: 'IMPORT_INVALID',
      errors: [{ path: '/', code: 'json' }],
    });
  });
});

describe('offboarding', () => {
  it('exports an authority as a verifiable archive, then deletes it after its slug is typed', async () => {
    const gl = await t.db
      .selectFrom('authorities')
      .select('id')
      .where('slug', '=', 'glauchau')
      .executeTakeFirstOrThrow();
    const preview = (await operator.get(`/api/operator/authorities/${gl.id}/deletion-preview`)).json();
    const count = (table: string) => preview.tables.find((x: { table: string }) => x.table === table)?.rows;
    expect(count('authorities')).toBe(1);
    expect(count('villages')).toBe(3);
    expect(count('staff_users')).toBe(1);
    expect(preview.tables.map((x: { table: string }) => x.table)).not.toContain('audit_log');

    // Active, or not exported since the suspension: refused.
    const early = await operator.post(`/api/operator/authorities/${gl.id}/delete`, {
      confirmSlug: 'glauchau',
    });
    expect(early.json().code).toBe('OFFBOARDING_NOT_SUSPENDED');
    await operator.post(`/api/operator/authorities/${gl.id}/suspend`, {
      note: 'Die Stadt wechselt den Anbieter.',
    });
    const exported = await operator.post(`/api/operator/authorities/${gl.id}/exports`);
    expect(exported.statusCode, exported.body).toBe(201);
    const archive = await readTarGz(path.join(dataDir, 'exports', exported.json().fileName));
    const manifest = JSON.parse(archive.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      format: 'buergerkoffer.authority-export',
      formatVersion: 1,
      authority: { slug: 'glauchau' },
    });
    const { createHash } = await import('node:crypto');
    for (const f of manifest.files) {
      expect(createHash('sha256').update(archive.get(f.path)!).digest('hex'), f.path).toBe(f.sha256);
    }
    const villageRows = archive
      .get('tables/villages.ndjson')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(villageRows.map((v) => v.name).sort()).toEqual(['Gesau', 'Glauchau', 'Jerisau']);
    expect(archive.get('SHA256SUMS')!.toString()).toContain('  manifest.json');
    expect(archive.get('audit/audit_log.ndjson')!.toString()).toContain('operator.authority_onboard');

    const wrong = await operator.post(`/api/operator/authorities/${gl.id}/delete`, {
      confirmSlug: 'Glauchau',
    });
    expect(wrong.json()).toMatchObject({
      code: 'OFFBOARDING_CONFIRMATION_WRONG',
      errors: [{ path: '/confirmSlug' }],
    });
    const dry = await operator.post(`/api/operator/authorities/${gl.id}/delete`, {
      confirmSlug: 'x',
      dryRun: true,
    });
    expect(dry.json().tables).toEqual(preview.tables);
    const auditBefore = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('authority_id', '=', gl.id)
      .executeTakeFirstOrThrow();
    const deleted = await operator.post(`/api/operator/authorities/${gl.id}/delete`, {
      confirmSlug: 'glauchau',
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().tables).toEqual(preview.tables);
    const after = (await operator.get(`/api/operator/authorities/${gl.id}/deletion-preview`)).json();
    expect(after.code).toBe('AUTHORITY_NOT_FOUND');
    expect(
      await t.db.selectFrom('municipalities').select('id').where('ags', '=', '14524080').execute(),
    ).toEqual([]);
    // The audit trail stays whole and verifiable.
    const auditAfter = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('authority_id', '=', gl.id)
      .executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBe(Number(auditBefore.n) + 1);
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ intact: true });
    // The export stays listed, the archive stays downloadable.
    const list = (await operator.get(`/api/operator/exports?authorityId=${gl.id}`)).json().exports;
    expect(list).toHaveLength(1);
    const file = await operator.get(`/api/operator/exports/${list[0].id}/file`);
    expect(file.headers['content-type']).toBe('application/gzip');
    expect(file.rawPayload.length).toBe(list[0].bytes);
  });

  it('deletes an authority with office days, bookings, register and cases (the demo authority’s shape)', async () => {
    // Meerane carries every kind of record the demo seeds; after it is exported it can go too,
    // as long as another authority remains.
    const meerane = DEMO.authorityMeerane;
    const before = (await operator.get(`/api/operator/authorities/${meerane}/deletion-preview`)).json();
    expect(before.total).toBeGreaterThan(100);
    await operator.post(`/api/operator/authorities/${meerane}/suspend`, { note: 'Test' });
    expect((await operator.post(`/api/operator/authorities/${meerane}/exports`)).statusCode).toBe(201);
    const res = await operator.post(`/api/operator/authorities/${meerane}/delete`, {
      confirmSlug: 'meerane',
    });
    expect(res.statusCode, res.body).toBe(200);
    const left = (await operator.get('/api/operator/authorities'))
      .json()
      .authorities.map((a: { slug: string }) => a.slug);
    expect(left).toEqual(['crimmitschau']);
    const auditor = await t.login('auditor', {
      authorityId: (await t.db.selectFrom('authorities').select('id').executeTakeFirstOrThrow()).id,
    });
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ intact: true });
    // The last one cannot go.
    const crim = await t.db.selectFrom('authorities').select('id').executeTakeFirstOrThrow();
    await operator.post(`/api/operator/authorities/${crim.id}/suspend`, { note: 'Test' });
    await operator.post(`/api/operator/authorities/${crim.id}/exports`);
    expect(
      (
        await operator.post(`/api/operator/authorities/${crim.id}/delete`, { confirmSlug: 'crimmitschau' })
      ).json().code,
    ).toBe('OFFBOARDING_LAST_AUTHORITY');
  });
});

describe('the operator’s trail', () => {
  it('has every change the operator made on record, by the operator, naming the authority concerned', async () => {
    const entries = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_role', 'actor_user_id', 'authority_id', 'result'])
      .where('action', 'like', 'operator.%')
      .where('result', '=', 'success')
      .execute();
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'operator.directory_load',
      'operator.authority_onboard',
      'operator.authority_suspend',
      'operator.authority_resume',
      'operator.authority_export',
      'operator.export_download',
      'operator.authority_delete',
    ])
      expect(actions, action).toContain(action);
    expect(entries.every((e) => e.actor_role === 'operator' && e.actor_user_id === operator.userId)).toBe(
      true,
    );
    // What concerns one authority names it (its auditors see what the operator did to it).
    expect(
      entries
        .filter((e) => /authority_(onboard|suspend|resume|export|delete)$/.test(e.action))
        .every((e) => e.authority_id !== null),
    ).toBe(true);
  });
});
