import { defineMessages } from '../../ui/i18n';

export const infoMessages = defineMessages({
  de: {
    a11yTitle: 'Erklärung zur Barrierefreiheit',
    a11yIntro:
      'Wir sind bemüht, unsere Website und die Anwendungen des Bürgerkoffers im Einklang mit dem Sächsischen Inklusionsgesetz und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Diese Erklärung gilt für das Bürgerportal, das Bürgerterminal, den Sachbearbeitungs-Arbeitsplatz und den Bürgerkoffer.',
    a11yStatusTitle: 'Stand der Vereinbarkeit mit den Anforderungen',
    a11yStatus:
      'Die Anwendungen sind mit den Anforderungen der WCAG 2.1 auf Stufe AA weitgehend vereinbar. Jede Seite für Bürgerinnen und Bürger wird bei jeder Änderung automatisiert mit axe-core geprüft; eine manuelle Prüfung mit Screenreadern ist vor dem Echtbetrieb vorgesehen.',
    a11yGapsTitle: 'Nicht barrierefreie Inhalte',
    a11yGaps:
      'Vom Bürgerkoffer erzeugte PDF-Dokumente (Quittungen, Bescheinigungen) enthalten echten Text, sind aber noch nicht vollständig getaggt (PDF/UA). Auf Wunsch erhalten Sie jedes Dokument in anderer Form.',
    a11yDateTitle: 'Erstellung dieser Erklärung',
    a11yDate: 'Diese Erklärung wurde am 29. November 2026 erstellt (Selbstbewertung).',
    a11yFeedbackTitle: 'Feedback und Kontakt',
    a11yFeedback:
      'Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns oder rufen Sie uns an:',
    a11yEnforcementTitle: 'Durchsetzungsverfahren',
    a11yEnforcement:
      'Wenn wir auf Ihre Rückmeldung nicht innerhalb von sechs Wochen zufriedenstellend antworten, können Sie sich an die Durchsetzungsstelle beim Beauftragten der Sächsischen Staatsregierung für die Belange von Menschen mit Behinderungen wenden.',
    imprintTitle: 'Impressum',
    imprintPublisher: 'Herausgeberin',
    imprintPhone: 'Telefon: {phone}',
    imprintEmail: 'E-Mail:',
    imprintWebsite: 'Website:',
    imprintRepresentedBy: 'Vertreten durch: {name}',
    imprintSupervisory: 'Aufsichtsbehörde',
    imprintVatId: 'Umsatzsteuer-Identifikationsnummer: {id}',
    imprintUnavailable:
      'Das Impressum kann gerade nicht geladen werden. Bitte versuchen Sie es später noch einmal.',
    imprintNoPortal:
      'Hier finden Sie die Bürgerbüros mehrerer Behörden. Das Impressum steht im Portal der jeweiligen Behörde — wählen Sie Ihre Behörde auf der Startseite.',
    imprintSoftware: 'Software',
    imprintSoftwareText:
      'Bürgerkoffer ist freie Software unter der Lizenz EUPL-1.2. Alle Personen in den Demonstrationsdaten sind frei erfunden.',
    privacyTitle: 'Datenschutz',
    privacyIntro:
      'Wir verarbeiten personenbezogene Daten nur, soweit es für Ihr Anliegen nötig ist (Art. 6 Abs. 1 lit. c und e DSGVO in Verbindung mit dem Bundesmeldegesetz, dem Personalausweisgesetz und dem Passgesetz).',
    privacyBooking:
      'Termine: Für eine Buchung brauchen wir nur eine E-Mail-Adresse oder Telefonnummer, um Sie zu benachrichtigen. Ein Konto ist nicht nötig. Die Kontaktdaten werden nach dem Termin gelöscht bzw. anonymisiert.',
    privacyKit:
      'Mobiles Bürgerbüro: Der Bürgerkoffer speichert Daten nur verschlüsselt und nur für den Einsatztag; nach der Übertragung ins Rathaus werden sie vom Gerät gelöscht.',
    privacyAudit:
      'Jeder Zugriff auf Melderegisterdaten wird protokolliert (wer, wann, warum). Die Protokolle sind gegen Veränderung gesichert.',
    privacyNoTracking:
      'Diese Website setzt keine Analyse- oder Werbe-Cookies und lädt keine Inhalte von Dritten. Für Mitarbeitende wird ein technisch notwendiges Sitzungs-Cookie verwendet.',
    privacyRights:
      'Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie das Recht auf Beschwerde bei der Sächsischen Datenschutz- und Transparenzbeauftragten.',
    privacyContact: 'Kontakt zum behördlichen Datenschutz:',
    easyTitle: 'Leichte Sprache',
    easyP1: 'Das ist die Internet-Seite vom Bürger-Büro.',
    easyP2Generic: 'Das Bürger-Büro ist im Rathaus. Dort bekommen Sie zum Beispiel einen neuen Ausweis.',
    easyP2: 'Das Bürger-Büro ist im Rathaus in {city}. Dort bekommen Sie zum Beispiel einen neuen Ausweis.',
    easyP3:
      'Manchmal kommt das Bürger-Büro auch in Ihr Dorf. Das heißt: Sprech-Tag. Dann müssen Sie nicht nach {city} fahren.',
    easyP3Generic:
      'Manchmal kommt das Bürger-Büro auch in Ihr Dorf. Das heißt: Sprech-Tag. Dann müssen Sie nicht in die Stadt fahren.',
    easyP4: 'Sie können nicht aus dem Haus gehen? Dann kommt das Bürger-Büro auch zu Ihnen nach Hause.',
    easyP5:
      'Sie können auf dieser Seite einen Termin machen. Ein Termin ist eine feste Uhr-Zeit. Dann müssen Sie nicht warten.',
    easyP6: 'Sie haben eine Frage? Rufen Sie an: 115. Oder: 03764 54-0.',
    easyLinkOfficeDays: 'Wann kommt das Bürger-Büro in mein Dorf?',
    easyLinkBook: 'Einen Termin machen',
  },
  en: {
    a11yTitle: 'Accessibility statement',
    a11yIntro:
      'We strive to make our website and the Bürgerkoffer applications accessible in line with the Saxon Inclusion Act and the German accessibility regulation BITV 2.0. This statement covers the citizens\u2019 portal, the citizens\u2019 terminal, the clerks\u2019 desk and the field kit.',
    a11yStatusTitle: 'Compliance status',
    a11yStatus:
      'The applications are largely compliant with WCAG 2.1 level AA. Every citizen-facing page is checked automatically with axe-core on every change; a manual check with screen readers is planned before going live.',
    a11yGapsTitle: 'Non-accessible content',
    a11yGaps:
      'PDF documents produced by the Bürgerkoffer (receipts, certificates) contain real text but are not yet fully tagged (PDF/UA). On request you will receive any document in another form.',
    a11yDateTitle: 'Preparation of this statement',
    a11yDate: 'This statement was prepared on 29 November 2026 (self-assessment).',
    a11yFeedbackTitle: 'Feedback and contact',
    a11yFeedback: 'Have you noticed barriers? Write to us or call us:',
    a11yEnforcementTitle: 'Enforcement procedure',
    a11yEnforcement:
      'If we do not answer your feedback satisfactorily within six weeks, you can turn to the enforcement body at the Saxon State Government\u2019s Commissioner for the interests of people with disabilities.',
    imprintTitle: 'Legal notice',
    imprintPublisher: 'Publisher',
    imprintPhone: 'Phone: {phone}',
    imprintEmail: 'E-mail:',
    imprintWebsite: 'Website:',
    imprintRepresentedBy: 'Represented by: {name}',
    imprintSupervisory: 'Supervisory authority',
    imprintVatId: 'VAT identification number: {id}',
    imprintUnavailable: 'The legal notice cannot be loaded right now. Please try again later.',
    imprintNoPortal:
      'This site hosts the citizens\u2019 offices of several authorities. Each authority\u2019s portal has its legal notice — choose your authority on the start page.',
    imprintSoftware: 'Software',
    imprintSoftwareText:
      'Bürgerkoffer is free software under the EUPL-1.2 licence. All people in the demonstration data are fictitious.',
    privacyTitle: 'Privacy',
    privacyIntro:
      'We process personal data only as far as your matter requires (Art. 6(1)(c) and (e) GDPR together with the Federal Registration Act, the ID Card Act and the Passport Act).',
    privacyBooking:
      'Appointments: to book we only need an e-mail address or phone number to notify you. No account is needed. Contact details are deleted or anonymised after the appointment.',
    privacyKit:
      'Mobile office: the field kit stores data only encrypted and only for the working day; once transferred to the town hall, it is deleted from the device.',
    privacyAudit:
      'Every access to the resident register is logged (who, when, why). The logs are protected against alteration.',
    privacyNoTracking:
      'This website sets no analytics or advertising cookies and loads no third-party content. Staff use a technically necessary session cookie.',
    privacyRights:
      'You have the right of access, rectification, erasure and restriction of processing, and the right to complain to the Saxon Data Protection and Transparency Commissioner.',
    privacyContact: 'Data protection contact:',
    easyTitle: 'Easy-read German (Leichte Sprache)',
    easyP1: 'This is the website of the citizens\u2019 office.',
    easyP2Generic:
      'The citizens\u2019 office is in the town hall. There you get, for example, a new ID card.',
    easyP2:
      'The citizens\u2019 office is in the town hall in {city}. There you get, for example, a new ID card.',
    easyP3:
      'Sometimes the citizens\u2019 office comes to your village. This is called an office day. Then you do not have to go to {city}.',
    easyP3Generic:
      'Sometimes the citizens\u2019 office comes to your village. This is called an office day. Then you do not have to go to town.',
    easyP4: 'You cannot leave your home? Then the citizens\u2019 office comes to your home.',
    easyP5:
      'On this website you can make an appointment. An appointment is a fixed time. Then you do not have to wait.',
    easyP6: 'Do you have a question? Call 115. Or: 03764 54-0.',
    easyLinkOfficeDays: 'When does the citizens\u2019 office come to my village?',
    easyLinkBook: 'Make an appointment',
  },
});
