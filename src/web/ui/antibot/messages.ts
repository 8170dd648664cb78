import { defineMessages } from '../i18n';

/**
 * The security check of the public forms (#14, ADR 33): our heading, hint and status texts, and the
 * texts the altcha widget shows (keys `widget_*`, handed to it instead of its own).
 */
export const antibotMessages = defineMessages({
  de: {
    title: 'Sicherheitsprüfung',
    hint: 'Ihr Browser löst eine kleine Rechenaufgabe, damit Programme keine Termine in großer Zahl belegen können. Sie müssen nichts tun; falls die Prüfung nicht von selbst startet, kreuzen Sie das Feld an. Es werden keine Daten an Dritte gesendet.',
    statusVerifying: 'Sicherheitsprüfung läuft, bitte einen Moment Geduld.',
    statusVerified: 'Sicherheitsprüfung erfolgreich. Sie können fortfahren.',
    statusError:
      'Die Sicherheitsprüfung hat nicht geklappt. Kreuzen Sie das Feld an, um es noch einmal zu versuchen.',
    statusExpired: 'Die Sicherheitsprüfung ist abgelaufen. Kreuzen Sie das Feld an, um sie zu wiederholen.',
    required:
      'Warten Sie, bis die Sicherheitsprüfung abgeschlossen ist, oder kreuzen Sie das Feld „Ich bin kein Programm“ an.',
    widget_label: 'Ich bin kein Programm',
    widget_verifying: 'Wird geprüft …',
    widget_verified: 'Geprüft',
    widget_error: 'Prüfung fehlgeschlagen. Bitte versuchen Sie es noch einmal.',
    widget_expired: 'Prüfung abgelaufen. Bitte versuchen Sie es noch einmal.',
    widget_verificationRequired: 'Bitte bestätigen Sie die Sicherheitsprüfung.',
    widget_waitAlert: 'Prüfung läuft, bitte warten.',
    widget_loading: 'Wird geladen …',
    widget_reload: 'Neu laden',
    widget_verify: 'Prüfen',
    widget_cancel: 'Abbrechen',
  },
  en: {
    title: 'Security check',
    hint: 'Your browser solves a small computing task so that programs cannot take appointments in bulk. You need not do anything; if the check does not start by itself, tick the box. No data is sent to third parties.',
    statusVerifying: 'Security check running, please wait a moment.',
    statusVerified: 'Security check passed. You can continue.',
    statusError: 'The security check did not work. Tick the box to try again.',
    statusExpired: 'The security check has expired. Tick the box to repeat it.',
    required: 'Wait until the security check has finished, or tick the box “I am not a program”.',
    widget_label: 'I am not a program',
    widget_verifying: 'Checking …',
    widget_verified: 'Checked',
    widget_error: 'Check failed. Please try again.',
    widget_expired: 'Check expired. Please try again.',
    widget_verificationRequired: 'Please confirm the security check.',
    widget_waitAlert: 'Checking, please wait.',
    widget_loading: 'Loading …',
    widget_reload: 'Reload',
    widget_verify: 'Check',
    widget_cancel: 'Cancel',
  },
});
