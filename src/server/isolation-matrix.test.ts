import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorityRole, ROLES } from '../core/roles';
import { solvedChallenge } from './modules/antibot/test-support';
import { at, freeWorkingDay, type PlannedDay, planDay } from './modules/booking/test-support';
import { SERVICE_IDS } from './modules/catalog/demo-ids';
import { LAND_SERVICE_IDS } from './modules/catalog/land-seed';
import { enrolTestKit } from './modules/kits/test-support';
import { DESK_REGISTER_ID } from './modules/payments/seed';
import { DEMO } from './modules/places/demo-ids';
import { type AddedAuthority, addAuthority } from './modules/places/test-support';
import { DEMO_REGISTER } from './modules/register/demo-ids';
import { type Agent, createTestApp, type TestApp } from './test/test-app';

/**
 * The isolation matrix (#12, ADR 27): every operation of the OpenAPI document, called by every
 * role of authority B, by a citizen on B's portal (`/<slug-of-B>/…`), by an enrolled field kit of
 * B (the kit's device routes, signed) and by a 115 agent acting for B — each time naming
 * authority A's resources (ids in the path, the query and the body, A's tokens, case numbers and
 * names). Nothing of A may be read, listed, changed or leaked:
 *
 * - no answer carries an id of one of A's rows or one of A's marker strings (names, e-mail
 *   addresses, case and booking numbers made for this test);
 * - an operation whose path names one of A's resources never succeeds (2xx);
 * - A's rows are the same before and after (compared row by row, audit chain columns aside);
 * - no row of B (or of the 115 centre) refers to one of A's rows afterwards (a write that names A's
 *   office day, case or person from B's side would be such a reference);
 * - an operator route (`/api/operator/…`) refuses every staff role of an authority with 403;
 * - no answer is a 5xx.
 *
 * A third authority C holds data too: none of its ids or names may show up either, and its rows
 * stay as they were. `MATRIX_FINDINGS=<file>` writes the findings and every caller's answers
 * (status per operation, the error list of a 4xx) to a file, to see how far each call got.
 *
 * Each operation must be listed in CALLS below: a new route fails this test until it says how it
 * is called (docs/development.md, "A new route joins the isolation matrix"). Runs on PGlite (the
 * application's wall) and on a PostgreSQL server (both walls: the application is a role bound by
 * row-level security).
 */

type Schema = Record<string, any>;
interface Operation {
  key: string;
  method: string;
  path: string;
  tags: string[];
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  body?: { contentType: string; schema: Schema };
}

/** How an operation is called; {} means: parameters and body built from the schema alone. */
interface Call {
  /** Body (replaces the generated one; A's ids available in `a`). */
  body?: (a: AFacts) => unknown;
  /** Query values added to (or replacing) the generated ones. */
  query?: (a: AFacts) => Record<string, string>;
  /** Path values replacing the generated ones. */
  path?: (a: AFacts) => Record<string, string>;
  /**
   * Why this operation may answer 2xx although its path names something of A (the answer is
   * still checked for A's ids and markers, and A's rows for changes): the value is not A's alone,
   * or the id only filters a list of B's own rows, or the answer is the same whether or not
   * the id exists (no oracle).
   */
  mayAnswer?: string;
  /**
   * Why this operation may change A's rows by design (it runs after the snapshot is compared; its
   * answers are still checked): the sign-in is one for the installation, and a failed attempt on
   * A's account counts towards that account's lockout and is audited in A.
   */
  touchesA?: string;
  /** An event stream: opened for a moment, then left. */
  stream?: boolean;
}

/** What the matrix knows of authority A (the demo authority) after the set-up. */
interface AFacts {
  authorityId: string;
  ids: Record<string, string>;
  personId: string;
  blockId: string;
  caseNumber: string;
  accessCode: string;
  verificationCode: string;
  bookingNumber: string;
  manageToken: string;
  consentToken: string;
  holdId: string;
  holdToken: string;
  day: PlannedDay;
  serviceId: string;
  locationSlug: string;
  staffUsername: string;
  email: string;
  markerName: string;
  ags: string;
  attachmentSha: string;
}

const A = DEMO.authorityMeerane;
/** Marker strings written into A's data by this test; none may show up in an answer to B's side. */
const MARKER = 'Isomatrix';
const MARK_NAME = `${MARKER} Annegret (fiktiv)`;
const MARK_EMAIL = 'annegret.isomatrix@example.org';
/** C's marker (its booking's name): C is neither named nor may show up. */
const C_MARKER = 'Drittbehörde-Isomatrix';

/**
 * Every operation of the OpenAPI document, and how the matrix calls it. Most take their
 * parameters and bodies from the schema (ids by parameter name and path, below); an entry here
 * adds what the schema cannot know.
 */
