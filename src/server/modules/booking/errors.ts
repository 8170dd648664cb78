import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the booking module; src/server/http/errors.ts merges them into the one registry. */
export const bookingErrors = {
  SLOT_TAKEN: {
    status: 409,
    de: 'Diese Uhrzeit ist leider gerade vergeben worden. Bitte wählen Sie eine andere Zeit.',
    en: 'Sorry, this time has just been taken. Please choose another time.',
  },
  SLOT_OUTSIDE_WINDOW: {
    status: 422,
    de: 'Zu dieser Uhrzeit kann an diesem Sprechtag kein Termin beginnen. Bitte wählen Sie eine angebotene Zeit.',
    en: 'No appointment can start at this time on this office day. Please choose one of the times offered.',
  },
  DATE_IN_PAST: {
    status: 422,
    de: 'Dieser Tag liegt in der Vergangenheit. Bitte wählen Sie einen kommenden Sprechtag.',
    en: 'This day is in the past. Please choose an upcoming office day.',
  },
  BOOKING_CLOSED: {
    status: 409,
    de: 'Für diesen Sprechtag kann online nicht mehr gebucht oder geändert werden (bis {hours} Stunden vorher). Kommen Sie gern ohne Termin vorbei oder rufen Sie 03764 54-0 an.',
    en: 'Online booking and changes for this office day have closed ({hours} hours before). You are welcome to come without an appointment or call +49 3764 54-0.',
  },
  HOLD_EXPIRED: {
    status: 410,
    de: 'Ihre Reservierung ist abgelaufen. Bitte wählen Sie die Uhrzeit erneut.',
    en: 'Your reservation has expired. Please choose the time again.',
  },
  SERVICE_UNKNOWN: {
    status: 422,
    de: 'Mindestens eine gewählte Leistung gibt es nicht (mehr). Bitte wählen Sie die Leistungen erneut.',
    en: 'At least one chosen service does not exist (any more). Please choose the services again.',
  },
  SERVICE_NOT_OFFERED: {
    status: 422,
    de: 'Diese Leistung wird an diesem Sprechtag nicht angeboten: {service}. Bitte wählen Sie einen anderen Ort oder Tag.',
    en: 'This service is not offered on this office day: {service}. Please choose another place or day.',
  },
  APPOINTMENT_TOO_LONG: {
    status: 422,
    de: 'Die gewählten Leistungen dauern zusammen {minutes} Minuten und passen nicht in diesen Sprechtag. Bitte buchen Sie sie auf zwei Termine verteilt.',
    en: 'Together the chosen services take {minutes} minutes and do not fit into this office day. Please book them as two appointments.',
  },
  CONTACT_LIMIT_REACHED: {
    status: 409,
    de: 'Mit diesen Kontaktdaten sind an diesem Tag schon {limit} Termine gebucht. Mehr sind nicht möglich.',
    en: '{limit} appointments are already booked with these contact details on this day. No more are possible.',
  },
  BOOKING_TOKEN_INVALID: {
    status: 404,
    de: 'Diesen Termin finden wir nicht. Bitte nutzen Sie den vollständigen Link aus Ihrer Bestätigung.',
    en: 'We cannot find this appointment. Please use the complete link from your confirmation.',
  },
  CONFIRMATION_TOKEN_INVALID: {
    status: 404,
    de: 'Diesen Termin finden wir nicht. Bitte nutzen Sie den vollständigen Link aus unserer Nachricht „Kommen Sie?“.',
    en: 'We cannot find this appointment. Please use the complete link from our message “Are you coming?”.',
  },
  CONFIRMATION_RELEASED: {
    status: 409,
    de: 'Dieser Termin wurde freigegeben, weil er nicht rechtzeitig bestätigt wurde. Bitte buchen Sie einen neuen Termin.',
    en: 'This appointment was released because it was not confirmed in time. Please book a new appointment.',
  },
  CONFIRMATION_CANCELLED: {
    status: 409,
    de: 'Dieser Termin ist bereits abgesagt. Bitte buchen Sie einen neuen Termin, wenn Sie doch kommen möchten.',
    en: 'This appointment has already been cancelled. Please book a new appointment if you would like to come after all.',
  },
  CONFIRMATION_OVER: {
    status: 409,
    de: 'Dieser Termin liegt in der Vergangenheit und kann nicht mehr bestätigt oder abgesagt werden.',
    en: 'This appointment is in the past and can no longer be confirmed or cancelled.',
  },
  NO_SHOW_TOO_EARLY: {
    status: 409,
    de: 'Ein Nichterscheinen kann erst {minutes} Minuten nach Beginn des Termins erfasst werden.',
    en: 'A no-show can only be recorded {minutes} minutes after the appointment has started.',
  },
  BOOKING_NO_SHOW_LIMIT: {
    status: 409,
    de: 'Sie sind in den letzten {months} Monaten {limit}-mal nicht zu einem gebuchten Termin gekommen. Deshalb können Sie online gerade keinen Termin buchen. Bitte rufen Sie uns an (03764 54-0) oder kommen Sie ohne Termin vorbei.',
    en: 'You did not come to a booked appointment {limit} times in the last {months} months, so you cannot book online at the moment. Please call us (+49 3764 54-0) or come without an appointment.',
  },
  CONFIRMATION_DEADLINE_AFTER_REQUEST: {
    status: 422,
    de: 'Die Frist für die Bestätigung muss näher am Termin liegen als die Anfrage (weniger Stunden vorher).',
    en: 'The confirmation deadline must be closer to the appointment than the request (fewer hours before).',
  },
  BOOKING_NOT_ACTIVE: {
    status: 409,
    de: 'Dieser Termin ist nicht mehr gebucht ({status}) und kann nicht geändert werden.',
    en: 'This appointment is no longer booked ({status}) and cannot be changed.',
  },
  APPOINTMENT_NOT_FOUND: {
    status: 404,
    de: 'Diesen Termin gibt es nicht.',
    en: 'This appointment does not exist.',
  },
} satisfies ErrorDefinitions;
