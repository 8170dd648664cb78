import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the payments module; src/server/http/errors.ts merges them into the one registry. */
export const paymentsErrors = {
  PAYMENT_FEE_INPUT_INVALID: {
    status: 422,
    de: 'Die Gebühr lässt sich aus diesen Angaben nicht berechnen ({problem}). Bitte prüfen Sie Alter, Seitenzahl und gewählte Zusatzleistungen.',
    en: 'The fee cannot be computed from this information ({problem}). Please check age, number of pages and chosen extras.',
  },
  PAYMENT_CLAIM_NOT_FOUND: {
    status: 404,
    de: 'Für diesen Vorgang ist keine Gebühr erfasst.',
    en: 'No fee is recorded for this case.',
  },
  PAYMENT_NOTHING_DUE: {
    status: 409,
    de: 'Für diesen Vorgang ist keine Gebühr zu zahlen.',
    en: 'No fee is due for this case.',
  },
  PAYMENT_ALREADY_SETTLED: {
    status: 409,
    de: 'Die Gebühr für diesen Vorgang ist bereits beglichen. Für eine Korrektur stornieren Sie zuerst die Buchung.',
    en: 'The fee for this case has already been settled. To correct it, reverse the entry first.',
  },
  PAYMENT_AMOUNT_MISMATCH: {
    status: 422,
    de: 'Der Betrag stimmt nicht mit der berechneten Gebühr überein ({expected}). Bitte kassieren Sie die angezeigte Gebühr.',
    en: 'The amount does not match the computed fee ({expected}). Please take the fee shown.',
  },
  PAYMENT_AMOUNT_REQUIRED: {
    status: 400,
    de: 'Für diese Leistung ist im Katalog kein bestätigter Betrag hinterlegt. Bitte geben Sie die Gebühr nach der örtlichen Kostensatzung ein.',
    en: 'The catalogue holds no confirmed amount for this service. Please enter the fee under the local cost rules.',
  },
  PAYMENT_TERMINAL_REFERENCE_REQUIRED: {
    status: 400,
    de: 'Bei Kartenzahlung bitte die Belegnummer des Kartenterminals angeben.',
    en: 'For card payments, enter the card terminal\u2019s receipt reference.',
  },
  PAYMENT_INVOICE_RECIPIENT_REQUIRED: {
    status: 400,
    de: 'Bei Zahlung auf Rechnung bitte Name und Anschrift der Rechnungsempfängerin oder des Rechnungsempfängers angeben.',
    en: 'For payment by invoice, enter the name and address of the invoice recipient.',
  },
  PAYMENT_WAIVER_REASON_REQUIRED: {
    status: 400,
    de: 'Für einen Gebührenerlass bitte den Erlassgrund und eine Begründung angeben.',
    en: 'For a fee waiver, choose the waiver and give a reason.',
  },
  PAYMENT_WAIVER_UNKNOWN: {
    status: 422,
    de: 'Diesen Erlassgrund sieht die Gebührenordnung der Leistung nicht vor.',
    en: 'The service\u2019s fee schedule has no such waiver.',
  },
  PAYMENT_NOT_FOUND: {
    status: 404,
    de: 'Diese Buchung gibt es nicht.',
    en: 'This entry does not exist.',
  },
  PAYMENT_ALREADY_REVERSED: {
    status: 409,
    de: 'Diese Buchung wurde bereits storniert.',
    en: 'This entry has already been reversed.',
  },
  PAYMENT_NOT_REVERSIBLE: {
    status: 409,
    de: 'Eine Stornobuchung kann nicht selbst storniert werden. Buchen Sie die Gebühr bei Bedarf neu.',
    en: 'A reversal cannot itself be reversed. Take the fee again if needed.',
  },
  PAYMENT_ID_CONFLICT: {
    status: 409,
    de: 'Unter dieser Kennung ist bereits eine andere Buchung gespeichert.',
    en: 'A different entry is already stored under this identifier.',
  },
  PAYMENT_BUSINESS_DATE_IN_FUTURE: {
    status: 422,
    de: 'Eine Buchung kann nicht für einen künftigen Tag erfasst werden. Bitte prüfen Sie Datum und Uhrzeit des Geräts.',
    en: 'An entry cannot be made for a future day. Please check the device\u2019s date and time.',
  },
  CASH_REGISTER_NOT_FOUND: {
    status: 404,
    de: 'Diese Kasse gibt es nicht.',
    en: 'This cash register does not exist.',
  },
  CASH_REGISTER_CLOSED: {
    status: 409,
    de: 'Die Kasse ist für den {date} bereits abgeschlossen. Nach dem Kassenabschluss sind keine Buchungen für diesen Tag mehr möglich.',
    en: 'The cash register is already closed for {date}. After the cash report no more entries are possible for that day.',
  },
  CASH_REGISTER_NOT_FOR_THIS_DEVICE: {
    status: 403,
    de: 'Diese Kasse gehört zu einem anderen Gerät (Bürgerkoffer oder Bürgerbüro). Bitte buchen Sie in Ihrer eigenen Kasse.',
    en: 'This cash register belongs to another device (kit or desk). Please book into your own register.',
  },
  PAYMENT_RECEIPT_NUMBER_OUT_OF_SEQUENCE: {
    status: 409,
    de: 'Die Quittungsnummer passt nicht zur lückenlosen Folge dieser Kasse (erwartet: {expected}).',
    en: 'The receipt number does not fit the register\u2019s gap-free sequence (expected: {expected}).',
  },
  PAYMENT_NOT_SUSPENSE: {
    status: 409,
    de: 'Diese Buchung ist keine ungeklärte Einzahlung. Nur ungeklärte Einzahlungen werden auf diesem Weg einem Vorgang zugeordnet oder erstattet.',
    en: 'This entry is not an unassigned payment. Only unassigned payments are assigned to a case or refunded this way.',
  },
  PAYMENT_SUSPENSE_CLEARED: {
    status: 409,
    de: 'Diese ungeklärte Einzahlung ist bereits geklärt (zugeordnet oder erstattet).',
    en: 'This unassigned payment has already been cleared (assigned or refunded).',
  },
  PAYMENT_SUSPENSE_NOT_ASSIGNABLE: {
    status: 422,
    de: 'Diese ungeklärte Buchung kann keinem Vorgang zugeordnet werden (kein eingezahlter Betrag). Klären Sie sie durch ein Storno.',
    en: 'This unassigned entry cannot be assigned to a case (no money was paid in). Clear it with a reversal.',
  },
  CASH_DAY_ALREADY_CLOSED: {
    status: 409,
    de: 'Für den {date} gibt es bereits einen Kassenabschluss.',
    en: 'There is already a cash report for {date}.',
  },
  CASH_CLOSING_TOTALS_MISMATCH: {
    status: 409,
    de: 'Die Summen des Kassenabschlusses stimmen nicht mit den gebuchten Beträgen überein. Bitte synchronisieren Sie alle Buchungen und prüfen Sie den Abschluss.',
    en: 'The cash report\u2019s totals do not match the entries on record. Please sync every entry and check the report.',
  },
} satisfies ErrorDefinitions;
