import path from 'node:path';

/**
 * Every setting the server reads, with its default. The README's configuration table lists the
 * same variables; src/server/config.test.ts keeps the two in step.
 */
export interface AppConfig {
  /** TCP port of the HTTP server. */
  port: number;
  host: string;
  /** Where PGlite keeps its files, and where attachments are stored. */
  dataDir: string;
  /** postgres://… to use a PostgreSQL server; unset = embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /** Public base URL, used in mails, QR codes and feeds. */
  publicUrl: string;
  /** Seed demo data into an empty database. */
  seedDemo: boolean;
  /** Run migrations at start. */
  migrateOnStart: boolean;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  /** Login attempts per IP address and minute. */
  loginRateLimitPerMinute: number;
  /** Sign-in attempts (password or second factor) per account and minute, from any address. */
  loginAccountRateLimitPerMinute: number;
  /**
   * Which proxies' X-Forwarded-For to believe: false (none; the default), a hop count, or the
   * proxies' addresses/CIDRs. Decides the client address every per-IP limit counts.
   */
  trustProxy: TrustProxy;
  /** Requests per IP address and minute on public (citizen) write endpoints. */
  publicRateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** Secure flag on cookies; 'auto' = on unless publicUrl is http://localhost. */
  cookieSecure: boolean;
  /** SMTP URL for outgoing mail; unset = mails are kept in the database outbox only. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** SMPP 3.4 SMSC for text messages (smpp:// or ssmpp://host:port); unset = texts stay in the outbox (ADR 32). */
  smsSmppUrl: string | undefined;
  /** SMPP system_id and password (bind_transmitter); never logged. */
  smsSmppSystemId: string | undefined;
  smsSmppPassword: string | undefined;
  /** Sender of text messages: a number or up to 11 letters. */
  smsSourceAddr: string;
  /** Start the background job runner (mail, reminders, holds expiry, retention). */
  jobsEnabled: boolean;
  /** Hours before an office day starts at which online booking closes. */
  bookingCutoffHours: number;
  /** Minutes a slot stays held while a citizen completes a booking. */
  bookingHoldMinutes: number;
  /** Hours before an appointment at which the reminder goes out. */
  bookingReminderHours: number;
  /** Active appointments one contact (email or phone) may hold on one day. */
  bookingMaxPerContactPerDay: number;
  /** Calls without the citizen coming forward after which a ticket counts as no-show. */
  queueNoShowAfterCalls: number;
  /** Days sent mails stay in the outbox before they are deleted. */
  mailRetentionDays: number;
  /**
   * Days after an office day (or a home visit) before its appointments lose name, contact and
   * note; waiting-list entries and demand contacts go as well. The figures stay.
   */
  appointmentRetentionDays: number;
  /** Full calendar years after closing before cases without a legal period are deleted (#15). */
  caseRetentionYears: number;
  /** Years the cash book (entries, claims, closings, receipts) is kept (#15). */
  cashRecordsRetentionYears: number;
  /** Records one retention batch (one transaction) handles. */
  retentionBatchSize: number;
  /** Invitations before an ID expires (#14): days ahead the monthly run looks (an authority may set its own). */
  invitationWindowDays: number;
  /** Tour planner (#14, ADR 31): travel times from straight lines ('haversine') or an OSRM server ('osrm'). */
  toursTravelTimes: 'haversine' | 'osrm';
  /** OSRM base URL (table service), e.g. http://osrm.example:5000; required with 'osrm'. */
  toursOsrmUrl: string | undefined;
  /** Road distance per straight-line distance, in hundredths (130 = 1.3). */
  toursRoadFactorPercent: number;
  /** Average speed of a kit's car on country roads, km/h. */
  toursSpeedKmh: number;
  /** Directory of the built web apps. */
  webDir: string;
  /** Build the web apps at start when webDir is missing. */
  buildWebOnStart: boolean;
  /** HMAC keys of the audit chain's links; created with mode 0600 on first start (ADR 15). */
  auditKeyFile: string;
  /** Ed25519 key that signs the audit checkpoints; created with mode 0600 on first start. */
  auditSigningKeyFile: string;
  /** Append-only file of signed audit checkpoints (the anchor outside the database). */
  auditCheckpointFile: string;
  /** Minutes between audit checkpoints (one is also written at every shutdown). */
  auditCheckpointMinutes: number;
  /** Mail the day's latest checkpoint to every auditor with an email address. */
  auditCheckpointMail: boolean;
  /** Milliseconds between two runs of the audit chainer. */
  auditChainIntervalMs: number;
  /** Years after which audit rows lose their personal payload (the links stay). */
  auditRetentionYears: number;
  /** The terminal (/terminal) asks "Are you still there?" after this many seconds without input. */
  kioskIdleSeconds: number;
  /** … and wipes everything when nobody answers within this many seconds. */
  kioskCountdownSeconds: number;
  /** Slug of the authority whose portal answers at `/` (ADR 27); unset = the only one, else a list. */
  portalDefaultAuthority: string | undefined;
  /** Bearer token for /metrics (Prometheus); unset = the endpoint is off (#12). */
  metricsToken: string | undefined;
  /** TURN servers for video consultations (#11): turn:/turns: URLs; empty = peer-to-peer only. */
  turnUrls: string[];
  /** coturn's static-auth-secret: the server hands out short-lived HMAC credentials from it. */
  turnSecret: string | undefined;
  /** Send all call media through TURN (hides the parties' addresses from each other). */
  turnRelayOnly: boolean;
  /** Bot protection (#14, ADR 33): HMAC key of the proof-of-work challenges; unset = a key file in dataDir. */
  altchaHmacKey: string | undefined;
  /** PBKDF2 iterations per attempt of a challenge (the server derives one attempt per challenge). */
  altchaCost: number;
  /** Highest counter a challenge asks for (the browser tries about half of it on average). */
  altchaMaxCounter: number;
  /** How long a challenge may be solved and used. */
  altchaExpiryMinutes: number;
  /** Queue heads-up (#14): tell a waiting citizen when about this many minutes are left. */
  queueHeadsUpMinutes: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export class ConfigError extends Error {}

export type TrustProxy = false | number | string[];

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f:]+(\/\d{1,3})?$/i;

