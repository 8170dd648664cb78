import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Locale, negotiateLocale } from '../../core/locale';
import { isAuditWriteFailure } from '../modules/audit/write-failure';
import { AppError, type ErrorCode, type FieldError, messageFor } from './errors';

export const PROBLEM_TYPE_BASE = '/api/problems/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function requestLocale(request: FastifyRequest): Locale {
  return negotiateLocale(request.headers['accept-language']);
}

const FIELD_MESSAGES: Record<string, { de: string; en: string }> = {
  required: { de: 'Bitte füllen Sie dieses Feld aus.', en: 'Please fill in this field.' },
  type: { de: 'Dieser Wert hat das falsche Format.', en: 'This value has the wrong format.' },
  format: {
    de: 'Dieser Wert hat nicht das erwartete Format.',
    en: 'This value is not in the expected format.',
  },
  'format:email': {
    de: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
    en: 'Enter a valid email address, like name@example.com.',
  },
  'format:date': {
    de: 'Bitte geben Sie ein gültiges Datum ein (JJJJ-MM-TT).',
    en: 'Enter a valid date (YYYY-MM-DD).',
  },
  'format:uuid': { de: 'Diese Kennung ist ungültig.', en: 'This identifier is not valid.' },
  deadlineAfterRequest: {
    de: 'Die Frist muss weniger Stunden vor dem Termin liegen als die Anfrage.',
    en: 'The deadline must be fewer hours before the appointment than the request.',
  },
  consentRequired: {
    de: 'Bitte bestätigen Sie, dass die Person in Einladungen per E-Mail an diese Adresse eingewilligt hat.',
    en: 'Confirm that the person consented to invitations by email to this address.',
  },
  'format:phone': {
    de: 'Bitte geben Sie eine Telefonnummer ein, z. B. 03764 12345 oder +49 3764 12345.',
    en: 'Enter a phone number, like 03764 12345 or +49 3764 12345.',
  },
  contactRequired: {
    de: 'Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an.',
    en: 'Enter an email address or a phone number.',
  },
  recurrence: {
    de: 'Bitte geben Sie eine gültige Wiederholung an.',
    en: 'Enter a valid recurrence.',
  },
  timeOrder: {
    de: 'Das Ende muss nach dem Beginn liegen.',
    en: 'The end must be after the start.',
  },
  dateInPast: {
    de: 'Dieses Datum liegt in der Vergangenheit.',
    en: 'This date is in the past.',
  },
  holiday: {
    de: 'An diesem Tag ist ein gesetzlicher Feiertag.',
    en: 'This day is a public holiday.',
  },
  codeWrong: {
    de: 'Der Code ist falsch oder abgelaufen. Geben Sie den aktuellen Code aus Ihrer App ein.',
    en: 'The code is wrong or has expired. Enter the current code from your app.',
  },
  controlCharacter: {
    de: 'Dieser Wert enthält ein unzulässiges Steuerzeichen (z. B. ein Null-Byte).',
    en: 'This value contains a control character that is not allowed (e.g. a NUL byte).',
  },
  invalidCharacter: {
    de: 'Dieser Wert enthält ein ungültiges Zeichen.',
    en: 'This value contains an invalid character.',
  },
  unknown: {
    de: 'Diesen Eintrag gibt es nicht (mehr). Bitte wählen Sie aus der Liste.',
    en: 'This entry does not exist (any more). Please choose from the list.',
  },
  notOffered: {
    de: 'Das wird hier nicht angeboten.',
    en: 'This is not offered here.',
  },
  outsideWindow: {
    de: 'Bitte wählen Sie eine der angebotenen Uhrzeiten.',
    en: 'Choose one of the times offered.',
  },
  minLength: {
    de: 'Bitte geben Sie mindestens {limit} Zeichen ein.',
    en: 'Enter at least {limit} characters.',
  },
  maxLength: {
    de: 'Bitte geben Sie höchstens {limit} Zeichen ein.',
    en: 'Enter at most {limit} characters.',
  },
  minimum: { de: 'Der Wert muss mindestens {limit} sein.', en: 'The value must be at least {limit}.' },
  maximum: { de: 'Der Wert darf höchstens {limit} sein.', en: 'The value must be at most {limit}.' },
  exclusiveMinimum: {
    de: 'Der Wert muss größer als {limit} sein.',
    en: 'The value must be greater than {limit}.',
  },
  pattern: {
    de: 'Dieser Wert hat nicht das erwartete Format.',
    en: 'This value is not in the expected format.',
  },
  enum: { de: 'Bitte wählen Sie einen der vorgegebenen Werte.', en: 'Choose one of the given values.' },
  const: { de: 'Bitte wählen Sie einen der vorgegebenen Werte.', en: 'Choose one of the given values.' },
  anyOf: {
    de: 'Dieser Wert passt zu keiner erlaubten Form.',
    en: 'This value matches none of the allowed forms.',
  },
  additionalProperties: {
    de: 'Das Feld „{property}“ ist hier nicht vorgesehen.',
    en: 'The field "{property}" is not expected here.',
  },
  minItems: { de: 'Bitte wählen Sie mindestens {limit} Einträge.', en: 'Choose at least {limit} entries.' },
  maxItems: { de: 'Bitte wählen Sie höchstens {limit} Einträge.', en: 'Choose at most {limit} entries.' },
  uniqueItems: { de: 'Jeder Eintrag darf nur einmal vorkommen.', en: 'Each entry may appear only once.' },
  // Onboarding of authorities (#12)
  contrast: {
    de: 'Diese Farbe hat auf Weiß nur {ratio}:1 Kontrast; nötig sind mindestens {minimum}:1 (WCAG AA). Wählen Sie eine dunklere Farbe.',
    en: 'This colour has only {ratio}:1 contrast on white; at least {minimum}:1 is needed (WCAG AA). Choose a darker colour.',
  },
  notAMember: {
    de: 'Die führende Gemeinde muss eine der Mitgliedsgemeinden sein.',
    en: 'The lead municipality must be one of the member municipalities.',
  },
  duplicate: { de: 'Dieser Eintrag kommt doppelt vor.', en: 'This entry appears twice.' },
  taken: { de: 'Dieser Wert ist schon vergeben.', en: 'This value is already taken.' },
  mismatch: { de: 'Die Eingabe stimmt nicht überein.', en: 'What you typed does not match.' },
  unsafeSvg: {
    de: 'Diese SVG-Datei enthält Skripte oder Verweise nach außen und wird nicht angenommen.',
    en: 'This SVG file contains scripts or external references and is not accepted.',
  },
  notPng: { de: 'Diese Datei ist kein PNG-Bild.', en: 'This file is not a PNG image.' },
  notSvg: { de: 'Diese Datei ist kein SVG-Bild.', en: 'This file is not an SVG image.' },
  size: { de: 'Die Datei ist leer oder größer als 256 KB.', en: 'The file is empty or larger than 256 KB.' },
  // Codes of single modules: each field code a module sends needs its own words (a test scans them).
  wrong: { de: 'Das eingegebene Passwort ist falsch.', en: 'The password you entered is wrong.' },
  weak: {
    de: 'Dieses Passwort ist zu leicht zu erraten. Bitte wählen Sie ein längeres Passwort.',
    en: 'This password is too easy to guess. Choose a longer password.',
  },
  reused: {
    de: 'Bitte wählen Sie ein anderes Passwort als das bisherige.',
    en: 'Choose a password different from the previous one.',
  },
  already_enabled: {
    de: 'Der zweite Faktor ist schon eingerichtet.',
    en: 'The second factor is already set up.',
  },
  before_from: {
    de: 'Das Ende des Zeitraums muss nach seinem Beginn liegen.',
    en: 'The end of the period must be after its start.',
  },
  too_long: { de: 'Bitte wählen Sie einen kürzeren Zeitraum.', en: 'Choose a shorter period.' },
  json: { de: 'Diese Datei ist kein gültiges JSON.', en: 'This file is not valid JSON.' },
  not_found: {
    de: 'Dazu wurde nichts gefunden. Bitte prüfen Sie die Nummer.',
    en: 'Nothing was found for this. Check the number.',
  },
  notFound: {
    de: 'Dazu wurde nichts gefunden. Bitte prüfen Sie die Nummer.',
    en: 'Nothing was found for this. Check the number.',
  },
  invalid: {
    de: 'Dieser Code ist ungültig oder abgelaufen.',
    en: 'This code is not valid or has expired.',
  },
  scope: {
    de: 'Das liegt außerhalb Ihres Zuständigkeitsbereichs.',
    en: 'This is outside your area of responsibility.',
  },
  landlord_confirmation_missing: {
    de: 'Bitte legen Sie die Wohnungsgeberbestätigung bei.',
    en: 'Attach the landlord’s confirmation.',
  },
  // Land catalogue (#12, ADR 30)
  frame_order: {
    de: 'Der Mindestbetrag darf nicht über dem Höchstbetrag liegen.',
    en: 'The minimum must not be above the maximum.',
  },
  fee_fixed_by_law: {
    de: 'Diese Gebühr ist gesetzlich festgelegt; nur der Erläuterungstext kann örtlich angepasst werden.',
    en: 'This fee is fixed by law; only the explanatory text can be adapted locally.',
  },
  fee_outside_frame: {
    de: 'Ein Betrag liegt außerhalb des Gebührenrahmens.',
    en: 'An amount lies outside the fee frame.',
  },
  invalid_attachment: {
    de: 'Dieser Anhang kann nicht angenommen werden.',
    en: 'This attachment cannot be accepted.',
  },
};