const CALLS: Record<string, Call> = {
  'GET /health': {},
  'GET /ready': {},
  'POST /api/auth/login': {
    body: (a) => ({ username: a.staffUsername, password: 'Falsch-Passwort-2026!' }),
    touchesA: 'a failed sign-in to A’s account counts towards its lockout and is audited in A',
  },
  'GET /api/auth/session': {},
  'POST /api/auth/mfa': {},
  'POST /api/auth/password': {},
  'POST /api/auth/totp/setup': {},
  'POST /api/auth/totp/enable': {},
  'POST /api/auth/totp/disable': {},
  'POST /api/auth/logout': {},
  'POST /api/auth/logout-all': {},
  'GET /api/auth/security-keys': {},
  'POST /api/auth/security-keys': {},
  'POST /api/auth/security-keys/options': {},
  'DELETE /api/auth/security-keys/{id}': {},
  'POST /api/auth/security-key/options': {},
  'POST /api/auth/security-key': {},
  'POST /api/auth/passkey/options': {},
  'POST /api/auth/passkey': {},
  'GET /api/staff/{id}/security-keys': {},
  'POST /api/staff/{id}/security-keys/{keyId}/revoke': {},
  'GET /api/security/policy': {},
  // Keeps B's own register readers able to work for the rest of the walk.
  'PUT /api/security/policy': { body: () => ({ requireSecurityKey: false }) },
  'GET /api/staff': {},
  'POST /api/staff': {
    body: (a) => ({ username: a.staffUsername, displayName: MARK_NAME, roles: ['clerk'] }),
  },
  'PATCH /api/staff/{id}': {},
  'POST /api/staff/{id}/reset-password': {},
  'GET /api/places/municipalities': {},
  'GET /api/places/hotline/authorities': {},
  'GET /api/places/locations': { query: () => ({ includeInactive: 'true' }) },
  'POST /api/places/locations': {},
  'GET /api/places/locations/{idOrSlug}': {},
  'PATCH /api/places/locations/{id}': { body: () => ({ name: 'Übernommen von B (fiktiv)' }) },
  'GET /api/catalog/search': {
    query: (a) => ({ q: 'Personalausweis', authorityId: a.authorityId }),
  },
  'GET /api/catalog/services': { query: (a) => ({ authorityId: a.authorityId }) },
  'GET /api/catalog/services/{slug}': {
    mayAnswer: 'a service address that every authority’s catalogue has (each answers with its own)',
  },
  'GET /api/catalog/editor/services': {},
  'POST /api/catalog/editor/services': {},
  'GET /api/catalog/editor/services/{id}': {},
  'PUT /api/catalog/editor/services/{id}/draft': {},
  'DELETE /api/catalog/editor/services/{id}/draft': {},
  'POST /api/catalog/editor/services/{id}/publish': {},
  'GET /api/catalog/editor/services/{id}/versions/{version}': { path: () => ({ version: '1' }) },
  'POST /api/catalog/editor/services/{id}/synonyms': { body: () => ({ term: MARKER }) },
  'DELETE /api/catalog/editor/synonyms/{id}': {},
  'GET /api/catalog/editor/misses': {},
  'GET /api/catalog/editor/export.json': {},
  'GET /api/catalog/editor/export.csv': {},
  'POST /api/catalog/editor/import': {},
  'GET /api/operator/land-services': {},
  'POST /api/operator/land-services': {},
  'GET /api/operator/land-services/{id}': {},
  'POST /api/operator/land-services/{id}/versions': {},
  'GET /api/catalog/land': {},
  'POST /api/catalog/land/adoptions': {},
  'GET /api/catalog/land/reviews': {},
  'GET /api/catalog/land/reviews/{id}': {},
  'POST /api/catalog/land/reviews/{id}/accept': {},
  'POST /api/catalog/land/reviews/{id}/keep': {},
  'GET /api/audit': {},
  'GET /api/audit/verify': {},
  'GET /api/audit/chain': {},
  'GET /api/kits': {},
  'POST /api/kits': {},
  'GET /api/kits/{id}': {},
  'POST /api/kits/{id}/pairing-code': {},
  'POST /api/kits/{id}/revoke': {},
  'POST /api/kit/enrol': {},
  'GET /api/kit/config': {},
  'POST /api/kit/push': {},
  'POST /api/kit/pull': {},
  'GET /api/kit/uploads/{sha256}': {},
  'PUT /api/kit/uploads/{sha256}': {},
  'POST /api/kit/confirm': {},
  'GET /api/kit/office-days': {},
  'GET /api/kit/day': {},
  'GET /api/kit/register': { query: () => ({ offset: '0', limit: '100' }) },
  'GET /api/register/persons': { query: () => ({ familyName: 'Weiß' }) },
  'GET /api/register/persons/{id}': {},
  'POST /api/register/persons/{id}/blocks/{blockId}/lift': {},
  'GET /api/cash-registers': {},
  'GET /api/cash-registers/{id}/days/{date}': { path: (a) => ({ date: a.day.date }) },
  'POST /api/payments': {
    body: (a) => ({
      caseId: a.ids.cases,
      registerId: a.ids.cash_registers,
      method: 'cash',
      amountCents: 500,
    }),
  },
  'POST /api/payments/{id}/reversal': {},
  'GET /api/payments/suspense': {},
  'POST /api/payments/{id}/assignment': {},
  'POST /api/cash-registers/{id}/closings': {},
  'GET /api/cases/services': {},
  'GET /api/cases/form-context': {},
  'POST /api/cases': {
    body: (a) => ({
      serviceId: SERVICE_IDS.meldebescheinigung,
      personId: a.personId,
      formData: { variant: 'simple', requester: 'self' },
    }),
  },
  'GET /api/cases': {},
  'GET /api/cases/{id}': {},
  'POST /api/cases/{id}/transitions': { body: () => ({ to: 'in_progress' }) },
  'POST /api/cases/{id}/hand-over': {},
  'POST /api/cases/{id}/notes': {},
  'POST /api/cases/{id}/documents': { body: () => ({ kind: 'registration_certificate' }) },
  'GET /api/documents/{id}/pdf': {},
  'POST /api/cases/{id}/id-export': {},
  'POST /api/attachments': {},
  'GET /api/attachments/{sha256}': {},
  'POST /api/status': {},
  'GET /api/verify/{code}': {},
  'GET /api/schedule/public/villages': {},
  'GET /api/schedule/public/office-days': {},
  'GET /api/schedule/feeds/locations/{file}': { path: (a) => ({ file: `${a.locationSlug}.ics` }) },
  'GET /api/schedule/feeds/municipalities/{file}': { path: (a) => ({ file: `${a.ags}.ics` }) },
  'GET /api/schedule/office-days': {},
  'POST /api/schedule/office-days': {
    body: (a) => ({
      locationId: a.ids.locations,
      date: a.day.date,
      startTime: '13:00',
      endTime: '14:00',
      desks: 1,
      allowOverlap: true,
    }),
  },
  'GET /api/schedule/office-days/{id}': {},
  'PATCH /api/schedule/office-days/{id}': { body: () => ({ apply: true, desks: 2, note: 'von B (fiktiv)' }) },
  'POST /api/schedule/office-days/{id}/cancel': {},
  'GET /api/schedule/kits': {},
  'GET /api/schedule/kits/{kitId}/tour': {
    query: (a) => ({ date: a.day.date }),
    mayAnswer: 'the kit id filters B’s own office days and home visits: an empty list',
  },
  'GET /api/schedule/kits/{kitId}/office-days': {
    mayAnswer: 'the kit id filters B’s own office days: an empty list',
  },
  'POST /api/schedule/home-visits': {},
  'GET /api/schedule/home-visits': {},
  'POST /api/schedule/home-visits/{id}/schedule': {},
  'POST /api/schedule/home-visits/{id}/close': {},
  'GET /api/booking/services': {},
  'GET /api/booking/locations': {},
  'GET /api/booking/days': {},
  'GET /api/booking/slots': {},
  'GET /api/booking/locations/{location}/slots': {},
  'POST /api/booking/holds': {
    body: (a) => ({ officeDayId: a.day.id, startsAt: at(a.day.date, '11:00'), serviceIds: [a.serviceId] }),
  },
  'POST /api/booking/holds/{id}/release': {
    mayAnswer: 'answers 204 whether or not a hold was released (no oracle); A’s hold stays (snapshot)',
  },
  'POST /api/booking/appointments': {
    body: (a) => ({
      holdId: a.holdId,
      holdToken: a.holdToken,
      contact: { name: 'B-Bürger (fiktiv)', email: 'b-buerger@example.org' },
    }),
  },
  'POST /api/booking/manage': {},
  'POST /api/booking/manage/cancel': {},
  'POST /api/booking/manage/reschedule': {
    body: (a) => ({ token: a.manageToken, officeDayId: a.day.id, startsAt: at(a.day.date, '11:30') }),
  },
  'GET /api/booking/manage/calendar.ics': {},
  'POST /api/booking/waitlist': {},
  'POST /api/booking/demand': {},
  'GET /api/booking/demand': {},
  'POST /api/booking/staff/appointments': {
    body: (a) => ({
      officeDayId: a.day.id,
      startsAt: at(a.day.date, '10:30'),
      serviceIds: [a.serviceId],
      contact: { name: 'B-Bürger (fiktiv)', email: 'b-buerger@example.org' },
    }),
  },
  'GET /api/booking/staff/appointments': {},
  'GET /api/booking/staff/appointments/{id}': {},
  'POST /api/booking/staff/appointments/{id}/cancel': {},
  'POST /api/booking/staff/appointments/{id}/reschedule': {
    body: (a) => ({ officeDayId: a.day.id, startsAt: at(a.day.date, '11:30') }),
  },
  'GET /api/booking/office-days/{id}/appointments': {},
  'POST /api/booking/confirmation': {},
  'POST /api/booking/confirmation/yes': {},
  'POST /api/booking/confirmation/cancel': {},
  'POST /api/booking/appointments/{id}/no-show': {},
  'GET /api/booking/confirmation-rules': {},
  'PUT /api/booking/confirmation-rules': {},
  'GET /api/queue/locations': {},
  'GET /api/queue/state': {},
  'POST /api/queue/tickets': {},
  'POST /api/queue/check-in': {},
  'POST /api/queue/call-next': {},
  'POST /api/queue/tickets/{id}/recall': {},
  'POST /api/queue/tickets/{id}/status': { body: () => ({ status: 'no_show' }) },
  'GET /api/queue/public/waiting-times': {},
  'GET /api/queue/display/{slug}': {},
  'GET /api/queue/display/{slug}/events': { stream: true },
  'GET /api/notify/outbox': {},
  'GET /api/notify/outbox/{id}': {},
  'GET /api/notify/outbox/{id}/attachments/{index}': { path: () => ({ index: '0' }) },
  'GET /api/stats/overview.csv': {},
  'GET /api/stats/overview': {},
  'GET /api/retention': {},
  'POST /api/register/persons/{id}/disclosure': {},
  'POST /api/register/persons/{id}/disclosure/pdf': {},
  'GET /api/operations/notices': {},
  'GET /api/operator/authorities': {},
  'POST /api/operator/authorities': {},
  'POST /api/operator/authorities/import': {},
  'POST /api/operator/authorities/{id}/suspend': {},
  'POST /api/operator/authorities/{id}/resume': {},
  'GET /api/operator/authorities/{id}/deletion-preview': {},
  'POST /api/operator/authorities/{id}/delete': {},
  'POST /api/operator/authorities/{id}/exports': {},
  'GET /api/operator/exports': {},
  'GET /api/operator/exports/{id}/file': {},
  'GET /api/operator/directory': {},
  'PUT /api/operator/directory': {},
  'GET /api/operator/directory/search': {},
  'GET /api/operator/directory/{ags}/proposal': {},
  'GET /api/video/terminals': {},
  'POST /api/video/terminals': {},
  'POST /api/video/terminals/{id}/code': {},
  'POST /api/video/terminals/{id}/revoke': {},
  'POST /api/video/terminal/pair': {},
  'GET /api/video/terminal': {},
  'POST /api/video/calls': {},
  'POST /api/video/calls/{id}/hangup': {},
  'POST /api/video/calls/{id}/images': {},
  'GET /api/video/queue': {},
  'POST /api/video/calls/{id}/accept': {},
  'GET /api/video/calls/{id}': {},
  'POST /api/video/calls/{id}/end': {},
  'POST /api/video/calls/{id}/invites': {},
  'POST /api/video/calls/{id}/case': {},
  'POST /api/video/invites/redeem': {},
  'GET /api/invitations': {},
  'PUT /api/invitations/settings': {},
  'GET /api/invitations/preview': {},
  'POST /api/invitations/runs': {},
  'GET /api/register/persons/{id}/invitation-consent': {},
  'POST /api/register/persons/{id}/invitation-consent': {},
  'POST /api/register/persons/{id}/invitation-consent/withdraw': {},
  'POST /api/invitations/consent': { body: (a) => ({ token: a.consentToken }) },
  'POST /api/invitations/consent/confirm': { body: (a) => ({ token: a.consentToken }) },
  'POST /api/invitations/consent/withdraw': { body: (a) => ({ token: a.consentToken }) },
  'GET /api/invitations/runs/{id}/letters.pdf': {},
  'GET /api/antibot/challenge': {},
  'GET /api/tours/plans/latest': {},
  'POST /api/tours/plans': {},
  'GET /api/tours/plans/{id}': {},
  'PUT /api/tours/plans/{id}': {},
  'POST /api/tours/plans/{id}/accept': {},
};