/**
 * TRUST_PROXY: off (default), a hop count (1 = one reverse proxy in front), or the proxies'
 * addresses. `true` is refused: believing every hop lets any client choose its own address.
 */
function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || ['false', 'off', 'no', '0'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (['true', 'on', 'yes'].includes(raw.toLowerCase()))
    throw new ConfigError(
      'TRUST_PROXY=true would let every client choose its own address; give the number of proxies in front (e.g. 1) or their addresses',
    );
  const list = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  for (const a of list) {
    if (!IPV4.test(a) && !IPV6.test(a) && !['loopback', 'linklocal', 'uniquelocal'].includes(a))
      throw new ConfigError(`TRUST_PROXY must be off, a hop count or proxy addresses, got "${a}"`);
  }
  return list;
}

/** PORTAL_DEFAULT_AUTHORITY: an authority slug (lower-case letters, digits, hyphens) or unset. */
function portalDefault(env: NodeJS.ProcessEnv): string | undefined {
  const raw = (env.PORTAL_DEFAULT_AUTHORITY ?? '').trim();
  if (raw === '') return undefined;
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(raw))
    throw new ConfigError(
      `PORTAL_DEFAULT_AUTHORITY must be an authority's slug (e.g. meerane), got "${raw}"`,
    );
  return raw;
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.METRICS_TOKEN?.trim();
  if (!token) return undefined;
  if (token.length < 24 || !/^[\x21-\x7e]+$/.test(token))
    throw new ConfigError('METRICS_TOKEN must be at least 24 printable characters without spaces');
  return token;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = int(env, 'PORT', 8080);
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const isLocal = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(publicUrl);
  const cookieSecureRaw = env.COOKIE_SECURE ?? 'auto';
  const dataDir = path.resolve(env.DATA_DIR || './data');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl,
    databasePoolMax: int(env, 'DATABASE_POOL_MAX', 10),
    publicUrl,
    seedDemo: bool(env, 'SEED_DEMO', true),
    migrateOnStart: bool(env, 'MIGRATE_ON_START', true),
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5),
    loginLockoutMinutes: int(env, 'LOGIN_LOCKOUT_MINUTES', 15),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20),
    loginAccountRateLimitPerMinute: int(env, 'LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE', 10),
    trustProxy: trustProxy(env),
    publicRateLimitPerMinute: int(env, 'PUBLIC_RATE_LIMIT_PER_MINUTE', 120),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576),
    cookieSecure: cookieSecureRaw === 'auto' ? !isLocal : bool(env, 'COOKIE_SECURE', !isLocal),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Bürgerbüro Meerane <buergerbuero@meerane.example>',
    ...smppSettings(env),
    jobsEnabled: bool(env, 'JOBS_ENABLED', true),
    bookingCutoffHours: int(env, 'BOOKING_CUTOFF_HOURS', 12),
    bookingHoldMinutes: int(env, 'BOOKING_HOLD_MINUTES', 10),
    bookingReminderHours: int(env, 'BOOKING_REMINDER_HOURS', 48),
    bookingMaxPerContactPerDay: int(env, 'BOOKING_MAX_PER_CONTACT_PER_DAY', 3),
    queueNoShowAfterCalls: int(env, 'QUEUE_NO_SHOW_AFTER_CALLS', 3),
    mailRetentionDays: int(env, 'MAIL_RETENTION_DAYS', 30),
    appointmentRetentionDays: int(env, 'APPOINTMENT_RETENTION_DAYS', 90),
    caseRetentionYears: int(env, 'CASE_RETENTION_YEARS', 2),
    cashRecordsRetentionYears: int(env, 'CASH_RECORDS_RETENTION_YEARS', 10),
    retentionBatchSize: Math.max(1, int(env, 'RETENTION_BATCH_SIZE', 500)),
    invitationWindowDays: between(env, 'INVITATION_WINDOW_DAYS', 120, 14, 365),
    ...toursSettings(env),
    webDir: path.resolve(env.WEB_DIR || './dist/web'),
    buildWebOnStart: bool(env, 'BUILD_WEB_ON_START', true),
    auditKeyFile: path.resolve(env.AUDIT_KEY_FILE || path.join(dataDir, 'audit-hmac.key')),
    auditSigningKeyFile: path.resolve(env.AUDIT_SIGNING_KEY_FILE || path.join(dataDir, 'audit-signing.key')),
    auditCheckpointFile: path.resolve(
      env.AUDIT_CHECKPOINT_FILE || path.join(dataDir, 'audit-checkpoints.jsonl'),
    ),
    auditCheckpointMinutes: atLeast(env, 'AUDIT_CHECKPOINT_MINUTES', 60, 1),
    auditCheckpointMail: bool(env, 'AUDIT_CHECKPOINT_MAIL', false),
    auditChainIntervalMs: atLeast(env, 'AUDIT_CHAIN_INTERVAL_MS', 500, 10),
    auditRetentionYears: atLeast(env, 'AUDIT_RETENTION_YEARS', 1, 1),
    kioskIdleSeconds: Math.max(1, int(env, 'KIOSK_IDLE_SECONDS', 60)),
    kioskCountdownSeconds: Math.max(1, int(env, 'KIOSK_COUNTDOWN_SECONDS', 30)),
    portalDefaultAuthority: portalDefault(env),
    metricsToken: metricsToken(env),
    ...turnSettings(env),
    altchaHmacKey: altchaHmacKey(env),
    altchaCost: between(env, 'ALTCHA_COST', 250, 1, 1_000_000),
    altchaMaxCounter: between(env, 'ALTCHA_MAX_COUNTER', 32_000, 2, 10_000_000),
    altchaExpiryMinutes: between(env, 'ALTCHA_EXPIRY_MINUTES', 20, 1, 24 * 60),
    queueHeadsUpMinutes: between(env, 'QUEUE_HEADS_UP_MINUTES', 10, 1, 240),
  };
}

