import { defineMessages } from '../../ui/i18n';

export const homeMessages = defineMessages({
  de: {
    title: 'Ihr Bürgerbüro – im Rathaus, im Dorf, online und am Telefon',
    lead: 'Die Stadt Meerane erledigt als erfüllende Gemeinde die Verwaltung für die Verwaltungsgemeinschaft Meerane–Schönberg. Sie erreichen das Bürgerbüro auf vier Wegen – wählen Sie den, der für Sie am einfachsten ist.',
    channelsTitle: 'So erreichen Sie uns',
    portalTitle: 'Online-Portal',
    portalText:
      'Finden Sie heraus, was Sie für ein Anliegen brauchen und was es kostet, buchen Sie einen Termin oder fragen Sie den Stand Ihres Antrags ab.',
    portalLink: 'Leistungen finden',
    mobileTitle: 'Mobiles Bürgerbüro (Bürgerkoffer)',
    mobileText:
      'Mitarbeitende des Bürgerbüros kommen mit dem Bürgerkoffer zu Sprechtagen in die Orte der Gemeinde Schönberg – und auf Wunsch zu Ihnen nach Hause, wenn Sie nicht reisen können.',
    mobileLink: 'Wann kommt das Bürgerbüro zu mir?',
    homeVisitLink: 'Hausbesuch anfragen',
    terminalTitle: 'Bürgerterminal',
    terminalText:
      'Am Bürgerterminal können Sie selbst Leistungen suchen, Termine buchen und sich per Video beraten lassen.',
    terminalLink: 'Zum Bürgerterminal',
    leadPortal:
      '{name}: Sie erreichen das Bürgerbüro auf vier Wegen – wählen Sie den, der für Sie am einfachsten ist.',
    phoneTextPortal:
      'Unter der 115 beantworten Ihnen Servicekräfte Fragen zu allen Leistungen und buchen auf Wunsch einen Termin für Sie.',
    phoneTitle: 'Behördennummer 115',
    phoneText:
      'Unter der 115 beantworten Ihnen Servicekräfte Fragen zu allen Leistungen und buchen auf Wunsch einen Termin für Sie. Das Bürgerbüro Meerane erreichen Sie direkt unter 03764 54-0.',
    quickTitle: 'Häufig gesucht',
    quickBook: 'Termin buchen',
    quickStatus: 'Stand meines Antrags',
    quickId: 'Personalausweis beantragen',
    quickMove: 'Wohnung anmelden',
  },
  en: {
    title: 'Your citizens\u2019 office – at the town hall, in your village, online and by phone',
    lead: 'As the lead municipality, the town of Meerane runs the administration for the administrative community Meerane–Schönberg. You can reach the citizens\u2019 office in four ways – choose the one that suits you best.',
    channelsTitle: 'How to reach us',
    portalTitle: 'Online portal',
    portalText:
      'Find out what you need for a matter and what it costs, book an appointment, or check the status of your application.',
    portalLink: 'Find a service',
    mobileTitle: 'Mobile citizens\u2019 office (Bürgerkoffer)',
    mobileText:
      'Staff of the citizens\u2019 office bring the Bürgerkoffer to office days in the villages of Schönberg – and to your home if you cannot travel.',
    mobileLink: 'When is the office coming to my village?',
    homeVisitLink: 'Ask for a home visit',
    terminalTitle: 'Citizens\u2019 terminal',
    terminalText:
      'At the citizens\u2019 terminal you can look up services, book appointments and get advice by video yourself.',
    terminalLink: 'Go to the terminal',
    leadPortal:
      '{name}: you can reach the citizens\u2019 office in four ways – choose the one that suits you best.',
    phoneTextPortal:
      'Call 115 for answers about every service; the agents can also book an appointment for you.',
    phoneTitle: 'Public service number 115',
    phoneText:
      'Call 115 for answers about every service; the agents can also book an appointment for you. The Meerane citizens\u2019 office is at 03764 54-0.',
    quickTitle: 'Frequently needed',
    quickBook: 'Book an appointment',
    quickStatus: 'Status of my application',
    quickId: 'Apply for an ID card',
    quickMove: 'Register a new address',
  },
});