/**
 * The table of A's rows a path parameter names, by the path segment before it (`/cases/{id}` →
 * cases). A parameter that is not an id (a slug, a file, a date) is set in CALLS or below.
 */
const PATH_KINDS: Record<string, string> = {
  staff: 'staff_users',
  'security-keys': 'staff_security_keys',
  locations: 'locations',
  services: 'catalog_services',
  synonyms: 'catalog_synonyms',
  reviews: 'catalog_land_reviews',
  kits: 'kits',
  persons: 'register_persons',
  blocks: 'register_blocks',
  'cash-registers': 'cash_registers',
  payments: 'payments',
  cases: 'cases',
  documents: 'case_documents',
  'office-days': 'office_days',
  'home-visits': 'home_visits',
  holds: 'appointments',
  appointments: 'appointments',
  tickets: 'tickets',
  outbox: 'outbox_messages',
  authorities: 'authorities',
  exports: 'authority_exports',
  terminals: 'video_terminals',
  calls: 'video_calls',
  runs: 'invitation_runs',
  plans: 'tour_plans',
};

/**
 * Path parameters that name no row of A: the Land catalogue is shared by all authorities, a key
 * id or a security key is the caller's own, and a few kinds have no row of A in the matrix yet.
 */
const NO_A_ROW: Record<string, string> = {
  'POST /api/staff/{id}/security-keys/{keyId}/revoke':
    'a security key of A’s staff needs a WebAuthn ceremony',
  'DELETE /api/auth/security-keys/{id}': 'the caller’s own key; A’s staff hold none in the matrix',
};