function turnSettings(env: NodeJS.ProcessEnv): Pick<AppConfig, 'turnUrls' | 'turnSecret' | 'turnRelayOnly'> {
  const turnUrls = (env.TURN_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of turnUrls) {
    if (!/^turns?:[^\s,]+$/.test(url))
      throw new ConfigError(`TURN_URLS: "${url}" is not a turn: or turns: URL`);
  }
  const turnSecret = env.TURN_SECRET || undefined;
  if (turnUrls.length > 0 && !turnSecret)
    throw new ConfigError('TURN_URLS needs TURN_SECRET (coturn use-auth-secret)');
  if (turnSecret && turnSecret.length < 16)
    throw new ConfigError('TURN_SECRET must be at least 16 characters');
  const turnRelayOnly = bool(env, 'TURN_RELAY_ONLY', false);
  if (turnRelayOnly && turnUrls.length === 0) throw new ConfigError('TURN_RELAY_ONLY needs TURN_URLS');
  return { turnUrls, turnSecret, turnRelayOnly };
}

function altchaHmacKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env.ALTCHA_HMAC_KEY?.trim();
  if (!key) return undefined;
  if (key.length < 32) throw new ConfigError('ALTCHA_HMAC_KEY must be at least 32 characters');
  return key;
}

function toursSettings(
  env: NodeJS.ProcessEnv,
): Pick<AppConfig, 'toursTravelTimes' | 'toursOsrmUrl' | 'toursRoadFactorPercent' | 'toursSpeedKmh'> {
  const mode = env.TOURS_TRAVEL_TIMES || 'haversine';
  if (mode !== 'haversine' && mode !== 'osrm')
    throw new ConfigError(`TOURS_TRAVEL_TIMES must be haversine or osrm, got "${mode}"`);
  const url = env.TOURS_OSRM_URL || undefined;
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url))
    throw new ConfigError(`TOURS_OSRM_URL must be an http(s) URL, got "${url}"`);
  if (mode === 'osrm' && !url) throw new ConfigError('TOURS_TRAVEL_TIMES=osrm needs TOURS_OSRM_URL');
  return {
    toursTravelTimes: mode,
    toursOsrmUrl: url?.replace(/\/+$/, ''),
    toursRoadFactorPercent: between(env, 'TOURS_ROAD_FACTOR_PERCENT', 130, 100, 300),
    toursSpeedKmh: between(env, 'TOURS_SPEED_KMH', 45, 10, 120),
  };
}