export function fieldMessage(code: string, locale: Locale, params: Record<string, unknown> = {}): string {
  const entry = FIELD_MESSAGES[code] ?? FIELD_MESSAGES[code.split(':')[0]!] ?? FIELD_MESSAGES.format!;
  return entry[locale].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns AJV's validation errors into field errors with JSON pointers and readable messages. */
function fieldErrorsFromValidation(
  errors: AjvError[],
  context: string | undefined,
  locale: Locale,
): FieldError[] {
  const prefix = context && context !== 'body' ? `/${context}` : '';
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    let path = prefix + e.instancePath;
    let code = e.keyword;
    const params: Record<string, unknown> = {};
    if (e.keyword === 'required') path = `${path}/${String(e.params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') {
      params.property = e.params.additionalProperty;
      path = `${path}/${String(e.params.additionalProperty)}`;
    }
    if (e.keyword === 'format') code = `format:${String(e.params.format)}`;
    if ('limit' in e.params) params.limit = e.params.limit;
    const key = `${path}|${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: path || '/', code, params, message: fieldMessage(code, locale, params) });
  }
  return out;
}

export function problemFromAppError(error: AppError, request: FastifyRequest): ProblemDocument {
  const locale = requestLocale(request);
  return {
    type: PROBLEM_TYPE_BASE + error.code,
    title: messageFor(error.code, locale, error.params),
    status: error.status,
    detail: messageFor(error.code, locale, error.params),
    code: error.code,
    instance: request.id,
    ...(error.fieldErrors.length
      ? {
          errors: error.fieldErrors.map((f) => ({
            ...f,
            message: f.message ?? fieldMessage(f.code, locale, f.params ?? {}),
          })),
        }
      : {}),
    ...error.extensions,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  return reply
    .code(error.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(problemFromAppError(error, request));
}

/** Maps anything thrown in a route to an AppError. Unknown errors become INTERNAL_ERROR (and are logged). */
export function toAppError(error: FastifyError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  // No audit row, no answer: a request whose audit record cannot be written fails closed.
  if (isAuditWriteFailure(error)) return new AppError('SERVICE_UNAVAILABLE');
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    return new AppError(
      'VALIDATION_FAILED',
      {},
      fieldErrorsFromValidation(fe.validation, fe.validationContext, requestLocale(request)),
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_RATE_LIMIT':
      return new AppError('RATE_LIMITED');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG');
    case 'FST_ERR_BAD_URL':
      return new AppError('MALFORMED_URL');
  }
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED');
  if (error instanceof SyntaxError && fe.statusCode === 400) return new AppError('MALFORMED_JSON');
  if (fe.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (fe.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (fe.statusCode === 404) return new AppError('NOT_FOUND');
  if (fe.statusCode === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (fe.statusCode === 414) return new AppError('URI_TOO_LONG');
  return new AppError('INTERNAL_ERROR');
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before a route is found (a URL
 * parameter beyond maxParamLength, a malformed percent-encoding) answer as problem documents too.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError = toAppError(error, request);
  request.problem = appError;
  void sendProblem(reply, request, appError);
}

export function registerProblemHandlers(
  app: FastifyInstance,
  notFoundFallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.code === 'INTERNAL_ERROR' || isAuditWriteFailure(error)) {
      // Log the kind of failure, never the request body (it may hold personal data).
      request.log.error(
        {
          err: {
            type: error.name,
            code: (error as { code?: string }).code,
            message: error.message,
            stack: error.stack,
          },
        },
        'unhandled error',
      );
    }
    request.problem = appError;
    return sendProblem(reply, request, appError);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (notFoundFallback && (await notFoundFallback(request, reply))) return reply;
    const appError = new AppError('NOT_FOUND');
    request.problem = appError;
    return sendProblem(reply, request, appError);
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The problem this request ended with, if any (the audit hook records its code). */
    problem?: AppError;
  }
}