let t: TestApp;
let b: AddedAuthority;
let c: AddedAuthority;
let centre: AddedAuthority;
let doc: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };
let operations: Operation[] = [];
let facts: AFacts;
/** A clerk of B whose requests to the kit's device routes are signed by an enrolled kit of B. */
let kitAgent: Agent;
/** Every id of one of A's rows (the directory entry of A aside: it is public). */
const aIds = new Map<string, string>();
const markers: string[] = [];
/** A's tables: name → hash of A's rows. */
let tenantTables: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  b = await addAuthority(t, { n: 401, slug: 'matrix-b', joined115: true });
  c = await addAuthority(t, { n: 402, slug: 'matrix-c', joined115: true });
  centre = await addAuthority(t, { n: 403, slug: 'matrix-115', kind: 'service_centre', catalogue: false });
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  operations = collectOperations();
  facts = await giveAData();
  // B and C hold data of their own: an office day, a booking and a case each.
  await giveData(b, `Bürger von B (fiktiv)`);
  await giveData(c, `${C_MARKER} Carla (fiktiv)`);
  kitAgent = await kitOfB();
  await collectAIds();
}, 240_000);
afterAll(async () => t?.close());

function collectOperations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        tags: op.tags ?? [],
        params: (op.parameters ?? []).map((p: any) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: p.schema ?? {},
        })),
        ...(contentType ? { body: { contentType, schema: content[contentType].schema ?? {} } } : {}),
      });
    }
  }
  return ops;
}