function atLeast(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const value = int(env, name, fallback);
  if (value < minimum) throw new ConfigError(`${name} must be at least ${minimum}, got "${env[name]}"`);
  return value;
}

function between(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = atLeast(env, name, fallback, min);
  if (value > max) throw new ConfigError(`${name} must be at most ${max}, got "${env[name]}"`);
  return value;
}

/** SMS over SMPP (ADR 32): the URL needs system_id and password; the password is never echoed. */
function smppSettings(env: NodeJS.ProcessEnv) {
  const url = env.SMS_SMPP_URL || undefined;
  if (url && !/^s?smpp:\/\/[^/\s@]+(:\d+)?\/?$/.test(url)) {
    throw new ConfigError(
      'SMS_SMPP_URL must look like smpp://host:2775 or ssmpp://host:3550 (credentials go in SMS_SMPP_SYSTEM_ID/SMS_SMPP_PASSWORD)',
    );
  }
  const systemId = env.SMS_SMPP_SYSTEM_ID || undefined;
  const password = env.SMS_SMPP_PASSWORD || undefined;
  if (url && (!systemId || !password)) {
    throw new ConfigError('SMS_SMPP_URL needs SMS_SMPP_SYSTEM_ID and SMS_SMPP_PASSWORD');
  }
  const source = env.SMS_SOURCE_ADDR || 'Rathaus';
  if (!/^(\+?\d{3,15}|[A-Za-z0-9 ]{1,11})$/.test(source)) {
    throw new ConfigError('SMS_SOURCE_ADDR must be a number or up to 11 letters and digits');
  }
  return { smsSmppUrl: url, smsSmppSystemId: systemId, smsSmppPassword: password, smsSourceAddr: source };
}

/** Names of all environment variables read above (kept in step with the README by a test). */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_POOL_MAX',
  'PUBLIC_URL',
  'SEED_DEMO',
  'MIGRATE_ON_START',
  'LOG_LEVEL',
  'SESSION_IDLE_MINUTES',
  'SESSION_ABSOLUTE_HOURS',
  'LOGIN_MAX_FAILURES',
  'LOGIN_LOCKOUT_MINUTES',
  'LOGIN_RATE_LIMIT_PER_MINUTE',
  'LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE',
  'TRUST_PROXY',
  'PUBLIC_RATE_LIMIT_PER_MINUTE',
  'BODY_LIMIT_BYTES',
  'COOKIE_SECURE',
  'SMTP_URL',
  'MAIL_FROM',
  'SMS_SMPP_URL',
  'SMS_SMPP_SYSTEM_ID',
  'SMS_SMPP_PASSWORD',
  'SMS_SOURCE_ADDR',
  'JOBS_ENABLED',
  'BOOKING_CUTOFF_HOURS',
  'BOOKING_HOLD_MINUTES',
  'BOOKING_REMINDER_HOURS',
  'BOOKING_MAX_PER_CONTACT_PER_DAY',
  'QUEUE_NO_SHOW_AFTER_CALLS',
  'MAIL_RETENTION_DAYS',
  'APPOINTMENT_RETENTION_DAYS',
  'CASE_RETENTION_YEARS',
  'CASH_RECORDS_RETENTION_YEARS',
  'RETENTION_BATCH_SIZE',
  'INVITATION_WINDOW_DAYS',
  'TOURS_TRAVEL_TIMES',
  'TOURS_OSRM_URL',
  'TOURS_ROAD_FACTOR_PERCENT',
  'TOURS_SPEED_KMH',
  'WEB_DIR',
  'BUILD_WEB_ON_START',
  'AUDIT_KEY_FILE',
  'AUDIT_SIGNING_KEY_FILE',
  'AUDIT_CHECKPOINT_FILE',
  'AUDIT_CHECKPOINT_MINUTES',
  'AUDIT_CHECKPOINT_MAIL',
  'AUDIT_CHAIN_INTERVAL_MS',
  'AUDIT_RETENTION_YEARS',
  'KIOSK_IDLE_SECONDS',
  'KIOSK_COUNTDOWN_SECONDS',
  'PORTAL_DEFAULT_AUTHORITY',
  'METRICS_TOKEN',
  'TURN_URLS',
  'TURN_SECRET',
  'TURN_RELAY_ONLY',
  'ALTCHA_HMAC_KEY',
  'ALTCHA_COST',
  'ALTCHA_MAX_COUNTER',
  'ALTCHA_EXPIRY_MINUTES',
  'QUEUE_HEADS_UP_MINUTES',
] as const;
