import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the invitations module (#14); src/server/http/errors.ts merges them into the registry. */
export const invitationsErrors = {
  INVITATIONS_DISABLED: {
    status: 409,
    de: 'Einladungen vor Ablauf eines Ausweises sind für Ihre Behörde ausgeschaltet. Eine Administratorin oder ein Administrator kann sie auf dieser Seite einschalten.',
    en: 'Invitations before an ID expires are switched off for your authority. An administrator can switch them on on this page.',
  },
  INVITATION_RUN_NOT_FOUND: {
    status: 404,
    de: 'Diesen Lauf gibt es nicht oder nicht mehr.',
    en: 'This run does not exist or no longer exists.',
  },
  CONSENT_NOT_RESIDENT: {
    status: 409,
    de: 'Eine Einwilligung für Einladungen per E-Mail kann nur für gemeldete Einwohnerinnen und Einwohner aufgenommen werden. Diese Person ist weggezogen oder verstorben.',
    en: 'Consent to invitations by email can only be recorded for registered residents. This person moved away or died.',
  },
  CONSENT_TOKEN_INVALID: {
    status: 404,
    de: 'Dieser Link passt zu keiner Einwilligung. Bitte nutzen Sie den vollständigen Link aus unserer E-Mail oder wenden Sie sich an das Bürgerbüro: 03764 54-0.',
    en: 'This link does not match any consent. Please use the complete link from our email or contact the citizens’ office: +49 3764 54-0.',
  },
  CONSENT_CONFIRMATION_EXPIRED: {
    status: 410,
    de: 'Der Bestätigungslink ist abgelaufen. Wir schreiben Ihnen weiter per Brief. Möchten Sie Einladungen per E-Mail, geben Sie Ihre Adresse bitte im Bürgerbüro erneut an.',
    en: 'The confirmation link has expired. We will keep writing to you by letter. If you want invitations by email, please give your address at the citizens’ office again.',
  },
  CONSENT_ENDED: {
    status: 409,
    de: 'Diese Einwilligung ist beendet (widerrufen oder durch eine neue Adresse ersetzt) und kann nicht mehr bestätigt werden.',
    en: 'This consent has ended (withdrawn or replaced by a new address) and can no longer be confirmed.',
  },
} satisfies ErrorDefinitions;