function ok(res: LightMyRequestResponse, what: string, status = [200, 201]): any {
  if (!status.includes(res.statusCode)) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A's data, made through the API as A's staff and A's citizens would. */
async function giveAData(): Promise<AFacts> {
  const coordinator = await t.login('coordinator');
  const clerk = await t.login('clerk');
  const admin = await t.login('admin');
  const citizen = t.anonymous();
  const day = await planDay(t, coordinator, { date: freeWorkingDay(14, 2), desks: 2 });
  const serviceId = SERVICE_IDS['personalausweis-beantragen'];
  // A citizen books on A's portal (a confirmation mail lands in A's outbox), another holds a slot.
  const booked = ok(
    await citizen.post(
      '/meerane/api/booking/appointments',
      {
        officeDayId: day.id,
        startsAt: at(day.date, '09:00'),
        serviceIds: [serviceId],
        contact: { name: MARK_NAME, email: MARK_EMAIL },
      },
      await solvedChallenge(portal(citizen, '/meerane')),
    ),
    'booking of A',
  );
  const hold = ok(
    await citizen.post(
      '/meerane/api/booking/holds',
      { officeDayId: day.id, startsAt: at(day.date, '09:30'), serviceIds: [serviceId] },
      await solvedChallenge(portal(citizen, '/meerane')),
    ),
    'hold of A',
  );
  // A case with a payment, a note and a document.
  const personId = DEMO_REGISTER.persons.zoeWeiss;
  // A consent to invitations by e-mail (#14): its confirmation link is A's.
  ok(
    await clerk.post(
      `/api/register/persons/${personId}/invitation-consent`,
      { email: MARK_EMAIL, locale: 'de', consentGiven: true },
      { 'x-audit-reason': 'Einwilligung Einladung' },
    ),
    'consent of A',
  );
  const consentMail = await t.db
    .selectFrom('outbox_messages')
    .select('text_body')
    .where('template', '=', 'invitations.consent-confirm')
    .where('recipient', '=', MARK_EMAIL)
    .executeTakeFirstOrThrow();
  const consentToken = /\/einwilligung\/([A-Za-z0-9_-]{32,64})/.exec(consentMail.text_body ?? '')?.[1];
  if (!consentToken) throw new Error('no consent link in the mail of A');
  const kase = ok(
    await clerk.post('/api/cases', {
      serviceId: SERVICE_IDS.meldebescheinigung,
      personId,
      formData: { variant: 'simple', requester: 'self' },
    }),
    'case of A',
  );
  ok(
    await clerk.post('/api/payments', {
      caseId: kase.id,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
      amountCents: 500,
    }),
    'payment of A',
  );
  ok(await clerk.post(`/api/cases/${kase.id}/notes`, { text: `${MARKER}: Notiz von A` }), 'note of A');
  ok(await clerk.post(`/api/cases/${kase.id}/transitions`, { to: 'submitted' }), 'submit of A');
  const document = ok(
    await clerk.post(`/api/cases/${kase.id}/documents`, { kind: 'registration_certificate' }),
    'document of A',
  );
  // A kit, a video terminal, a home visit and a staff member with the marker name.
  ok(
    await coordinator.post('/api/kits', {
      name: `${MARKER}-Koffer`,
      municipalityIds: [DEMO.municipalityMeerane],
      locationIds: [],
    }),
    'kit of A',
  );
  ok(
    await coordinator.post('/api/video/terminals', {
      locationId: DEMO.locations.gemeindeamtSchoenberg,
      name: `${MARKER}-Terminal`,
    }),
    'terminal of A',
  );
  ok(
    await coordinator.post('/api/schedule/home-visits', {
      serviceIds: [SERVICE_IDS.lebensbescheinigung],
      requesterKind: 'relative',
      requesterName: MARK_NAME,
      email: MARK_EMAIL,
      personName: MARK_NAME,
      street: 'Musterweg 3',
      postalCode: '08393',
      city: 'Meerane',
      reason: `${MARKER}: kann nicht kommen`,
    }),
    'home visit of A',
  );
  ok(
    await admin.post('/api/staff', {
      username: 'isomatrix-a',
      displayName: MARK_NAME,
      roles: ['clerk'],
    }),
    'staff of A',
  );
  // A change to the Land catalogue lands in A's draft queue as a review.
  const operator = await t.login('operator');
  const landId = LAND_SERVICE_IDS['fuehrungszeugnis-beantragen'];
  const land = ok(await operator.get(`/api/operator/land-services/${landId}`), 'Land service');
  ok(
    await operator.post(`/api/operator/land-services/${landId}/versions`, {
      content: { ...land.content, notes: `${land.content.notes ?? ''} Neu.`.trim() },
      feeFrame: land.feeFrame,
      changeNote: 'Isolationsmatrix',
      baseVersion: land.version,
    }),
    'Land change',
  );
  // Rows whose making needs a device or a long run, written by the test's own view.
  const terminal = await firstId('video_terminals', A);
  await sql`insert into video_calls (id, authority_id, terminal_id, location_id, kind, locale, token_hash, token_expires_at)
    values (${'0190a000-0000-7000-8000-0000000a0c01'}, ${A}, ${terminal!}, ${DEMO.locations.gemeindeamtSchoenberg},
      'walk_in', 'de', 'isomatrix-call-token', now() + interval '1 hour')`.execute(t.db);
  await sql`insert into invitation_runs (id, authority_id, month, scheduled, today, window_days, prepared, letters, counts, finished_at)
    values (${'0190a000-0000-7000-8000-0000000a0c02'}, ${A}, '2026-12', false, current_date, 90, 0, 0, '{}'::jsonb, now())`.execute(
    t.db,
  );
  await sql`insert into authority_exports (id, authority_id, authority_slug, file_name, bytes, sha256, tables, rows, attachments)
    values (${'0190a000-0000-7000-8000-0000000a0c03'}, ${A}, 'meerane', 'isomatrix.tar', 0, ${'0'.repeat(64)}, 0, 0, 0)`.execute(
    t.db,
  );
  ok(await coordinator.post('/api/tours/plans', { weeks: 1 }), 'tour plan of A');
  const caseRow = await t.db
    .selectFrom('cases')
    .select(['number', 'access_code'])
    .where('id', '=', kase.id)
    .executeTakeFirstOrThrow();
  const location = await t.db
    .selectFrom('locations')
    .select(['id', 'slug'])
    .where('authority_id', '=', A)
    .where('active', '=', true)
    .orderBy('slug')
    .executeTakeFirstOrThrow();
  const muni = await t.db
    .selectFrom('municipalities')
    .select(['ags'])
    .where('authority_id', '=', A)
    .executeTakeFirstOrThrow();
  const block = await t.db
    .selectFrom('register_blocks')
    .select(['id', 'person_id'])
    .where('authority_id', '=', A)
    .executeTakeFirstOrThrow();
  const attachment = await t.db
    .selectFrom('attachments')
    .select('sha256')
    .where('authority_id', '=', A)
    .executeTakeFirst();
  markers.push(C_MARKER, MARKER, MARK_EMAIL, caseRow.number, booked.appointment.bookingNumber, 'isomatrix-a');
  const ids: Record<string, string> = {};
  for (const table of new Set(Object.values(PATH_KINDS))) {
    const id = await firstId(table, A);
    if (id) ids[table] = id;
  }
  ids.appointments = booked.appointment.id;
  ids.cases = kase.id;
  ids.case_documents = document.id;
  ids.office_days = day.id;
  ids.locations = location.id;
  ids.register_persons = block.person_id;
  ids.authorities = A;
  return {
    authorityId: A,
    ids,
    personId,
    blockId: block.id,
    caseNumber: caseRow.number,
    accessCode: caseRow.access_code ?? 'ABCD-EFGH',
    verificationCode: document.verificationCode,
    bookingNumber: booked.appointment.bookingNumber,
    manageToken: booked.manageToken,
    consentToken,
    holdId: hold.holdId,
    holdToken: hold.holdToken,
    day,
    serviceId,
    locationSlug: location.slug,
    staffUsername: 'isomatrix-a',
    email: MARK_EMAIL,
    markerName: MARK_NAME,
    ags: muni.ags ?? '14524000',
    attachmentSha: attachment?.sha256 ?? '0'.repeat(64),
  };
}

/** Data of another authority (B or C): an office day and a booking on its own portal. */
async function giveData(other: AddedAuthority, name: string) {
  const coordinator = await t.login('coordinator', { authorityId: other.id });
  const day = await planDay(t, coordinator, {
    date: freeWorkingDay(14, 2),
    desks: 1,
    locationId: other.locationId,
  });
  const citizen = t.anonymous();
  ok(
    await citizen.post(
      `/${other.slug}/api/booking/appointments`,
      {
        officeDayId: day.id,
        startsAt: at(day.date, '09:00'),
        serviceIds: [other.services['personalausweis-beantragen']],
        contact: { name, email: `${other.slug}@example.org` },
      },
      await solvedChallenge(portal(citizen, `/${other.slug}`)),
    ),
    `booking of ${other.slug}`,
  );
}

/** An enrolled kit of B; its agent signs GET and POST requests to /api/kit/… as the kit does. */
async function kitOfB(): Promise<Agent> {
  const coordinator = await t.login('coordinator', { authorityId: b.id });
  const clerk = await t.login('clerk', { authorityId: b.id });
  const kit = await enrolTestKit(coordinator, clerk, { municipalityIds: [b.municipalityId] });
  return {
    ...clerk,
    inject: (options: InjectOptions) => {
      const url = String(options.url);
      const method = options.method as string;
      if (!url.startsWith('/api/kit/') || url === '/api/kit/enrol' || (method !== 'GET' && method !== 'POST'))
        return clerk.inject(options);
      const payload = typeof options.payload === 'string' ? JSON.parse(options.payload) : undefined;
      return kit.request(method, url, payload);
    },
  };
}

async function firstId(table: string, authority: string): Promise<string | undefined> {
  const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table)}
    where authority_id = ${authority} order by id limit 1`.execute(t.db);
  return rows.rows[0]?.id;
}

async function tablesWithAuthority(): Promise<{ table: string; uuidColumns: string[]; hasId: boolean }[]> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
    where c.table_schema = 'public' and c.table_name in (
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'authority_id')
      and c.table_name in (select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE')
    order by c.table_name, c.ordinal_position`.execute(t.db);
  const byTable = new Map<string, { table: string; uuidColumns: string[]; hasId: boolean }>();
  for (const r of rows.rows) {
    const entry = byTable.get(r.table_name) ?? { table: r.table_name, uuidColumns: [], hasId: false };
    if (r.data_type === 'uuid' && r.column_name !== 'authority_id') entry.uuidColumns.push(r.column_name);
    if (r.column_name === 'id' && r.data_type === 'uuid') entry.hasId = true;
    byTable.set(r.table_name, entry);
  }
  return [...byTable.values()];
}

