import { defineMessages } from '../../ui/i18n';

/** The page behind the links in the consent and invitation mails (#14, ADR 34). */
export const consentPageMessages = defineMessages({
  de: {
    confirmTitle: 'Bitte bestätigen Sie Ihre E-Mail-Adresse',
    confirmText:
      'Sie haben im Bürgerbüro eingewilligt, dass wir Sie vor Ablauf Ihres Personalausweises oder Reisepasses per E-Mail an {email} zu einem Sprechtag einladen. Bitte bestätigen Sie, dass diese Adresse Ihnen gehört. Der Link gilt bis {date}.',
    confirm: 'Adresse bestätigen',
    notMe: 'Das war ich nicht – widerrufen',
    activeTitle: 'Einladungen per E-Mail',
    confirmedText:
      'Danke, Ihre Adresse ist bestätigt. Wir laden Sie vor Ablauf Ihres Ausweises per E-Mail ein.',
    activeText:
      'Wir laden Sie vor Ablauf Ihres Personalausweises oder Reisepasses per E-Mail an {email} zu einem Sprechtag ein. Sie können Ihre Einwilligung jederzeit widerrufen; dann schreiben wir Ihnen wieder per Brief.',
    withdraw: 'Einwilligung widerrufen',
    endedTitle: 'Ihre Einwilligung ist widerrufen',
    endedText:
      'Wir schreiben Ihnen keine Einladungen mehr per E-Mail und haben Ihre Adresse gelöscht. Einladungen vor Ablauf Ihres Ausweises kommen wieder per Brief.',
    replacedText:
      'Diese Einwilligung gilt nicht mehr: Sie wurde durch eine neue Adresse ersetzt oder beendet. Fragen beantwortet das Bürgerbüro: 03764 54-0.',
    expiredTitle: 'Der Bestätigungslink ist abgelaufen',
    expiredText:
      'Ihre Adresse wurde nicht rechtzeitig bestätigt. Wir schreiben Ihnen weiter per Brief. Möchten Sie Einladungen per E-Mail, geben Sie Ihre Adresse bitte im Bürgerbüro erneut an.',
    notFoundTitle: 'Link nicht gefunden',
    notFoundText:
      'Dieser Link passt zu keiner Einwilligung. Bitte nutzen Sie den vollständigen Link aus unserer E-Mail oder wenden Sie sich an das Bürgerbüro: 03764 54-0.',
    privacy:
      'Wir verwenden die Adresse nur für diese Einladungen (Art. 6 Abs. 1 lit. a DSGVO). Ein Widerruf gilt ab sofort (Art. 7 Abs. 3 DSGVO).',
  },
  en: {
    confirmTitle: 'Please confirm your email address',
    confirmText:
      'At the citizens’ office you agreed that we may invite you by email to {email} to an office day before your ID card or passport expires. Please confirm that this address is yours. The link works until {date}.',
    confirm: 'Confirm address',
    notMe: 'This was not me – withdraw',
    activeTitle: 'Invitations by email',
    confirmedText:
      'Thank you, your address is confirmed. We will invite you by email before your ID expires.',
    activeText:
      'We invite you by email to {email} to an office day before your ID card or passport expires. You can withdraw your consent at any time; we will then write to you by letter again.',
    withdraw: 'Withdraw consent',
    endedTitle: 'Your consent is withdrawn',
    endedText:
      'We will send you no more invitations by email and have deleted your address. Invitations before your ID expires will come by letter again.',
    replacedText:
      'This consent no longer applies: it was replaced by a new address or ended. The citizens’ office answers questions: +49 3764 54-0.',
    expiredTitle: 'The confirmation link has expired',
    expiredText:
      'Your address was not confirmed in time. We will keep writing to you by letter. If you want invitations by email, please give your address at the citizens’ office again.',
    notFoundTitle: 'Link not found',
    notFoundText:
      'This link does not match any consent. Please use the complete link from our email or contact the citizens’ office: +49 3764 54-0.',
    privacy:
      'We use the address for these invitations only (Art. 6(1)(a) GDPR). A withdrawal applies at once (Art. 7(3) GDPR).',
  },
});
