import { defineMessages } from '../ui/i18n';

/** An invited interpreter or colleague joining a video consultation in a browser (#11). */
export const guestMessages = defineMessages({
  de: {
    title: 'Einladung zur Videoberatung',
    text: 'Das Bürgerbüro lädt Sie zu einer Videoberatung mit einer Bürgerin oder einem Bürger am Bürgerterminal ein – zum Dolmetschen oder als Fachkollegin oder Fachkollege.',
    camera:
      'Dafür werden Ihre Kamera und Ihr Mikrofon genutzt, solange Sie teilnehmen. Nichts wird aufgezeichnet; Nachrichten werden nur weitergeleitet, nicht gespeichert.',
    single: 'Der Link gilt nur einmal. Bitte geben Sie ihn nicht weiter.',
    join: 'Teilnehmen',
    joining: 'Einladung wird geprüft …',
    missing: 'Dieser Link ist unvollständig. Bitte öffnen Sie den ganzen Link aus der Einladung.',
    callTitle: 'Videoberatung',
    leave: 'Verlassen',
    leftTitle: 'Sie haben das Gespräch verlassen',
    endedTitle: 'Das Gespräch ist beendet',
    endedText: 'Vielen Dank für Ihre Hilfe. Sie können dieses Fenster schließen.',
    lostTitle: 'Die Verbindung ist unterbrochen',
    reconnect: 'Erneut verbinden',
    noCamera: 'Ohne Kamera und Mikrofon können Sie sehen, hören und schreiben, aber nicht sprechen.',
  },
  en: {
    title: 'Invitation to a video consultation',
    text: 'The citizens’ office invites you to a video consultation with a citizen at the citizens’ terminal – to interpret or as a specialist colleague.',
    camera:
      'Your camera and microphone are used while you take part. Nothing is recorded; messages are only passed on, not stored.',
    single: 'The link works only once. Please do not pass it on.',
    join: 'Join',
    joining: 'Checking the invitation …',
    missing: 'This link is incomplete. Please open the whole link from the invitation.',
    callTitle: 'Video consultation',
    leave: 'Leave',
    leftTitle: 'You have left the call',
    endedTitle: 'The call has ended',
    endedText: 'Thank you for your help. You can close this window.',
    lostTitle: 'The connection is interrupted',
    reconnect: 'Connect again',
    noCamera: 'Without camera and microphone you can see, hear and write, but not speak.',
  },
});