async function collectAIds() {
  const tables = await tablesWithAuthority();
  tenantTables = tables.map((x) => x.table);
  for (const { table, hasId } of tables) {
    if (!hasId || table === 'authorities') continue;
    // A's rows, and C's: an answer to B's side must show no row of either.
    const rows = await sql<{ id: string; authority_id: string }>`select id::text as id,
        authority_id::text as authority_id from ${sql.table(table)}
      where authority_id in (${A}, ${c.id})`.execute(t.db);
    for (const r of rows.rows) aIds.set(r.id, r.authority_id === A ? table : `${table} (of C)`);
  }
  // An id that rows of shared tables (the Land catalogue) or of another authority also carry is
  // no proof of anything (the demo's fixed ids of different kinds may coincide).
  const shared = await sql<{ table_name: string }>`select t.table_name from information_schema.tables t
    where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and exists (select 1 from information_schema.columns c where c.table_schema = 'public'
        and c.table_name = t.table_name and c.column_name = 'id' and c.data_type = 'uuid')
      and not exists (select 1 from information_schema.columns c where c.table_schema = 'public'
        and c.table_name = t.table_name and c.column_name = 'authority_id')`.execute(t.db);
  for (const { table_name } of shared.rows) {
    const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table_name)}`.execute(t.db);
    for (const r of rows.rows) aIds.delete(r.id);
  }
  for (const { table, hasId } of tables) {
    if (!hasId) continue;
    const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table)}
      where authority_id not in (${A}, ${c.id})`.execute(t.db);
    for (const r of rows.rows) aIds.delete(r.id);
  }
}

/** Columns that change on A's rows without anyone acting on them: the audit chain, linked after commit. */
const VOLATILE: Record<string, string[]> = {
  audit_log: ['seq', 'tx_id', 'content_hash', 'payload_hash', 'payload_salt'],
};

/** A's and C's rows per table (as text, sorted): compared before and after the walk. */
async function snapshotA(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of tenantTables) {
    const drop = VOLATILE[table] ?? [];
    const row = drop.length
      ? sql.raw(`(to_jsonb(x) - ${drop.map((d) => `'${d}'`).join(' - ')})::text`)
      : sql.raw('to_jsonb(x)::text');
    const res = await sql<{ r: string }>`select ${row} as r from ${sql.table(table)} x
      where authority_id in (${A}, ${c.id})`.execute(t.db);
    out.set(table, res.rows.map((r) => r.r).sort());
  }
  return out;
}

/** What changed in A's rows: per table, the rows gone and the rows new (shortened). */
function changesOfA(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [table, rows] of before) {
    const now = after.get(table) ?? [];
    const was = new Set(rows);
    const is = new Set(now);
    const gone = rows.filter((r) => !is.has(r));
    const added = now.filter((r) => !was.has(r));
    for (const r of gone.slice(0, 3)) out.push(`${table} before: ${r.slice(0, 400)}`);
    for (const r of added.slice(0, 3)) out.push(`${table} after:  ${r.slice(0, 400)}`);
  }
  return out;
}

/** Rows of B or the service centre that name one of A's or C's rows (the audit log of refusals aside). */
async function foreignReferencesToA(): Promise<string[]> {
  const found: string[] = [];
  for (const { table, uuidColumns } of await tablesWithAuthority()) {
    if (table === 'audit_log' || uuidColumns.length === 0) continue;
    const rows = await sql<{ j: string }>`select to_jsonb(x)::text as j from ${sql.table(table)} x
      where authority_id not in (${A}, ${c.id})`.execute(t.db);
    for (const r of rows.rows) {
      for (const id of r.j.match(UUID) ?? []) if (aIds.has(id)) found.push(`${table}: ${id}`);
    }
  }
  return found;
}

/** The value is one of A's rows, or A itself (A's directory entry is public, not a secret). */
function namesARow(v: string): boolean {
  return aIds.has(v) || v === A;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// ---------------------------------------------------------------------------------------------
// Building a request of B's side that names A's resources
// ---------------------------------------------------------------------------------------------

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    s = doc.components.schemas[s.$ref.split('/').pop()!] ?? {};
  }
  return s;
}

/** A's value for a field of this name, if the name says what it refers to. */
function aValueByName(name: string, a: AFacts): unknown {
  const id = a.ids;
  const map: Record<string, unknown> = {
    officeDayId: a.day.id,
    officeDay: a.day.id,
    officeDayIds: [a.day.id],
    serviceIds: [a.serviceId],
    services: a.serviceId,
    serviceId: a.serviceId,
    service: a.serviceId,
    personId: a.personId,
    caseId: id.cases,
    locationId: id.locations,
    location: id.locations,
    locationIds: [id.locations],
    municipalityId: id.municipalities,
    municipality: id.municipalities,
    municipalityIds: [id.municipalities],
    villageId: id.villages,
    village: id.villages,
    kitId: id.kits,
    registerId: id.cash_registers,
    paymentId: id.payments,
    appointmentId: id.appointments,
    ticketId: id.tickets,
    holdId: a.holdId,
    holdToken: a.holdToken,
    token: a.manageToken,
    userId: id.staff_users,
    authorityId: a.authorityId,
    bookingNumber: a.bookingNumber,
    caseNumber: a.caseNumber,
    number: a.caseNumber,
    accessCode: a.accessCode,
    terminalId: id.video_terminals,
    callId: id.video_calls,
    recipient: a.email,
    email: a.email,
    q: a.markerName,
    familyName: 'Weiß',
    username: a.staffUsername,
    resourceId: a.personId,
  };
  return map[name];
}

const CANDIDATES = ['x', 'K1', 'KA1', '09:00', '2027-03-15', '0'.repeat(64), 'abc-def', '01234567', '12345'];

/** A value the schema accepts (required properties only; fields that name something get A's). */
function sample(schema: Schema | undefined, a: AFacts, name = '', depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 6) return null;
  const known = aValueByName(name, a);
  if (known !== undefined) {
    const type = Array.isArray(s.type) ? s.type : [s.type];
    if (Array.isArray(known) === type.includes('array') || !s.type) return known;
    if (Array.isArray(known) && !type.includes('array')) return known[0];
    return [known];
  }
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives)) {
    const nonNull = alternatives.find((x: Schema) => resolve(x).type !== 'null') ?? alternatives[0];
    return sample(nonNull, a, name, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return '01900000-0000-7000-8000-0000000f0001';
      if (s.format === 'date') return a.day.date;
      if (s.format === 'date-time') return at(a.day.date, '10:00');
      if (s.format === 'email') return MARK_EMAIL;
      const min = s.minLength ?? 1;
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const hit = CANDIDATES.find((x) => re.test(x) && x.length >= min);
        if (hit) return hit;
      }
      return 'x'.repeat(Math.max(1, Math.min(min, 50)));
    }
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(s.minItems ?? 0, 1) }, () => sample(s.items, a, name, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries<Schema>(s.properties ?? {})) {
        // Required properties, and every optional one that names something of A.
        if ((s.required ?? []).includes(key) || aValueByName(key, a) !== undefined)
          out[key] = sample(prop, a, key, depth + 1);
      }
      return out;
    }
    default:
      return 'x';
  }
}

/** A's id for a path parameter, by the segment before it. */
function pathValue(op: Operation, name: string, a: AFacts): string | undefined {
  const segments = op.path.split('/');
  const index = segments.indexOf(`{${name}}`);
  const before = segments[index - 1] ?? '';
  if (name === 'blockId') return a.blockId;
  if (name === 'keyId') return '01900000-0000-7000-8000-0000000f0002';
  if (name === 'sha256') return a.attachmentSha;
  if (name === 'code') return a.verificationCode;
  if (name === 'ags') return a.ags;
  if (name === 'slug' && before === 'display') return a.locationSlug;
  if (name === 'slug') return 'personalausweis-beantragen';
  if (name === 'location' || name === 'idOrSlug') return a.ids.locations;
  if (name === 'kitId') return a.ids.kits;
  const table = PATH_KINDS[before];
  return table ? a.ids[table] : undefined;
}

interface Built {
  options: InjectOptions;
  /** The path named one of A's rows. */
  namesA: boolean;
}

async function build(op: Operation, a: AFacts, prefix: string, caller: Agent): Promise<Built> {
  const call = CALLS[op.key] ?? {};
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  let namesA = false;
  for (const p of op.params) {
    if (p.in === 'path') {
      const v = pathValue(op, p.name, a);
      if (v !== undefined && namesARow(v)) namesA = true;
      path[p.name] = v ?? String(sample(p.schema, a, p.name));
    } else if (p.in === 'query') {
      const known = aValueByName(p.name, a);
      if (known !== undefined || p.required) {
        const v = known ?? sample(p.schema, a, p.name);
        query[p.name] = Array.isArray(v) ? v.join(',') : String(v);
      }
    } else if (p.name === 'x-altcha') {
      Object.assign(headers, await solvedChallenge(portal(caller, prefix)));
    } else if (p.required || p.name === 'idempotency-key') {
      headers[p.name] = p.name === 'idempotency-key' ? `matrix-${Math.random().toString(36).slice(2)}` : 'x';
    }
  }
  Object.assign(path, call.path?.(a));
  Object.assign(query, call.query?.(a));
  let url = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(path[n] ?? 'x'));
  const qs = new URLSearchParams(query).toString();
  if (qs) url += `?${qs}`;
  let payload: string | Buffer | undefined;
  if (op.body) {
    if (op.body.contentType.includes('json')) {
      payload = JSON.stringify(call.body ? call.body(a) : sample(op.body.schema, a));
      headers['content-type'] = op.body.contentType;
    } else {
      payload = Buffer.from('kein Bild');
      headers['content-type'] = op.body.contentType;
    }
  } else if (op.method === 'POST' && op.tags.includes('cases') && op.path === '/api/attachments') {
    payload = Buffer.from('kein Bild');
    headers['content-type'] = 'image/png';
  }
  return {
    options: {
      method: op.method as InjectOptions['method'],
      url: `${prefix}${url}`,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    },
    namesA,
  };
}

/** An agent whose requests go to a portal (`/<slug>`). */
function portal(agent: Agent, prefix: string): Agent {
  if (!prefix) return agent;
  return {
    ...agent,
    get: (url, headers) => agent.get(`${prefix}${url}`, headers),
  };
}

// ---------------------------------------------------------------------------------------------
// The callers of B's side
// ---------------------------------------------------------------------------------------------

interface Caller {
  name: string;
  /** A fresh caller (made again for each sign-in route: signing out must not blind the rest of the walk). */
  make(): Promise<Agent>;
  prefix: string;
  headers: Record<string, string>;
  staff: boolean;
  /** The operations this caller makes (all when absent). */
  only?: (op: Operation) => boolean;
}

function callers(): Caller[] {
  const staff = (role: AuthorityRole): Caller => ({
    name: `B's ${role}`,
    make: () => t.login(role, { authorityId: b.id }),
    prefix: '',
    // Register reads need a purpose; a stated one lets the walk reach the handlers.
    headers: { 'x-audit-reason': 'Isolationsmatrix' },
    staff: true,
  });
  return [
    ...ROLES.map(staff),
    {
      name: 'B’s portal citizen',
      make: async () => t.anonymous(),
      prefix: `/${b.slug}`,
      headers: {},
      staff: false,
    },
    {
      // The field kit's device routes, signed by an enrolled kit of B (ADR 10).
      name: 'B’s kit',
      make: async () => kitAgent,
      prefix: '',
      headers: { 'x-audit-reason': 'Isolationsmatrix' },
      staff: true,
      only: (op) => op.path.startsWith('/api/kit/'),
    },
    {
      name: '115 agent acting for B',
      make: () => t.login('hotline', { authorityId: centre.id }),
      prefix: '',
      headers: { 'x-acting-for': b.id, 'x-audit-reason': 'Isolationsmatrix' },
      staff: true,
    },
  ];
}

interface Finding {
  caller: string;
  op: string;
  status: number;
  what: string;
}

/** What of A an answer shows: ids of A's rows (by table, with one example) and A's markers. */
function leaksIn(body: string): string[] {
  const byTable = new Map<string, string[]>();
  for (const id of new Set((body.match(UUID) ?? []).map((x) => x.toLowerCase()))) {
    const table = aIds.get(id);
    if (table) byTable.set(table, [...(byTable.get(table) ?? []), id]);
  }
  const out = [...byTable].map(([table, ids]) => `${ids.length} id(s) of A's ${table}, e.g. ${ids[0]}`);
  for (const m of markers) if (body.includes(m)) out.push(`the marker "${m}" of A or C`);
  return out;
}

async function walk(
  caller: Caller,
  ops: Operation[],
): Promise<{ findings: Finding[]; calls: number; statuses: Record<string, number> }> {
  const findings: Finding[] = [];
  const statuses: Record<string, number> = {};
  let calls = 0;
  let agent: Agent | undefined;
  for (const op of ops) {
    if (caller.only && !caller.only(op)) continue;
    // A sign-in or staff route may end or change the session: it and the next operation get a
    // fresh one.
    const signIn = op.tags.includes('auth') || op.path.startsWith('/api/staff');
    if (!agent || signIn) agent = await caller.make();
    const current = agent;
    if (signIn) agent = undefined;
    const { options, namesA } = await build(op, facts, caller.prefix, current);
    const call = CALLS[op.key] ?? {};
    let res: LightMyRequestResponse;
    try {
      res = await current.inject({
        ...options,
        headers: { ...caller.headers, ...(options.headers as Record<string, string>) },
        signal: AbortSignal.timeout(call.stream ? 1_500 : 30_000),
      });
    } catch (error) {
      if (call.stream && (error as Error).name === 'AbortError') {
        findings.push({ caller: caller.name, op: op.key, status: 0, what: 'an event stream of A opened' });
      } else {
        findings.push({ caller: caller.name, op: op.key, status: 0, what: String(error) });
      }
      continue;
    }
    calls++;
    statuses[op.key] = res.statusCode;
    if (process.env.MATRIX_FINDINGS && [400, 415, 422, 426].includes(res.statusCode))
      statuses[`${op.key} ${res.statusCode}`] = res.body.slice(res.body.indexOf('errors'), 700) as never;
    const found = (what: string) =>
      findings.push({ caller: caller.name, op: op.key, status: res.statusCode, what });
    if (res.statusCode >= 500) found(res.body.slice(0, 200));
    for (const leak of leaksIn(res.body)) found(leak);
    if (namesA && res.statusCode < 300 && !call.mayAnswer)
      found('succeeded on a path that names A’s resource');
    if (caller.staff && op.path.startsWith('/api/operator/') && res.statusCode !== 403)
      found('an operator route did not refuse an authority’s staff with 403');
    if (!caller.staff && op.path.startsWith('/api/operator/') && res.statusCode < 400)
      found('an operator route answered a citizen');
  }
  return { findings, calls, statuses };
}

describe('the isolation matrix: B’s side names A’s resources in every operation (#12)', () => {
  it('knows how to call every operation of the OpenAPI document, and no other', () => {
    const keys = operations.map((o) => o.key);
    expect(keys.length).toBeGreaterThan(150);
    expect(
      keys.filter((k) => !(k in CALLS)),
      'operations the matrix does not know (add them to CALLS)',
    ).toEqual([]);
    expect(
      Object.keys(CALLS).filter((k) => !keys.includes(k)),
      'entries for operations that are gone',
    ).toEqual([]);
  });

  it('has a row of A for every resource a path names', () => {
    const missing: string[] = [];
    for (const op of operations) {
      for (const p of op.params.filter((x) => x.in === 'path')) {
        const v = CALLS[op.key]?.path?.(facts)[p.name] ?? pathValue(op, p.name, facts);
        const isId = p.schema.format === 'uuid' || /id$/i.test(p.name);
        if (
          isId &&
          !(op.key in NO_A_ROW) &&
          !op.path.startsWith('/api/operator/') &&
          (v === undefined || !namesARow(v)) &&
          p.name !== 'index'
        )
          missing.push(`${op.key} {${p.name}}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('reads, lists, changes and leaks nothing of A, for any role of B, B’s citizens and the 115', async () => {
    const before = await snapshotA();
    const quiet = operations.filter((o) => !CALLS[o.key]?.touchesA);
    const results = await Promise.all(callers().map((caller) => walk(caller, quiet)));
    const after = await snapshotA();
    // Then the few operations that touch A's rows by design (answers still checked).
    const touching = operations.filter((o) => CALLS[o.key]?.touchesA);
    results.push(...(await Promise.all(callers().map((caller) => walk(caller, touching)))));
    const findings = results.flatMap((r) => r.findings);
    const calls = results.reduce((n, r) => n + r.calls, 0);
    if (process.env.MATRIX_FINDINGS)
      (await import('node:fs')).writeFileSync(
        process.env.MATRIX_FINDINGS,
        JSON.stringify({ findings, statuses: results.map((r) => r.statuses) }, null, 1),
      );
    expect(findings).toEqual([]);
    const expected = callers().reduce((n, c) => n + operations.filter((o) => !c.only || c.only(o)).length, 0);
    expect(calls).toBe(expected);
    expect(changesOfA(before, after), 'A’s or C’s rows changed').toEqual([]);
    expect(await foreignReferencesToA(), 'rows of B or the 115 centre that name A’s or C’s rows').toEqual([]);
  }, 240_000);
});
