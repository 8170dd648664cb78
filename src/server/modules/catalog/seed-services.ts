import type { ServiceContent } from '../../../core/catalog/content';
import type { FeeSchedule } from '../../../core/catalog/fees';
import type { Channel } from '../../../core/catalog/types';
import type { SeededServiceSlug } from './demo-ids';

/**
 * The seed catalogue: real services of the Bürgerbüro of Stadt Meerane (erfüllende Gemeinde of
 * the Verwaltungsgemeinschaft Meerane–Schönberg), with fees as of 2026, documents, legal bases
 * and durations from shared/domain-facts.md. What is not confirmed there (several Saxon fees,
 * some LeiKa keys) is not presented as a fact: the fee is marked unconfirmed and the note says so.
 *
 * Appointment lengths are the Munich ZMS values the fact sheet quotes as realistic seed values;
 * the longer home-visit times are a planning assumption of the pilot (setting up the kit).
 */

export interface SeedService {
  content: ServiceContent;
  synonyms: string[];
}

const BMG = (p: string, title: string) => ({
  title: `§ ${p} Bundesmeldegesetz (BMG) – ${title}`,
  url: `https://www.gesetze-im-internet.de/bmg/__${p.split(' ')[0]}.html`,
});
const PAUSWG = (p: string, title: string) => ({
  title: `§ ${p} Personalausweisgesetz (PAuswG) – ${title}`,
  url: `https://www.gesetze-im-internet.de/pauswg/__${p.split(' ')[0]}.html`,
});
const law = (title: string) => ({ title, url: null });

const FREE = (legalBasis?: string, de?: string, en?: string): FeeSchedule => ({
  rules: [],
  ...(legalBasis ? { legalBasis } : {}),
  ...(de && en ? { note: { de, en } } : {}),
});

const UNCONFIRMED = (de: string, en: string, legalBasis?: string): FeeSchedule => ({
  rules: [],
  amountUnconfirmed: true,
  note: { de, en },
  ...(legalBasis ? { legalBasis } : {}),
});

const SAXON_FEE_OPEN_DE =
  'Die Gebühr richtet sich nach dem sächsischen Kostenrecht. Der für Meerane geltende Betrag ist in diesem Katalog noch nicht bestätigt – bitte erfragen Sie ihn im Bürgerbüro (Telefon 03764 54-0).';
const SAXON_FEE_OPEN_EN =
  'The fee follows Saxon cost law. The amount that applies in Meerane has not been confirmed for this catalogue yet – please ask the citizens’ office (phone 03764 54-0).';

const CONTACT = { unit: 'Bürgerbüro', phone: null, email: null, note: null };

const IN_PERSON: Channel[] = ['town_hall', 'mobile', 'home_visit', 'phone'];

/** A home visit takes longer: the kit is set up and packed at the kitchen table (planning value). */
const minutes = (defaultMinutes: number, home = defaultMinutes + 15) => ({
  defaultMinutes,
  byPlaceKind: { home },
});

const ID_DOC_PHOTO = {
  item: 'Ein aktuelles biometrisches Passfoto',
  note: 'Entweder von einem zertifizierten Fotodienstleister elektronisch übermittelt oder direkt bei uns aufgenommen (6 € Zuschlag).',
  required: true,
};

export const SEED_SERVICES: Record<SeededServiceSlug, SeedService> = {
  'anmeldung-einer-wohnung': {
    content: {
      slug: 'anmeldung-einer-wohnung',
      leikaKey: '99115005104000',
      name: { de: 'Anmeldung einer Wohnung (Zuzug)', en: 'Registering your new home (moving in)' },
      shortText: {
        de: 'Wer nach Meerane oder Schönberg zieht, meldet die neue Wohnung innerhalb von zwei Wochen nach dem Einzug an. Das gilt für den Zuzug aus einer anderen Gemeinde und aus dem Ausland.',
        en: 'If you move to Meerane or Schönberg, register your new home within two weeks of moving in – whether you come from another town in Germany or from abroad.',
      },
      description:
        'Wer eine Wohnung bezieht, muss sich innerhalb von zwei Wochen nach dem Einzug bei der Meldebehörde anmelden (§ 17 Abs. 1 BMG). Das gilt für den Umzug aus einer anderen deutschen Gemeinde ebenso wie für den Zuzug aus dem Ausland und für Haupt- wie Nebenwohnungen. Bei einem Umzug innerhalb Deutschlands müssen Sie sich bei Ihrer bisherigen Gemeinde nicht abmelden – die neue Meldebehörde informiert die bisherige.\n\nFür die Anmeldung brauchen Sie die Bestätigung Ihres Wohnungsgebers (Vermieter oder Eigentümer) über den Einzug (§ 19 BMG). Weigert sich der Wohnungsgeber, die Bestätigung auszustellen, teilen Sie uns das bitte unverzüglich mit.\n\nNach der Anmeldung erhalten Sie kostenlos eine amtliche Meldebestätigung (§ 24 Abs. 2 BMG). Ihre neue Anschrift tragen wir auf Wunsch gleich in Personalausweis und Reisepass ein; bringen Sie die Dokumente deshalb mit.\n\nDie Anmeldung ist auch elektronisch möglich (§ 23a BMG), zum Beispiel mit der Online-Ausweisfunktion.',
      easyReadText:
        'Sie sind umgezogen?\nDann müssen Sie sich anmelden.\nDas heißt: Sie sagen dem Amt Ihre neue Adresse.\nDafür haben Sie 2 Wochen Zeit.\nBringen Sie mit:\n- Ihren Ausweis\n- ein Blatt von Ihrem Vermieter. Darauf steht: Sie wohnen jetzt hier.\nDas kostet nichts.',
      prerequisites: [
        'Sie sind in eine Wohnung in Meerane oder in der Gemeinde Schönberg eingezogen.',
        'Ihr Wohnungsgeber hat Ihnen den Einzug bestätigt (Wohnungsgeberbestätigung).',
      ],
      documents: [
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Von jeder Person, die angemeldet wird (für Kinder siehe unten).',
          required: true,
        },
        {
          item: 'Wohnungsgeberbestätigung',
          note: 'Vom Vermieter oder Eigentümer ausgefüllt. Hat er den Einzug elektronisch bestätigt, genügt das Zuordnungsmerkmal, das er Ihnen gegeben hat.',
          required: true,
        },
        {
          item: 'Für Kinder: Geburtsurkunde oder ein eigenes Ausweisdokument des Kindes',
          note: null,
          required: false,
        },
        {
          item: 'Schriftliche Vollmacht und Ausweis der bevollmächtigten Person',
          note: 'Nur wenn Sie jemand anderen schicken.',
          required: false,
        },
      ],
      fees: FREE(
        '§ 24 Abs. 2 BMG',
        'Die Anmeldung und die amtliche Meldebestätigung sind gebührenfrei.',
        'Registration and the official confirmation of registration are free of charge.',
      ),
      legalBases: [
        BMG('17', 'Anmeldung, Abmeldung'),
        BMG('19', 'Mitwirkung des Wohnungsgebers'),
        BMG('23a', 'Elektronische Anmeldung'),
        BMG('24', 'Datenerhebung, Meldebestätigung'),
        BMG('54', 'Bußgeldvorschriften'),
      ],
      procedure: [
        'Termin im Bürgerbüro, beim mobilen Bürgerbüro in Ihrem Ort oder als Hausbesuch vereinbaren – oder ohne Termin vorbeikommen.',
        'Ausweis und Wohnungsgeberbestätigung vorlegen; wir erfassen die Anmeldung.',
        'Sie prüfen die Angaben und unterschreiben. Jugendliche ab 16 Jahren unterschreiben selbst.',
        'Sie erhalten die Meldebestätigung; die neue Anschrift wird in Ihre Ausweisdokumente eingetragen.',
      ],
      processingTime: 'Sofort beim Termin.',
      deadlines:
        'Innerhalb von zwei Wochen nach dem Einzug (§ 17 Abs. 1 BMG). Wer sich nicht, nicht rechtzeitig oder falsch anmeldet, kann mit einem Bußgeld bis zu 1.000 € belegt werden (§ 54 BMG).',
      forms: [{ title: 'Wohnungsgeberbestätigung (Vordruck erhalten Sie im Bürgerbüro)', url: null }],
      formKey: 'anmeldung',
      notes:
        'Kinder unter 16 Jahren meldet die Person an, in deren Wohnung sie einziehen (§ 17 Abs. 3 BMG). Für Familien planen wir 20 Minuten ein. Wer einen Wohnungsgeber nur zum Schein angibt, handelt ordnungswidrig (Bußgeld bis 50.000 €, § 19 Abs. 6 und § 54 BMG).',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(15),
      channels: ['town_hall', 'mobile', 'home_visit', 'online', 'phone'],
    },
    synonyms: [
      'Umzug',
      'umziehen',
      'ziehe um',
      'ich ziehe um',
      'Zuzug',
      'neue Wohnung',
      'Wohnsitz anmelden',
      'Wohnung anmelden',
      'Adresse ändern',
      'Ummeldung',
      'Einwohnermeldeamt',
      'Meldebestätigung',
      'register address',
      'moving house',
    ],
  },

  'ummeldung-innerhalb-der-gemeinde': {
    content: {
      slug: 'ummeldung-innerhalb-der-gemeinde',
      leikaKey: null,
      name: {
        de: 'Ummeldung innerhalb der Gemeinde',
        en: 'Re-registering after a move within the municipality',
      },
      shortText: {
        de: 'Sie ziehen innerhalb von Meerane oder innerhalb der Gemeinde Schönberg um? Melden Sie die neue Wohnung innerhalb von zwei Wochen um.',
        en: 'Moving within Meerane or within the municipality of Schönberg? Register the new home within two weeks.',
      },
      description:
        'Auch bei einem Umzug innerhalb derselben Gemeinde müssen Sie die neue Wohnung innerhalb von zwei Wochen nach dem Einzug anmelden (§ 17 Abs. 1 BMG). Sie brauchen dafür wie bei jeder Anmeldung die Bestätigung Ihres Wohnungsgebers (§ 19 BMG). Die bisherige Wohnung wird dabei automatisch abgemeldet.\n\nWechselt Ihre Hauptwohnung, gilt dieselbe Frist (§ 21 Abs. 4 BMG). Die Ummeldung und die Meldebestätigung sind gebührenfrei. Die neue Anschrift tragen wir gleich in Personalausweis und Reisepass ein.',
      easyReadText: null,
      prerequisites: ['Sie sind innerhalb von Meerane oder innerhalb der Gemeinde Schönberg umgezogen.'],
      documents: [
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Von jeder Person, die umzieht.',
          required: true,
        },
        { item: 'Wohnungsgeberbestätigung für die neue Wohnung', note: null, required: true },
        {
          item: 'Schriftliche Vollmacht und Ausweis der bevollmächtigten Person',
          note: 'Nur wenn Sie jemand anderen schicken.',
          required: false,
        },
      ],
      fees: FREE(
        '§ 24 Abs. 2 BMG',
        'Die Ummeldung und die amtliche Meldebestätigung sind gebührenfrei.',
        'Re-registration and the official confirmation are free of charge.',
      ),
      legalBases: [
        BMG('17', 'Anmeldung, Abmeldung'),
        BMG('19', 'Mitwirkung des Wohnungsgebers'),
        BMG('21', 'Mehrere Wohnungen'),
      ],
      procedure: [
        'Termin vereinbaren oder ohne Termin vorbeikommen.',
        'Ausweis und Wohnungsgeberbestätigung vorlegen.',
        'Angaben prüfen und unterschreiben; Sie erhalten die Meldebestätigung.',
      ],
      processingTime: 'Sofort beim Termin.',
      deadlines: 'Innerhalb von zwei Wochen nach dem Einzug in die neue Wohnung (§ 17 Abs. 1 BMG).',
      forms: [],
      formKey: 'anmeldung',
      notes:
        'Für die Ummeldung innerhalb der Gemeinde ist kein eigener LeiKa-Schlüssel bestätigt; fachlich gehört sie zur Anmeldung einer Wohnung.',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(15),
      channels: ['town_hall', 'mobile', 'home_visit', 'online', 'phone'],
    },
    synonyms: [
      'Umzug innerhalb',
      'Umzug innerhalb Meerane',
      'Umzug im Ort',
      'innerhalb der Stadt umziehen',
      'neue Adresse gleiche Stadt',
      'Adressänderung',
    ],
  },

  'abmeldung-einer-wohnung': {
    content: {
      slug: 'abmeldung-einer-wohnung',
      leikaKey: '99115005070000',
      name: {
        de: 'Abmeldung einer Wohnung (Wegzug ins Ausland)',
        en: 'Deregistering your home (moving abroad)',
      },
      shortText: {
        de: 'Abmelden müssen Sie sich nur, wenn Sie ins Ausland ziehen oder eine Nebenwohnung aufgeben – nicht bei einem Umzug innerhalb Deutschlands.',
        en: 'You only need to deregister if you move abroad or give up a secondary residence – not when you move within Germany.',
      },
      description:
        'Wer aus einer Wohnung auszieht und keine neue Wohnung in Deutschland bezieht, muss sich innerhalb von zwei Wochen nach dem Auszug abmelden (§ 17 Abs. 2 BMG). Das betrifft vor allem den Wegzug ins Ausland und die Aufgabe einer Nebenwohnung. Bei einem Umzug innerhalb Deutschlands genügt die Anmeldung am neuen Wohnort.\n\nDie Abmeldung ist frühestens eine Woche vor dem Auszug möglich; das Melderegister wird auf den Tag des Auszugs fortgeschrieben. Sie müssen dafür nicht persönlich kommen: Die Abmeldung kann auch schriftlich erfolgen. Auf Wunsch erhalten Sie eine Abmeldebestätigung.',
      easyReadText: null,
      prerequisites: [
        'Sie ziehen ins Ausland oder geben eine Nebenwohnung auf und beziehen keine neue Wohnung in Deutschland.',
      ],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        { item: 'Neue Anschrift im Ausland', note: 'Falls bekannt.', required: false },
        {
          item: 'Schriftliche Vollmacht und Ausweis der bevollmächtigten Person',
          note: 'Nur wenn Sie jemand anderen schicken.',
          required: false,
        },
      ],
      fees: FREE(undefined, 'Die Abmeldung ist gebührenfrei.', 'Deregistration is free of charge.'),
      legalBases: [BMG('17', 'Anmeldung, Abmeldung'), BMG('54', 'Bußgeldvorschriften')],
      procedure: [
        'Persönlich im Bürgerbüro, beim mobilen Bürgerbüro oder schriftlich (Brief) abmelden.',
        'Angaben zum Auszug und zur neuen Anschrift machen.',
        'Auf Wunsch erhalten Sie eine Abmeldebestätigung.',
      ],
      processingTime: 'Sofort beim Termin.',
      deadlines:
        'Innerhalb von zwei Wochen nach dem Auszug, frühestens eine Woche vorher (§ 17 Abs. 2 BMG). Verstöße können mit einem Bußgeld bis zu 1.000 € geahndet werden (§ 54 BMG).',
      forms: [],
      formKey: 'abmeldung',
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'home_visit', 'phone'],
    },
    synonyms: [
      'Auswandern',
      'Wegzug',
      'Wegzug ins Ausland',
      'ins Ausland ziehen',
      'Nebenwohnung abmelden',
      'Zweitwohnung aufgeben',
      'Abmeldebestätigung',
      'moving abroad',
      'emigrate',
    ],
  },

  meldebescheinigung: {
    content: {
      slug: 'meldebescheinigung',
      leikaKey: '99115003012000',
      name: { de: 'Meldebescheinigung', en: 'Certificate of registration (Meldebescheinigung)' },
      shortText: {
        de: 'Eine Meldebescheinigung bestätigt, wo Sie gemeldet sind – als einfache oder erweiterte Bescheinigung, etwa für Behörden, Arbeitgeber oder Banken.',
        en: 'A certificate of registration confirms where you are registered – simple or extended, e.g. for authorities, employers or banks.',
      },
      description:
        'Die einfache Meldebescheinigung enthält Familienname, Vornamen (mit gekennzeichnetem Rufnamen), Doktorgrad, Geburtsdatum und die derzeitigen Anschriften mit der Angabe Haupt- oder Nebenwohnung (§ 18 Abs. 1 BMG). Auf Antrag stellen wir eine erweiterte Meldebescheinigung mit weiteren Daten aus, etwa Staatsangehörigkeit, Familienstand oder frühere Anschriften (§ 18 Abs. 2 BMG).\n\nSie erhalten die Bescheinigung für sich selbst; für eine andere Person nur mit deren schriftlicher Vollmacht. Die elektronische Meldebescheinigung ist gebührenfrei (§ 18 Abs. 3 BMG).',
      easyReadText: null,
      prerequisites: ['Sie sind in Meerane oder in der Gemeinde Schönberg gemeldet.'],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        {
          item: 'Schriftliche Vollmacht und Ausweis der bevollmächtigten Person',
          note: 'Nur wenn Sie jemand anderen schicken.',
          required: false,
        },
      ],
      fees: UNCONFIRMED(
        `${SAXON_FEE_OPEN_DE} Die elektronische Meldebescheinigung ist gebührenfrei (§ 18 Abs. 3 BMG).`,
        `${SAXON_FEE_OPEN_EN} The electronic certificate is free of charge (§ 18(3) BMG).`,
        'Sächsisches Kostenverzeichnis; § 18 Abs. 3 BMG',
      ),
      legalBases: [BMG('18', 'Meldebescheinigung')],
      procedure: [
        'Im Bürgerbüro, beim mobilen Bürgerbüro oder am Bürgerterminal beantragen.',
        'Ausweis vorlegen und angeben, ob eine einfache oder erweiterte Bescheinigung gebraucht wird.',
        'Sie erhalten die Bescheinigung sofort.',
      ],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: 'meldebescheinigung',
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'home_visit', 'terminal', 'phone'],
    },
    synonyms: [
      'Wohnsitzbescheinigung',
      'Meldenachweis',
      'Aufenthaltsbescheinigung',
      'Nachweis Wohnsitz',
      'erweiterte Meldebescheinigung',
      'proof of address',
      'certificate of residence',
    ],
  },

  melderegisterauskunft: {
    content: {
      slug: 'melderegisterauskunft',
      leikaKey: '99115004000000',
      name: { de: 'Melderegisterauskunft', en: 'Information from the population register' },
      shortText: {
        de: 'Sie suchen die Anschrift einer anderen Person? Aus dem Melderegister erhalten Sie eine einfache Auskunft – eine erweiterte nur bei berechtigtem Interesse.',
        en: 'Looking for another person’s address? You can get simple information from the register – extended information only with a legitimate interest.',
      },
      description:
        'Die einfache Melderegisterauskunft (§ 44 BMG) umfasst Familienname, Vornamen, Doktorgrad, die derzeitigen Anschriften und gegebenenfalls die Tatsache, dass die Person verstorben ist. Die gesuchte Person muss anhand Ihrer Angaben eindeutig bestimmbar sein. Sie erklären, dass Sie die Daten nicht für Werbung oder Adresshandel verwenden.\n\nEine erweiterte Melderegisterauskunft (§ 45 BMG), zum Beispiel mit früheren Namen, Geburtsdatum und -ort oder früheren Anschriften, erhalten Sie nur, wenn Sie ein berechtigtes Interesse glaubhaft machen.\n\nIst für die gesuchte Person eine Auskunftssperre eingetragen, erhalten Sie eine neutrale Antwort, aus der nicht hervorgeht, ob eine Sperre besteht (§ 51 BMG).',
      easyReadText: null,
      prerequisites: [
        'Die gesuchte Person ist anhand Ihrer Angaben (Name und z. B. Geburtsdatum oder letzte Anschrift) eindeutig bestimmbar.',
        'Für die erweiterte Auskunft: ein berechtigtes Interesse, das Sie glaubhaft machen.',
      ],
      documents: [
        {
          item: 'Angaben zur gesuchten Person',
          note: 'Familienname, Vornamen und mindestens ein weiteres Merkmal, etwa Geburtsdatum oder letzte bekannte Anschrift.',
          required: true,
        },
        {
          item: 'Nachweis des berechtigten Interesses',
          note: 'Nur für die erweiterte Auskunft.',
          required: false,
        },
        {
          item: 'Ihr Personalausweis oder Reisepass',
          note: 'Bei persönlicher Antragstellung.',
          required: false,
        },
      ],
      fees: {
        rules: [],
        amountUnconfirmed: true,
        legalBasis: 'Sächsisches Kostenverzeichnis; § 9 SächsAGBMG',
        note: {
          de: `${SAXON_FEE_OPEN_DE} Für Anfragen von Behörden ist die Auskunft gebührenfrei (§ 9 SächsAGBMG).`,
          en: `${SAXON_FEE_OPEN_EN} Requests from authorities are free of charge (§ 9 SächsAGBMG).`,
        },
        waivers: [
          {
            id: 'behoerde',
            label: { de: 'Anfrage einer Behörde', en: 'Request by an authority' },
            legalBasis: '§ 9 SächsAGBMG',
          },
        ],
      },
      legalBases: [
        BMG('44', 'Einfache Melderegisterauskunft'),
        BMG('45', 'Erweiterte Melderegisterauskunft'),
        BMG('51', 'Auskunftssperren'),
        law('§ 9 Sächsisches Ausführungsgesetz zum Bundesmeldegesetz (SächsAGBMG)'),
      ],
      procedure: [
        'Antrag schriftlich oder im Bürgerbüro stellen.',
        'Wir prüfen, ob die Person eindeutig bestimmbar ist und ob eine Sperre besteht.',
        'Sie erhalten die Auskunft schriftlich.',
      ],
      processingTime: null,
      deadlines: null,
      forms: [],
      formKey: null,
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'phone'],
    },
    synonyms: [
      'Adresse herausfinden',
      'Adresse einer Person',
      'Anschrift ermitteln',
      'Adressauskunft',
      'Einwohnermeldeamt Auskunft',
      'address enquiry',
    ],
  },

  auskunftssperre: {
    content: {
      slug: 'auskunftssperre',
      leikaKey: '99115002060001',
      name: {
        de: 'Auskunftssperre im Melderegister',
        en: 'Blocking information in the register (Auskunftssperre)',
      },
      shortText: {
        de: 'Wenn Ihnen durch eine Melderegisterauskunft Gefahr für Leben, Gesundheit oder Freiheit droht, sperren wir Ihre Daten gegen Auskünfte – kostenlos, für zwei Jahre.',
        en: 'If information from the register could put your life, health or freedom at risk, we block your data against enquiries – free of charge, for two years.',
      },
      description:
        'Die Meldebehörde trägt eine Auskunftssperre ein, wenn Tatsachen die Annahme rechtfertigen, dass Ihnen oder einer anderen Person durch eine Melderegisterauskunft eine Gefahr für Leben, Gesundheit, persönliche Freiheit oder ähnliche schutzwürdige Interessen erwachsen kann (§ 51 Abs. 1 BMG). Die Sperre wird auf Antrag oder von Amts wegen eingetragen und ist gebührenfrei.\n\nDie Auskunftssperre gilt zwei Jahre und kann auf Antrag verlängert werden. Solange sie besteht, erhalten Anfragende eine neutrale Antwort, aus der nicht hervorgeht, ob eine Sperre besteht; Sie werden über jede Anfrage informiert.\n\nFür Bewohnerinnen und Bewohner von Frauenhäusern, Pflegeheimen und Einrichtungen zur Behandlung von Suchterkrankungen gilt kraft Gesetzes ein bedingter Sperrvermerk (§ 52 BMG).',
      easyReadText: null,
      prerequisites: [
        'Ihnen oder einer anderen Person droht durch eine Auskunft aus dem Melderegister eine Gefahr für Leben, Gesundheit, persönliche Freiheit oder ähnliche schutzwürdige Interessen.',
      ],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        {
          item: 'Nachweise zur Gefährdung',
          note: 'Zum Beispiel eine gerichtliche Schutzanordnung, eine Strafanzeige oder eine Bescheinigung einer Beratungsstelle.',
          required: true,
        },
      ],
      fees: FREE(
        '§ 51 Abs. 1 BMG',
        'Die Auskunftssperre ist gebührenfrei.',
        'The information block is free of charge.',
      ),
      legalBases: [BMG('51', 'Auskunftssperren'), BMG('52', 'Bedingter Sperrvermerk')],
      procedure: [
        'Antrag mit Begründung und Nachweisen stellen – persönlich oder schriftlich.',
        'Wir prüfen die Gefährdung und tragen die Sperre ein.',
        'Vor Ablauf der zwei Jahre können Sie eine Verlängerung beantragen.',
      ],
      processingTime: 'In der Regel sofort nach Prüfung der Nachweise.',
      deadlines:
        'Die Sperre gilt zwei Jahre; eine Verlängerung beantragen Sie rechtzeitig vor Ablauf (§ 51 BMG).',
      forms: [],
      formKey: 'auskunftssperre',
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'home_visit', 'phone'],
    },
    synonyms: [
      'Adresse sperren',
      'Meldedaten sperren',
      'Sperrvermerk',
      'Schutz vor Stalker',
      'Stalking',
      'häusliche Gewalt Adresse',
      'address block',
    ],
  },

  uebermittlungssperre: {
    content: {
      slug: 'uebermittlungssperre',
      leikaKey: null,
      name: {
        de: 'Übermittlungssperren (Widerspruch gegen Datenweitergabe)',
        en: 'Objecting to the passing on of your data',
      },
      shortText: {
        de: 'Sie können kostenlos widersprechen, dass Ihre Meldedaten an Parteien vor Wahlen, an Presse und Mandatsträger für Alters- und Ehejubiläen oder an eine Religionsgesellschaft gehen.',
        en: 'You can object, free of charge, to your data going to parties before elections, to the press and elected representatives for birthdays and anniversaries, or to a religious community.',
      },
      description:
        'Sie haben das Recht, der Übermittlung Ihrer Daten in folgenden Fällen zu widersprechen:\n\n– an Parteien, Wählergruppen und andere Träger von Wahlvorschlägen in den sechs Monaten vor einer Wahl oder Abstimmung (§ 50 Abs. 1 und 5 BMG);\n– an Presse, Rundfunk und Mandatsträger zu Alters- und Ehejubiläen (§ 50 Abs. 2 und 5 BMG). Altersjubiläen sind der 70. Geburtstag, jeder fünfte weitere und ab dem 100. jeder Geburtstag; Ehejubiläen ab dem 50. Hochzeitstag;\n– an eine öffentlich-rechtliche Religionsgesellschaft, der Sie nicht angehören, der aber Familienangehörige angehören (§ 42 Abs. 3 BMG; Daten für die Kirchensteuer ausgenommen).\n\nDer Widerspruch ist gebührenfrei und gilt, bis Sie ihn widerrufen. Auf diese Rechte weisen wir bei der Anmeldung und einmal jährlich durch öffentliche Bekanntmachung hin.',
      easyReadText: null,
      prerequisites: ['Sie sind in Meerane oder in der Gemeinde Schönberg gemeldet.'],
      documents: [
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Bei persönlicher Abgabe; ein schriftlicher Widerspruch mit Unterschrift genügt ebenfalls.',
          required: false,
        },
      ],
      fees: FREE('§ 50 Abs. 5 BMG', 'Der Widerspruch ist gebührenfrei.', 'The objection is free of charge.'),
      legalBases: [
        BMG('42', 'Datenübermittlungen an öffentlich-rechtliche Religionsgesellschaften'),
        BMG('50', 'Melderegisterauskünfte in besonderen Fällen'),
      ],
      procedure: [
        'Widerspruch persönlich, schriftlich oder beim mobilen Bürgerbüro erklären und angeben, welche Übermittlung Sie sperren möchten.',
        'Wir tragen die Übermittlungssperre sofort ein.',
      ],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: 'uebermittlungssperre',
      notes:
        'Ein Widerspruch gegen die Übermittlung an die Bundeswehr ist seit 2026 nicht mehr vorgesehen (§ 36 BMG). Für die Übermittlungssperren ist kein LeiKa-Schlüssel bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'home_visit', 'terminal', 'phone'],
    },
    synonyms: [
      'Widerspruch Datenweitergabe',
      'Widerspruch Wahlwerbung',
      'Wahlwerbung',
      'keine Werbung von Parteien',
      'Jubiläum Zeitung',
      'Geburtstag Zeitung',
      'Datenschutz Meldedaten',
    ],
  },

  'personalausweis-beantragen': {
    content: {
      slug: 'personalausweis-beantragen',
      leikaKey: '99008001012000',
      name: { de: 'Personalausweis beantragen', en: 'Applying for an identity card' },
      shortText: {
        de: 'Den Personalausweis beantragen Sie persönlich. Er kostet 46 € (unter 24 Jahren 27,60 €) und gilt zehn Jahre, bei Antragstellern unter 24 Jahren sechs Jahre.',
        en: 'You apply for the identity card in person. It costs €46 (under 24: €27.60) and is valid for ten years, or six years if you are under 24.',
      },
      description:
        'Alle Deutschen ab 16 Jahren, die in Deutschland gemeldet sind, müssen einen gültigen Personalausweis besitzen; ein gültiger Reisepass erfüllt die Ausweispflicht ebenfalls (§ 1 PAuswG). Wird ein Jugendlicher 16, beantragen die Sorgeberechtigten den Ausweis innerhalb von sechs Wochen, wenn er es nicht selbst tut.\n\nDer Antrag wird persönlich gestellt: Wir nehmen Ihre Unterschrift und zwei Fingerabdrücke auf und prüfen Ihr Lichtbild (§ 9 PAuswG). Eine Vertretung ist nicht möglich. Für Kinder unter 16 Jahren beantragen die Sorgeberechtigten den Ausweis; das Kind kommt mit. Kindern unter sechs Jahren werden keine Fingerabdrücke abgenommen; ab zehn Jahren unterschreiben Kinder selbst.\n\nDer Personalausweis gilt zehn Jahre, bei Personen unter 24 Jahren sechs Jahre; verlängert werden kann er nicht (§ 6 PAuswG). Einen neuen Ausweis vor Ablauf des alten gibt es nur mit berechtigtem Interesse.\n\nDie Gebühr beträgt seit dem 7. Februar 2026 46 €, für Personen unter 24 Jahren 27,60 €. Dazu kommen gegebenenfalls 6 €, wenn wir das Foto aufnehmen, 15 € für den Direktversand an Ihre Anschrift und 13 € für eine Antragstellung außerhalb der Dienstzeit oder bei einer nicht zuständigen Behörde (§ 1 PAuswGebV). Bedürftigen kann die Gebühr ermäßigt oder erlassen werden; der Bezug von Bürgergeld oder Sozialhilfe allein genügt dafür nicht.\n\nDen fertigen Ausweis holen Sie im Bürgerbüro ab. Dabei erhalten Sie in einem verschlossenen Umschlag PIN und PUK für die Online-Ausweisfunktion (PIN-Brief) und bestätigen den Erhalt (§ 17 PAuswV).',
      easyReadText:
        'Sie brauchen einen neuen Personalausweis?\nDann kommen Sie selbst zu uns.\nBringen Sie mit:\n- Ihren alten Ausweis\n- ein Passfoto\nDer Ausweis kostet 46 Euro.\nWenn Sie jünger als 24 Jahre sind: 27,60 Euro.\nNach 2 bis 3 Wochen ist der Ausweis fertig.',
      prerequisites: [
        'Sie sind Deutsche oder Deutscher und mit Wohnsitz in Meerane oder in der Gemeinde Schönberg gemeldet.',
        'Sie kommen persönlich; für Kinder unter 16 Jahren stellen die Sorgeberechtigten den Antrag.',
      ],
      documents: [
        { item: 'Bisheriger Personalausweis', note: 'Auch wenn er abgelaufen ist.', required: true },
        ID_DOC_PHOTO,
        {
          item: 'Für Kinder unter 16 Jahren: Zustimmung aller Sorgeberechtigten',
          note: 'Ein Elternteil kommt mit dem Kind; die Zustimmung des anderen schriftlich mit Kopie seines Ausweises.',
          required: false,
        },
        {
          item: 'Geburts- oder Eheurkunde',
          note: 'Wenn Sie zum ersten Mal einen Ausweis beantragen oder sich Ihr Name geändert hat.',
          required: false,
        },
      ],
      fees: {
        rules: [
          {
            kind: 'by_age',
            bands: [
              { maxAge: 24, amountCents: 2760 },
              { minAge: 24, amountCents: 4600 },
            ],
            label: { de: 'Personalausweis', en: 'Identity card' },
          },
        ],
        options: [
          {
            id: 'photo',
            label: { de: 'Foto durch das Bürgerbüro', en: 'Photo taken by the office' },
            amountCents: 600,
            legalBasis: '§ 1 PAuswGebV',
          },
          {
            id: 'mailing',
            label: { de: 'Direktversand an Ihre Anschrift', en: 'Direct mailing to your address' },
            amountCents: 1500,
            legalBasis: '§ 1 PAuswGebV',
          },
          {
            id: 'outside_hours',
            label: {
              de: 'Antrag außerhalb der Dienstzeit oder bei einer nicht zuständigen Behörde',
              en: 'Application outside office hours or at a non-competent authority',
            },
            amountCents: 1300,
            legalBasis: '§ 1 PAuswGebV',
          },
        ],
        waivers: [
          {
            id: 'need',
            label: {
              de: 'Ermäßigung oder Befreiung wegen Bedürftigkeit',
              en: 'Reduction or waiver for people in need',
            },
            legalBasis: '§ 1 Abs. 6 PAuswGebV',
          },
        ],
        legalBasis: '§ 1 Personalausweisgebührenverordnung (PAuswGebV), Fassung ab 7. Februar 2026',
        note: {
          de: 'Der Bezug von Bürgergeld (SGB II) oder Sozialhilfe (SGB XII) allein begründet keine Bedürftigkeit im Sinne der Gebührenbefreiung.',
          en: 'Receiving citizen’s income (SGB II) or social assistance (SGB XII) alone does not count as need for a fee waiver.',
        },
      },
      legalBases: [
        PAUSWG('1', 'Ausweispflicht; Ausweisrecht'),
        PAUSWG('6', 'Gültigkeitsdauer des Ausweises'),
        PAUSWG('9', 'Ausstellung des Ausweises'),
        law('§ 1 Personalausweisgebührenverordnung (PAuswGebV)'),
      ],
      procedure: [
        'Termin im Bürgerbüro, beim mobilen Bürgerbüro oder als Hausbesuch vereinbaren.',
        'Persönlich erscheinen: Daten prüfen, Foto, Unterschrift und Fingerabdrücke erfassen, Gebühr bezahlen.',
        'Der Ausweis wird in der Bundesdruckerei hergestellt.',
        'Den fertigen Ausweis holen Sie mit dem PIN-Brief im Bürgerbüro ab (oder er wird Ihnen zugeschickt, wenn Sie den Direktversand gewählt haben).',
      ],
      processingTime: 'In der Regel 2 bis 3 Wochen.',
      deadlines:
        'Sorgeberechtigte beantragen den Ausweis innerhalb von sechs Wochen nach dem 16. Geburtstag, wenn der Jugendliche es nicht selbst tut (§ 9 Abs. 2 PAuswG).',
      forms: [],
      formKey: 'personalausweis',
      notes:
        'Brauchen Sie sofort einen Ausweis, kann ein vorläufiger Personalausweis ausgestellt werden (10 €). Fingerabdrücke werden bei uns spätestens mit der Aushändigung des Ausweises gelöscht.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(15, 30),
      channels: IN_PERSON,
    },
    synonyms: [
      'Perso',
      'Personalausweis',
      'Ausweis',
      'neuer Ausweis',
      'Ausweis verlängern',
      'Ausweis abgelaufen',
      'Personalausweis neu',
      'ID card',
      'identity card',
    ],
  },

  'vorlaeufiger-personalausweis': {
    content: {
      slug: 'vorlaeufiger-personalausweis',
      leikaKey: null,
      name: { de: 'Vorläufiger Personalausweis', en: 'Temporary identity card' },
      shortText: {
        de: 'Wenn Sie sofort einen Ausweis brauchen, stellen wir einen vorläufigen Personalausweis noch beim Termin aus. Er kostet 10 € und gilt höchstens drei Monate.',
        en: 'If you need an identity document at once, we issue a temporary identity card during your appointment. It costs €10 and is valid for up to three months.',
      },
      description:
        'Machen Sie glaubhaft, dass Sie sofort einen Ausweis benötigen – etwa für eine kurzfristige Reise innerhalb der EU –, wird ein vorläufiger Personalausweis ausgestellt (§ 3 PAuswG). Er wird meist zusammen mit einem regulären Personalausweis beantragt und direkt beim Termin gedruckt.\n\nDie Gültigkeit richtet sich nach dem Zweck und beträgt höchstens drei Monate (§ 6 Abs. 4 PAuswG). Die Gebühr beträgt 10 € (§ 1 Abs. 2 PAuswGebV).',
      easyReadText: null,
      prerequisites: ['Sie brauchen sofort einen Ausweis und können das glaubhaft machen.'],
      documents: [
        {
          item: 'Bisheriger Personalausweis oder Reisepass',
          note: 'Auch wenn er abgelaufen ist.',
          required: true,
        },
        ID_DOC_PHOTO,
        { item: 'Nachweis der Dringlichkeit', note: 'Zum Beispiel eine Reisebuchung.', required: false },
      ],
      fees: {
        rules: [
          {
            kind: 'fixed',
            amountCents: 1000,
            label: { de: 'Vorläufiger Personalausweis', en: 'Temporary identity card' },
          },
        ],
        options: [
          {
            id: 'photo',
            label: { de: 'Foto durch das Bürgerbüro', en: 'Photo taken by the office' },
            amountCents: 600,
            legalBasis: '§ 1 PAuswGebV',
          },
        ],
        legalBasis: '§ 1 Abs. 2 PAuswGebV',
      },
      legalBases: [
        PAUSWG('3', 'Vorläufiger Personalausweis'),
        PAUSWG('6', 'Gültigkeitsdauer des Ausweises'),
        law('§ 1 Abs. 2 Personalausweisgebührenverordnung (PAuswGebV)'),
      ],
      procedure: [
        'Persönlich im Bürgerbüro oder beim mobilen Bürgerbüro vorsprechen.',
        'Dringlichkeit darlegen, Foto und Unterschrift erfassen, Gebühr bezahlen.',
        'Der vorläufige Ausweis wird sofort gedruckt und ausgehändigt.',
      ],
      processingTime: 'Sofort beim Termin.',
      deadlines: null,
      forms: [],
      formKey: 'vorlaeufiger-personalausweis',
      notes: 'Für den vorläufigen Personalausweis ist kein LeiKa-Schlüssel bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(15, 30),
      channels: IN_PERSON,
    },
    synonyms: [
      'Notausweis',
      'Ersatzausweis',
      'Ausweis sofort',
      'Ausweis dringend',
      'vorläufiger Ausweis',
      'temporary ID',
    ],
  },

  'reisepass-beantragen': {
    content: {
      slug: 'reisepass-beantragen',
      leikaKey: '99085001012000',
      name: { de: 'Reisepass beantragen', en: 'Applying for a passport' },
      shortText: {
        de: 'Den Reisepass beantragen Sie persönlich. Er kostet 70 € (unter 24 Jahren 37,50 €); Expresspass und Pass mit 48 Seiten gegen Zuschlag.',
        en: 'You apply for a passport in person. It costs €70 (under 24: €37.50); express service and 48-page passports cost extra.',
      },
      description:
        'Den Reisepass beantragen Sie persönlich (§ 6 PassG). Für Minderjährige stellen die Sorgeberechtigten den Antrag; das Kind kommt mit. Kinderreisepässe werden seit dem 1. Januar 2024 nicht mehr ausgestellt oder verlängert; auch Kinder erhalten einen Reisepass (oder einen Personalausweis). Bereits ausgestellte Kinderreisepässe bleiben bis zu ihrem Ablauf gültig.\n\nDer Reisepass gilt zehn Jahre, bei Personen unter 24 Jahren sechs Jahre (§ 5 PassG). Die Gebühr beträgt 70 €, für Personen unter 24 Jahren 37,50 € (§ 27 PassV). Zuschläge: Express 32 €, 48 statt 32 Seiten 22 €, Foto durch das Bürgerbüro 6 €, Direktversand 15 €.\n\nKann die antragstellende Person nicht persönlich erscheinen, ist nur ein vorläufiger Reisepass möglich.',
      easyReadText: null,
      prerequisites: [
        'Sie sind Deutsche oder Deutscher und mit Wohnsitz in Meerane oder in der Gemeinde Schönberg gemeldet.',
        'Sie kommen persönlich; für Minderjährige stellen die Sorgeberechtigten den Antrag.',
      ],
      documents: [
        {
          item: 'Bisheriger Reisepass oder Personalausweis',
          note: 'Auch wenn er abgelaufen ist.',
          required: true,
        },
        ID_DOC_PHOTO,
        {
          item: 'Für Minderjährige: Zustimmung aller Sorgeberechtigten',
          note: 'Ein Elternteil kommt mit dem Kind; die Zustimmung des anderen schriftlich mit Kopie seines Ausweises.',
          required: false,
        },
        {
          item: 'Geburts- oder Eheurkunde',
          note: 'Bei erstmaliger Beantragung oder Namensänderung.',
          required: false,
        },
      ],
      fees: {
        rules: [
          {
            kind: 'by_age',
            bands: [
              { maxAge: 24, amountCents: 3750 },
              { minAge: 24, amountCents: 7000 },
            ],
            label: { de: 'Reisepass', en: 'Passport' },
          },
        ],
        options: [
          {
            id: 'express',
            label: { de: 'Expressverfahren', en: 'Express service' },
            amountCents: 3200,
            legalBasis: '§ 27 PassV',
          },
          {
            id: 'pages48',
            label: { de: 'Pass mit 48 Seiten', en: 'Passport with 48 pages' },
            amountCents: 2200,
            legalBasis: '§ 27 PassV',
          },
          {
            id: 'photo',
            label: { de: 'Foto durch das Bürgerbüro', en: 'Photo taken by the office' },
            amountCents: 600,
            legalBasis: '§ 27 PassV',
          },
          {
            id: 'mailing',
            label: { de: 'Direktversand an Ihre Anschrift', en: 'Direct mailing to your address' },
            amountCents: 1500,
            legalBasis: '§ 27 PassV',
          },
        ],
        waivers: [
          {
            id: 'need',
            label: {
              de: 'Ermäßigung oder Befreiung wegen Bedürftigkeit',
              en: 'Reduction or waiver for people in need',
            },
            legalBasis: '§ 28 PassV',
          },
        ],
        legalBasis: '§ 27 Passverordnung (PassV)',
      },
      legalBases: [
        law('§ 5 Passgesetz (PassG) – Gültigkeitsdauer'),
        law('§ 6 Passgesetz (PassG) – Ausstellung eines Passes'),
        law('§ 28 Passgesetz (PassG) – Übergangsvorschrift (Kinderreisepass)'),
        law('§§ 27, 28 Passverordnung (PassV) – Gebühren'),
      ],
      procedure: [
        'Termin im Bürgerbüro oder beim mobilen Bürgerbüro vereinbaren.',
        'Persönlich erscheinen: Daten prüfen, Foto, Unterschrift und Fingerabdrücke erfassen, Gebühr bezahlen.',
        'Der Pass wird in der Bundesdruckerei hergestellt.',
        'Den fertigen Pass holen Sie im Bürgerbüro ab (oder er wird Ihnen zugeschickt).',
      ],
      processingTime:
        'Mehrere Wochen – die Angaben von Gemeinden reichen von 3 bis 10 Wochen; planen Sie großzügig. Expresspass: in der Regel 3 bis 4 Werktage.',
      deadlines: null,
      forms: [],
      formKey: 'reisepass',
      notes: 'Kinderreisepässe gibt es seit dem 1. Januar 2024 nicht mehr.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(15, 30),
      channels: IN_PERSON,
    },
    synonyms: [
      'Pass',
      'Reisepass',
      'Expresspass',
      'Reisepass Express',
      'Kinderreisepass',
      'Pass für Kind',
      'passport',
    ],
  },

  'vorlaeufiger-reisepass': {
    content: {
      slug: 'vorlaeufiger-reisepass',
      leikaKey: '99085001012005',
      name: { de: 'Vorläufiger Reisepass', en: 'Temporary passport' },
      shortText: {
        de: 'Reicht die Zeit für einen regulären Pass nicht, stellen wir einen vorläufigen Reisepass aus. Er kostet 26 € und gilt höchstens ein Jahr.',
        en: 'If there is not enough time for a regular passport, we issue a temporary passport. It costs €26 and is valid for up to one year.',
      },
      description:
        'Ein vorläufiger Reisepass wird ausgestellt, wenn ein regulärer Reisepass nicht rechtzeitig hergestellt werden kann. Er gilt höchstens ein Jahr (§ 5 Abs. 3 PassG) und wird sofort ausgestellt. Die Gebühr beträgt 26 € (§ 27 Abs. 1 PassV).\n\nKann die antragstellende Person nicht persönlich erscheinen, ist nur ein vorläufiger Reisepass möglich (§ 6 Abs. 1 PassG). Prüfen Sie vor der Reise, ob Ihr Zielland den vorläufigen Reisepass anerkennt.',
      easyReadText: null,
      prerequisites: ['Ein regulärer Reisepass kann nicht rechtzeitig hergestellt werden.'],
      documents: [
        { item: 'Bisheriger Reisepass oder Personalausweis', note: null, required: true },
        ID_DOC_PHOTO,
        {
          item: 'Nachweis der Reise',
          note: 'Zum Beispiel Buchungsbestätigung oder Flugticket.',
          required: false,
        },
      ],
      fees: {
        rules: [
          {
            kind: 'fixed',
            amountCents: 2600,
            label: { de: 'Vorläufiger Reisepass', en: 'Temporary passport' },
          },
        ],
        legalBasis: '§ 27 Abs. 1 PassV',
      },
      legalBases: [
        law('§ 5 Abs. 3 Passgesetz (PassG)'),
        law('§ 6 Passgesetz (PassG)'),
        law('§ 27 Passverordnung (PassV)'),
      ],
      procedure: [
        'Persönlich im Bürgerbüro vorsprechen.',
        'Dringlichkeit darlegen, Foto und Unterschrift erfassen, Gebühr bezahlen.',
        'Der vorläufige Reisepass wird sofort ausgestellt.',
      ],
      processingTime: 'Sofort beim Termin.',
      deadlines: null,
      forms: [],
      formKey: null,
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(15),
      channels: ['town_hall', 'phone'],
    },
    synonyms: ['Notpass', 'Pass sofort', 'Pass dringend', 'Reise morgen Pass', 'emergency passport'],
  },

  'ausweisdokument-aushaendigung': {
    content: {
      slug: 'ausweisdokument-aushaendigung',
      leikaKey: null,
      name: {
        de: 'Abholung von Personalausweis oder Reisepass',
        en: 'Collecting your identity card or passport',
      },
      shortText: {
        de: 'Ihr neuer Ausweis oder Pass ist fertig? Holen Sie ihn selbst ab oder schicken Sie eine bevollmächtigte Person. Die Gebühr haben Sie schon bei der Beantragung bezahlt.',
        en: 'Your new identity card or passport is ready? Collect it yourself or send an authorised person. You already paid the fee when you applied.',
      },
      description:
        'Den fertigen Personalausweis oder Reisepass händigen wir Ihnen oder einer von Ihnen bevollmächtigten Person aus (§ 18 Abs. 1 PAuswV). Bringen Sie den bisherigen Ausweis mit; er wird entwertet. Beim Personalausweis bestätigen Sie den Erhalt des PIN-Briefs; das gilt nicht, wenn Sie vor Ablauf des Ausweises nicht 16 Jahre alt werden (§ 17 PAuswV).\n\nSpätestens mit der Aushändigung werden Ihre bei uns gespeicherten Fingerabdrücke gelöscht.',
      easyReadText: null,
      prerequisites: ['Sie haben eine Nachricht erhalten, dass Ihr Dokument abholbereit ist.'],
      documents: [
        { item: 'Bisheriger Personalausweis oder Reisepass', note: 'Wird entwertet.', required: true },
        {
          item: 'Vollmacht und Ausweis der bevollmächtigten Person',
          note: 'Wenn jemand anderes das Dokument für Sie abholt.',
          required: false,
        },
      ],
      fees: FREE(
        undefined,
        'Die Gebühr wurde bereits bei der Beantragung bezahlt.',
        'The fee was already paid when you applied.',
      ),
      legalBases: [
        law('§ 17 Personalausweisverordnung (PAuswV) – PIN-Brief'),
        law('§ 18 Personalausweisverordnung (PAuswV) – Aushändigung'),
      ],
      procedure: [
        'Zur Abholung ins Bürgerbüro oder zum mobilen Bürgerbüro kommen (ein Termin ist hilfreich).',
        'Bisherigen Ausweis vorlegen; das neue Dokument wird geprüft und ausgehändigt.',
        'Beim Personalausweis: auf Wunsch die Online-Ausweisfunktion einschalten.',
      ],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: 'aushaendigung',
      notes: 'Für die Aushändigung ist kein eigener LeiKa-Schlüssel bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: IN_PERSON,
    },
    synonyms: ['Ausweis abholen', 'Pass abholen', 'Ausweis fertig', 'Abholung Ausweis', 'collect passport'],
  },

  'eid-pin-ruecksetzen': {
    content: {
      slug: 'eid-pin-ruecksetzen',
      leikaKey: null,
      name: {
        de: 'Online-Ausweisfunktion: einschalten, PIN neu setzen',
        en: 'Online ID function: switching on, resetting the PIN',
      },
      shortText: {
        de: 'PIN vergessen oder Online-Ausweisfunktion noch nicht eingeschaltet? Im Bürgerbüro setzen wir die PIN neu und schalten die Funktion ein – gebührenfrei.',
        en: 'Forgot your PIN or never switched on the online ID function? We reset the PIN and switch on the function at the citizens’ office – free of charge.',
      },
      description:
        'Mit der Online-Ausweisfunktion (eID) weisen Sie sich im Internet aus. Haben Sie Ihre sechsstellige PIN vergessen oder die Funktion noch nicht eingeschaltet, können Sie im Bürgerbüro eine neue PIN setzen (§ 20 Abs. 1 PAuswV). Dafür prüfen wir Ihre Identität; bringen Sie deshalb den Ausweis mit.\n\nAlternativ können Sie eine neue PIN online beim Hersteller bestellen; sie wird Ihnen dann per Brief zugeschickt (§ 20 Abs. 2 PAuswV).',
      easyReadText: null,
      prerequisites: ['Sie haben einen gültigen Personalausweis oder eine eID-Karte.'],
      documents: [{ item: 'Personalausweis (oder eID-Karte)', note: null, required: true }],
      fees: FREE(
        undefined,
        'Das Neusetzen der PIN im Bürgerbüro ist gebührenfrei.',
        'Resetting the PIN at the office is free of charge.',
      ),
      legalBases: [law('§ 20 Personalausweisverordnung (PAuswV)')],
      procedure: [
        'Mit dem Ausweis ins Bürgerbüro oder zum mobilen Bürgerbüro kommen.',
        'Wir prüfen Ihre Identität; Sie geben am Kartenleser eine neue sechsstellige PIN ein.',
      ],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: null,
      notes: 'Für diese Leistung ist kein LeiKa-Schlüssel bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(5, 15),
      channels: IN_PERSON,
    },
    synonyms: [
      'PIN vergessen',
      'PIN zurücksetzen',
      'PIN Ausweis',
      'Online-Ausweis',
      'eID',
      'Onlinefunktion',
      'PUK',
      'forgot PIN',
    ],
  },

  'verlustanzeige-ausweis': {
    content: {
      slug: 'verlustanzeige-ausweis',
      leikaKey: '99008001014002',
      name: {
        de: 'Verlust oder Diebstahl von Personalausweis oder Reisepass melden',
        en: 'Reporting a lost or stolen identity card or passport',
      },
      shortText: {
        de: 'Ist Ihr Ausweis oder Pass verloren gegangen oder gestohlen worden, melden Sie das unverzüglich. Wir sperren das Dokument – gebührenfrei.',
        en: 'If your identity card or passport has been lost or stolen, report it without delay. We block the document – free of charge.',
      },
      description:
        'Den Verlust Ihres Personalausweises müssen Sie der Ausweisbehörde unverzüglich anzeigen (§ 27 Abs. 1 Nr. 3 PAuswG); das gilt ebenso für den Reisepass. Wir erfassen die Verlustanzeige, sperren das Dokument und – beim Personalausweis – die Online-Ausweisfunktion. Bei einem Diebstahl erstatten Sie bitte zusätzlich Anzeige bei der Polizei.\n\nDie Verlustanzeige ist gebührenfrei. Einen neuen Ausweis oder Pass können Sie beim selben Termin beantragen; dafür fallen die üblichen Gebühren an. Wird das Dokument wiedergefunden, bleibt es ungültig – geben Sie es bitte bei uns ab.',
      easyReadText: null,
      prerequisites: [],
      documents: [
        {
          item: 'Ein anderes Ausweisdokument, falls vorhanden',
          note: 'Zum Beispiel Reisepass oder Führerschein.',
          required: false,
        },
        { item: 'Polizeiliche Anzeige', note: 'Bei Diebstahl, falls schon erstattet.', required: false },
        {
          item: 'Biometrisches Passfoto',
          note: 'Wenn Sie gleich einen neuen Ausweis beantragen.',
          required: false,
        },
      ],
      fees: FREE(undefined, 'Die Verlustanzeige ist gebührenfrei.', 'Reporting the loss is free of charge.'),
      legalBases: [PAUSWG('27', 'Pflichten des Ausweisinhabers')],
      procedure: [
        'Verlust sofort melden – im Bürgerbüro oder beim mobilen Bürgerbüro. Die Online-Ausweisfunktion können Sie zusätzlich rund um die Uhr über den Sperrnotruf sperren lassen.',
        'Wir erfassen die Verlustanzeige und sperren das Dokument.',
        'Auf Wunsch beantragen Sie gleich einen neuen Ausweis oder einen vorläufigen Ausweis.',
      ],
      processingTime: 'Sofort.',
      deadlines: 'Unverzüglich nach Bemerken des Verlusts (§ 27 Abs. 1 Nr. 3 PAuswG).',
      forms: [],
      formKey: null,
      notes:
        'Der LeiKa-Schlüssel gilt für die Verlustanzeige des Personalausweises; für den Reisepass lautet er 99085001014003.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(15),
      channels: IN_PERSON,
    },
    synonyms: [
      'Ausweis verloren',
      'Ausweis gestohlen',
      'Pass verloren',
      'Pass gestohlen',
      'Geldbörse gestohlen',
      'Verlustmeldung',
      'lost passport',
      'lost ID',
    ],
  },

  'fuehrungszeugnis-beantragen': {
    content: {
      slug: 'fuehrungszeugnis-beantragen',
      leikaKey: '99049001001000',
      name: { de: 'Führungszeugnis beantragen', en: 'Applying for a certificate of good conduct' },
      shortText: {
        de: 'Das Führungszeugnis (auch „polizeiliches Führungszeugnis“) beantragen Sie persönlich bei uns. Es kostet 13 € und wird Ihnen vom Bundesamt für Justiz zugeschickt.',
        en: 'You apply for the certificate of good conduct (Führungszeugnis) in person at our office. It costs €13 and is sent to you by the Federal Office of Justice.',
      },
      description:
        'Das Führungszeugnis ist ein Auszug aus dem Bundeszentralregister. Sie beantragen es bei der Meldebehörde persönlich oder schriftlich mit amtlich beglaubigter Unterschrift; eine Vertretung ist nicht möglich (§ 30 Abs. 2 BZRG). Das Bundesamt für Justiz stellt das Führungszeugnis aus und schickt es Ihnen zu – oder direkt an eine Behörde, wenn es für eine Behörde bestimmt ist.\n\nEin erweitertes Führungszeugnis (§ 30a BZRG), etwa für die Arbeit mit Kindern und Jugendlichen, erhalten Sie nur mit einer schriftlichen Aufforderung der Stelle, die es verlangt.\n\nDie Gebühr beträgt 13 € (Nr. 1130 des Kostenverzeichnisses zum JVKostG).',
      easyReadText: null,
      prerequisites: [
        'Sie sind mindestens 14 Jahre alt.',
        'Sie kommen persönlich; eine Vertretung ist nicht möglich.',
      ],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        {
          item: 'Schriftliche Aufforderung der Stelle, die ein erweitertes Führungszeugnis verlangt',
          note: 'Nur für das erweiterte Führungszeugnis (§ 30a Abs. 2 BZRG).',
          required: false,
        },
        {
          item: 'Anschrift der Behörde',
          note: 'Wenn das Führungszeugnis direkt an eine Behörde gehen soll.',
          required: false,
        },
      ],
      fees: {
        rules: [
          {
            kind: 'fixed',
            amountCents: 1300,
            label: { de: 'Führungszeugnis', en: 'Certificate of good conduct' },
          },
        ],
        legalBasis: 'Nr. 1130 Kostenverzeichnis zum Justizverwaltungskostengesetz (JVKostG)',
      },
      legalBases: [
        {
          title: '§ 30 Bundeszentralregistergesetz (BZRG) – Antrag',
          url: 'https://www.gesetze-im-internet.de/bzrg/__30.html',
        },
        {
          title: '§ 30a Bundeszentralregistergesetz (BZRG) – Erweitertes Führungszeugnis',
          url: 'https://www.gesetze-im-internet.de/bzrg/__30a.html',
        },
        law('Nr. 1130 Kostenverzeichnis zum Justizverwaltungskostengesetz (JVKostG)'),
      ],
      procedure: [
        'Persönlich im Bürgerbüro, beim mobilen Bürgerbüro oder beim Hausbesuch beantragen und Gebühr bezahlen.',
        'Wir leiten den Antrag elektronisch an das Bundesamt für Justiz weiter.',
        'Das Führungszeugnis kommt per Post zu Ihnen oder zur angegebenen Behörde.',
      ],
      processingTime: 'Etwa zwei Wochen (Erfahrungswert, nicht verbindlich).',
      deadlines: null,
      forms: [],
      formKey: 'fuehrungszeugnis',
      notes:
        'Das Führungszeugnis kann auch online beim Bundesamt für Justiz beantragt werden. Von der Gebühr behält die Meldebehörde zwei Fünftel ein (§ 30 Abs. 2 BZRG).',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(5, 15),
      channels: IN_PERSON,
    },
    synonyms: [
      'polizeiliches Führungszeugnis',
      'erweitertes Führungszeugnis',
      'Führungszeugnis',
      'Leumundszeugnis',
      'Strafregisterauszug',
      'certificate of good conduct',
      'police certificate',
    ],
  },

  'gewerbezentralregister-auskunft': {
    content: {
      slug: 'gewerbezentralregister-auskunft',
      leikaKey: '99052002109000',
      name: { de: 'Auskunft aus dem Gewerbezentralregister', en: 'Extract from the central trade register' },
      shortText: {
        de: 'Die Auskunft aus dem Gewerbezentralregister brauchen Sie etwa für Ausschreibungen oder Erlaubnisse. Sie kostet 13 € und kommt vom Bundesamt für Justiz.',
        en: 'You need an extract from the central trade register, e.g. for tenders or licences. It costs €13 and comes from the Federal Office of Justice.',
      },
      description:
        'Das Gewerbezentralregister beim Bundesamt für Justiz enthält gewerberechtliche Verwaltungsentscheidungen und Bußgeldentscheidungen. Eine Auskunft über sich selbst oder über ein Unternehmen, das Sie vertreten, beantragen Sie persönlich oder schriftlich mit amtlich beglaubigter Unterschrift (§ 150 Abs. 2 GewO).\n\nDie Gebühr beträgt 13 €; eine Gebührenbefreiung ist nicht vorgesehen. Die Auskunft wird vom Bundesamt für Justiz per Post verschickt.',
      easyReadText: null,
      prerequisites: [
        'Sie beantragen die Auskunft für sich selbst oder als Vertreterin oder Vertreter eines Unternehmens.',
      ],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        {
          item: 'Handelsregisterauszug oder Vertretungsnachweis',
          note: 'Bei einer Auskunft über eine juristische Person.',
          required: false,
        },
      ],
      fees: {
        rules: [{ kind: 'fixed', amountCents: 1300, label: { de: 'Auskunft', en: 'Extract' } }],
        legalBasis: 'Justizverwaltungskostengesetz (JVKostG)',
        note: { de: 'Eine Gebührenbefreiung ist nicht vorgesehen.', en: 'There is no fee waiver.' },
      },
      legalBases: [
        {
          title: '§ 150 Gewerbeordnung (GewO) – Auskunft auf Antrag',
          url: 'https://www.gesetze-im-internet.de/gewo/__150.html',
        },
      ],
      procedure: [
        'Persönlich im Bürgerbüro beantragen und Gebühr bezahlen.',
        'Wir leiten den Antrag an das Bundesamt für Justiz weiter.',
        'Die Auskunft kommt per Post.',
      ],
      processingTime: 'Etwa 7 bis 10 Tage (Versand durch das Bundesamt für Justiz).',
      deadlines: null,
      forms: [],
      formKey: null,
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(10),
      channels: ['town_hall', 'phone'],
    },
    synonyms: [
      'Gewerbezentralregisterauszug',
      'GZR',
      'Auszug Gewerbezentralregister',
      'Ausschreibung Nachweis',
      'trade register extract',
    ],
  },

  beglaubigung: {
    content: {
      slug: 'beglaubigung',
      leikaKey: '99014002035000',
      name: { de: 'Beglaubigung von Kopien und Unterschriften', en: 'Certifying copies and signatures' },
      shortText: {
        de: 'Wir beglaubigen Kopien von Dokumenten und Ihre Unterschrift. Bringen Sie das Original mit; Unterschriften leisten Sie vor uns.',
        en: 'We certify copies of documents and your signature. Bring the original; you sign in front of us.',
      },
      description:
        'Bei einer amtlichen Beglaubigung bestätigen wir, dass eine Kopie mit dem vorgelegten Original übereinstimmt, oder dass eine Unterschrift von Ihnen stammt. Für die Beglaubigung einer Unterschrift kommen Sie persönlich und unterschreiben vor uns oder erkennen Ihre Unterschrift an.\n\nDie Gebühr richtet sich nach der Zahl der Seiten, Dokumente oder Unterschriften.',
      easyReadText: null,
      prerequisites: ['Das Original liegt vor; bei Unterschriften kommen Sie persönlich.'],
      documents: [
        { item: 'Original des Dokuments', note: 'Ohne Original keine Beglaubigung.', required: true },
        {
          item: 'Kopien, die beglaubigt werden sollen',
          note: 'Auf Wunsch fertigen wir die Kopien an.',
          required: false,
        },
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Bei Beglaubigung einer Unterschrift.',
          required: false,
        },
      ],
      fees: UNCONFIRMED(
        `${SAXON_FEE_OPEN_DE} Gebühren je Seite, Dokument oder Unterschrift werden hier erst eingetragen, wenn sie bestätigt sind.`,
        `${SAXON_FEE_OPEN_EN} Fees per page, document or signature will be listed here once confirmed.`,
        'Sächsisches Kostenverzeichnis',
      ),
      legalBases: [
        law('§§ 33, 34 Verwaltungsverfahrensgesetz (VwVfG) – Beglaubigung von Dokumenten und Unterschriften'),
      ],
      procedure: [
        'Original und Kopien mitbringen (bei Unterschriften: persönlich kommen).',
        'Wir vergleichen und versehen die Kopien mit dem Beglaubigungsvermerk.',
        'Gebühr bezahlen; Sie erhalten die beglaubigten Kopien sofort.',
      ],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: 'beglaubigung',
      notes:
        'Für Unterschriftsbeglaubigungen planen wir bis zu 20 Minuten ein. LeiKa-Schlüssel für Unterschriftsbeglaubigungen: 99014007035000.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(10),
      channels: IN_PERSON,
    },
    synonyms: [
      'beglaubigen',
      'Kopie beglaubigen',
      'Zeugnis beglaubigen',
      'Unterschrift beglaubigen',
      'amtliche Beglaubigung',
      'certified copy',
    ],
  },

  lebensbescheinigung: {
    content: {
      slug: 'lebensbescheinigung',
      leikaKey: '99114032000000',
      name: { de: 'Lebensbescheinigung', en: 'Life certificate' },
      shortText: {
        de: 'Renten- und Versorgungskassen, besonders aus dem Ausland, verlangen regelmäßig eine Lebensbescheinigung. Wir bestätigen sie gebührenfrei – auch beim Hausbesuch.',
        en: 'Pension funds, especially from abroad, regularly ask for a life certificate. We confirm it free of charge – also during a home visit.',
      },
      description:
        'Mit der Lebensbescheinigung bestätigen wir, dass Sie am Tag der Vorlage leben. Rentenversicherungen und Versorgungsträger – häufig aus dem Ausland – verlangen sie in regelmäßigen Abständen auf ihrem eigenen Vordruck. Bringen Sie diesen Vordruck und Ihren Ausweis mit; Sie müssen persönlich anwesend sein.\n\nWer nicht mehr ins Rathaus kommen kann, kann einen Hausbesuch oder einen Sprechtag des mobilen Bürgerbüros nutzen.',
      easyReadText: null,
      prerequisites: ['Sie sind persönlich anwesend.'],
      documents: [
        { item: 'Vordruck der Renten- oder Versorgungskasse', note: null, required: true },
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
      ],
      fees: FREE(
        undefined,
        'Die Lebensbescheinigung ist gebührenfrei.',
        'The life certificate is free of charge.',
      ),
      legalBases: [],
      procedure: [
        'Mit Vordruck und Ausweis ins Bürgerbüro, zum mobilen Bürgerbüro kommen oder einen Hausbesuch vereinbaren.',
        'Wir prüfen Ihre Identität und bestätigen den Vordruck mit Stempel und Unterschrift.',
      ],
      processingTime: 'Sofort.',
      deadlines: 'Die Frist bestimmt die Stelle, die die Bescheinigung verlangt.',
      forms: [],
      formKey: 'lebensbescheinigung',
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(15, 25),
      channels: IN_PERSON,
    },
    synonyms: [
      'Lebensnachweis',
      'Rente Ausland Bescheinigung',
      'Rentenversicherung Bescheinigung',
      'Rente Bescheinigung',
      'life certificate',
    ],
  },

  haushaltsbescheinigung: {
    content: {
      slug: 'haushaltsbescheinigung',
      leikaKey: null,
      name: { de: 'Haushaltsbescheinigung', en: 'Household certificate' },
      shortText: {
        de: 'Die Haushaltsbescheinigung bestätigt, wer mit Ihnen in einer Wohnung gemeldet ist – etwa für Kindergeld oder Elterngeld.',
        en: 'The household certificate confirms who is registered with you at one address – e.g. for child benefit or parental allowance.',
      },
      description:
        'Die Haushaltsbescheinigung ist eine Meldebescheinigung darüber, welche Personen in Ihrer Wohnung gemeldet sind. Sie wird zum Beispiel von der Familienkasse für das Kindergeld verlangt. Bringen Sie den Vordruck der anfordernden Stelle mit, wenn es einen gibt.',
      easyReadText: null,
      prerequisites: ['Sie sind in Meerane oder in der Gemeinde Schönberg gemeldet.'],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        {
          item: 'Vordruck der anfordernden Stelle',
          note: 'Zum Beispiel der Familienkasse, falls vorhanden.',
          required: false,
        },
      ],
      fees: UNCONFIRMED(SAXON_FEE_OPEN_DE, SAXON_FEE_OPEN_EN, 'Sächsisches Kostenverzeichnis'),
      legalBases: [BMG('18', 'Meldebescheinigung')],
      procedure: ['Im Bürgerbüro mit Ausweis beantragen.', 'Sie erhalten die Bescheinigung sofort.'],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: null,
      notes: 'Für die Haushaltsbescheinigung ist kein eigener LeiKa-Schlüssel bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(5),
      channels: ['town_hall', 'phone'],
    },
    synonyms: [
      'Kindergeld Bescheinigung',
      'Familienkasse Bescheinigung',
      'Haushaltsbestätigung',
      'wer wohnt bei mir',
      'household certificate',
    ],
  },

  'hundesteuer-anmeldung': {
    content: {
      slug: 'hundesteuer-anmeldung',
      leikaKey: '99102013104000',
      name: { de: 'Hund zur Hundesteuer anmelden', en: 'Registering a dog for dog tax' },
      shortText: {
        de: 'Wer in Meerane einen Hund hält, meldet ihn zur Hundesteuer an. Die Anmeldung selbst ist gebührenfrei; die Steuer beträgt in Meerane 60 € im Jahr für den ersten Hund.',
        en: 'If you keep a dog in Meerane, register it for dog tax. Registration itself is free; in Meerane the tax is €60 a year for the first dog.',
      },
      description:
        'Wer einen Hund hält, muss ihn bei der Gemeinde zur Hundesteuer anmelden. Sie erhalten danach einen Steuerbescheid und eine Hundesteuermarke.\n\nIn Meerane beträgt die Hundesteuer seit dem 1. Januar 2022 jährlich 60 € für den ersten Hund, 90 € für den zweiten und 120 € für jeden weiteren Hund; für einen gefährlichen Hund 462 €, für jeden weiteren gefährlichen Hund 942 € (Quelle: Freie Presse, Bericht zur Neuregelung 2022).\n\nFür Hunde in der Gemeinde Schönberg gilt die Hundesteuersatzung der Gemeinde Schönberg; die Sätze sind in diesem Katalog noch nicht bestätigt.',
      easyReadText: null,
      prerequisites: ['Sie halten einen Hund in Meerane oder in der Gemeinde Schönberg.'],
      documents: [
        {
          item: 'Angaben zum Hund',
          note: 'Rasse, Geburtsdatum, Chip-Nummer und Datum der Aufnahme.',
          required: true,
        },
        { item: 'Nachweis einer Steuerermäßigung', note: 'Falls Sie eine beantragen.', required: false },
      ],
      fees: FREE(
        undefined,
        'Die Anmeldung ist gebührenfrei. Die Hundesteuer selbst setzt die Gemeinde mit einem Steuerbescheid fest.',
        'Registering is free of charge. The dog tax itself is set by the municipality in a tax notice.',
      ),
      legalBases: [
        law('Hundesteuersatzung der Stadt Meerane'),
        law('Sächsisches Kommunalabgabengesetz (SächsKAG)'),
      ],
      procedure: [
        'Hund schriftlich, im Bürgerbüro oder beim mobilen Bürgerbüro anmelden.',
        'Sie erhalten den Steuerbescheid und die Hundesteuermarke.',
      ],
      processingTime: null,
      deadlines: 'Melden Sie den Hund bald nach der Aufnahme an; die Frist steht in der Hundesteuersatzung.',
      forms: [],
      formKey: 'hundesteuer-anmeldung',
      notes:
        'Die Meeraner Steuersätze stammen aus einer einzelnen Quelle; die Hundesteuersätze der Gemeinde Schönberg sind nicht bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'terminal', 'phone'],
    },
    synonyms: ['Hund', 'Hund anmelden', 'Hundesteuer', 'Hundemarke', 'neuer Hund', 'Welpe', 'dog tax', 'dog'],
  },

  'hundesteuer-abmeldung': {
    content: {
      slug: 'hundesteuer-abmeldung',
      leikaKey: '99102013070000',
      name: { de: 'Hund von der Hundesteuer abmelden', en: 'Deregistering a dog from dog tax' },
      shortText: {
        de: 'Ist Ihr Hund verstorben, abgegeben oder ziehen Sie weg, melden Sie ihn von der Hundesteuer ab und geben die Steuermarke zurück.',
        en: 'If your dog has died or been given away, or if you move away, deregister it from dog tax and return the tax tag.',
      },
      description:
        'Wenn Sie Ihren Hund nicht mehr halten – weil er verstorben ist, weil Sie ihn abgegeben haben oder weil Sie wegziehen –, melden Sie ihn von der Hundesteuer ab. Geben Sie dabei die Hundesteuermarke zurück. Die Abmeldung ist gebührenfrei; zu viel gezahlte Steuer wird verrechnet oder erstattet.',
      easyReadText: null,
      prerequisites: ['Sie halten den angemeldeten Hund nicht mehr.'],
      documents: [
        { item: 'Hundesteuermarke', note: null, required: true },
        {
          item: 'Nachweis über den Grund',
          note: 'Zum Beispiel Bescheinigung des Tierarztes oder Name und Anschrift der neuen Halterin oder des neuen Halters.',
          required: false,
        },
      ],
      fees: FREE(undefined, 'Die Abmeldung ist gebührenfrei.', 'Deregistering is free of charge.'),
      legalBases: [law('Hundesteuersatzung der Stadt Meerane')],
      procedure: [
        'Abmeldung schriftlich, im Bürgerbüro oder beim mobilen Bürgerbüro.',
        'Steuermarke zurückgeben; Sie erhalten einen Änderungsbescheid.',
      ],
      processingTime: null,
      deadlines:
        'Melden Sie den Hund bald nach dem Ende der Haltung ab; die Frist steht in der Hundesteuersatzung.',
      forms: [],
      formKey: 'hundesteuer-abmeldung',
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'terminal', 'phone'],
    },
    synonyms: [
      'Hund abmelden',
      'Hund verstorben',
      'Hund gestorben',
      'Hund abgegeben',
      'Hundemarke zurückgeben',
    ],
  },

  fundsache: {
    content: {
      slug: 'fundsache',
      leikaKey: '99089017152000',
      name: { de: 'Fundsache abgeben oder abholen', en: 'Handing in or collecting lost property' },
      shortText: {
        de: 'Etwas gefunden oder verloren? Geben Sie Fundsachen im Fundbüro des Bürgerbüros ab oder fragen Sie nach Ihrem verlorenen Gegenstand.',
        en: 'Found or lost something? Hand in found items at the lost-property office of the citizens’ office or ask for your lost item.',
      },
      description:
        'Wer eine verlorene Sache findet, muss den Fund unverzüglich melden; Sachen im Wert von höchstens 10 € müssen nicht angezeigt werden (§ 965 BGB). Geben Sie Fundsachen im Bürgerbüro ab – wir bewahren sie auf und suchen die Eigentümerin oder den Eigentümer.\n\nDer Finderlohn beträgt bei Sachen bis 500 € Wert 5 %, darüber 3 %, bei Tieren 3 % (§ 971 BGB). Meldet sich niemand, erwirbt die Finderin oder der Finder sechs Monate nach der Anzeige das Eigentum (§ 973 BGB).\n\nHaben Sie etwas verloren, fragen Sie im Bürgerbüro nach; bringen Sie zur Abholung einen Ausweis und eine Beschreibung des Gegenstands mit.',
      easyReadText: null,
      prerequisites: [],
      documents: [
        { item: 'Die Fundsache', note: 'Beim Abgeben.', required: false },
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Beim Abholen und für Ansprüche als Finder.',
          required: true,
        },
        {
          item: 'Beschreibung oder Eigentumsnachweis',
          note: 'Beim Abholen, zum Beispiel Kaufbeleg oder Schlüsselnummer.',
          required: false,
        },
      ],
      fees: UNCONFIRMED(
        'Für die Aufbewahrung und Herausgabe können Kosten nach den örtlichen Regeln anfallen; ob und in welcher Höhe in Meerane, ist in diesem Katalog noch nicht bestätigt. Der Finderlohn richtet sich nach § 971 BGB.',
        'Costs for keeping and returning an item may apply under local rules; whether and how much in Meerane has not been confirmed for this catalogue yet. The finder’s reward follows § 971 BGB.',
      ),
      legalBases: [
        {
          title: '§ 965 Bürgerliches Gesetzbuch (BGB) – Anzeigepflicht des Finders',
          url: 'https://www.gesetze-im-internet.de/bgb/__965.html',
        },
        {
          title: '§ 971 Bürgerliches Gesetzbuch (BGB) – Finderlohn',
          url: 'https://www.gesetze-im-internet.de/bgb/__971.html',
        },
        {
          title: '§ 973 Bürgerliches Gesetzbuch (BGB) – Eigentumserwerb des Finders',
          url: 'https://www.gesetze-im-internet.de/bgb/__973.html',
        },
      ],
      procedure: [
        'Fundsache im Bürgerbüro oder beim mobilen Bürgerbüro abgeben; wir nehmen Fundort, Funddatum und Ihre Angaben auf.',
        'Verlierer melden sich mit Beschreibung und Ausweis; nach Prüfung geben wir die Sache heraus.',
      ],
      processingTime: 'Sofort.',
      deadlines: 'Funde unverzüglich anzeigen (§ 965 BGB).',
      forms: [],
      formKey: 'fundsache',
      notes: null,
      contact: { unit: 'Bürgerbüro (Fundbüro)', phone: null, email: null, note: null },
      personalAppearanceRequired: true,
      duration: minutes(20),
      channels: ['town_hall', 'mobile', 'phone'],
    },
    synonyms: [
      'Fundbüro',
      'etwas gefunden',
      'etwas verloren',
      'Geldbörse gefunden',
      'Schlüssel verloren',
      'Handy verloren',
      'Finderlohn',
      'lost property',
    ],
  },

  'gewerbe-anmeldung': {
    content: {
      slug: 'gewerbe-anmeldung',
      leikaKey: '99050012104000',
      name: { de: 'Gewerbe anmelden', en: 'Registering a business (Gewerbeanmeldung)' },
      shortText: {
        de: 'Wer ein Gewerbe beginnt, zeigt es der Gemeinde an – persönlich, schriftlich oder online. Wir bestätigen den Empfang innerhalb von drei Tagen.',
        en: 'If you start a trade business, notify the municipality – in person, in writing or online. We confirm receipt within three days.',
      },
      description:
        'Wer den selbständigen Betrieb eines stehenden Gewerbes beginnt, muss dies der zuständigen Behörde gleichzeitig anzeigen (§ 14 GewO). Die Anzeige erstatten Sie mit dem bundeseinheitlichen Formular GewA 1 – persönlich, schriftlich oder elektronisch über Amt24. Wir bestätigen den Empfang innerhalb von drei Tagen (§ 15 Abs. 1 GewO).\n\nFür erlaubnispflichtige Gewerbe (zum Beispiel Gaststätten, Bewachung, Makler) oder Handwerke brauchen Sie zusätzlich die Erlaubnis oder die Eintragung in die Handwerksrolle.',
      easyReadText: null,
      prerequisites: ['Sie beginnen ein Gewerbe mit Betriebssitz in Meerane oder in der Gemeinde Schönberg.'],
      documents: [
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Bei einem Reisepass zusätzlich eine Meldebescheinigung.',
          required: true,
        },
        {
          item: 'Formular GewA 1 (Gewerbeanmeldung)',
          note: 'Ausgefüllt und unterschrieben.',
          required: true,
        },
        { item: 'Aufenthaltstitel', note: 'Für Staatsangehörige außerhalb der EU.', required: false },
        {
          item: 'Handelsregisterauszug, Gesellschaftsvertrag oder Handwerkskarte',
          note: 'Wenn zutreffend.',
          required: false,
        },
        { item: 'Erlaubnis für erlaubnispflichtige Gewerbe', note: 'Wenn zutreffend.', required: false },
      ],
      fees: UNCONFIRMED(
        'Die Gebühr für Gewerbeanzeigen ist in Sachsen von Gemeinde zu Gemeinde unterschiedlich. Der Betrag in Meerane ist in diesem Katalog noch nicht bestätigt – bitte erfragen Sie ihn im Bürgerbüro (Telefon 03764 54-0).',
        'The fee for trade notifications differs between Saxon municipalities. The amount in Meerane has not been confirmed for this catalogue yet – please ask the citizens’ office (phone 03764 54-0).',
        'Sächsisches Kostenverzeichnis',
      ),
      legalBases: [
        {
          title: '§ 14 Gewerbeordnung (GewO) – Anzeigepflicht',
          url: 'https://www.gesetze-im-internet.de/gewo/__14.html',
        },
        {
          title: '§ 15 Gewerbeordnung (GewO) – Empfangsbescheinigung',
          url: 'https://www.gesetze-im-internet.de/gewo/__15.html',
        },
      ],
      procedure: [
        'Formular GewA 1 ausfüllen – im Bürgerbüro, per Post oder online über Amt24.',
        'Nachweise vorlegen und Gebühr bezahlen.',
        'Sie erhalten die Empfangsbestätigung innerhalb von drei Tagen; wir informieren Finanzamt, Kammern und weitere Stellen.',
      ],
      processingTime: 'Empfangsbestätigung innerhalb von drei Tagen (§ 15 Abs. 1 GewO).',
      deadlines: 'Gleichzeitig mit dem Beginn des Gewerbes (§ 14 Abs. 1 GewO).',
      forms: [{ title: 'Gewerbeanmeldung (GewA 1)', url: null }],
      formKey: null,
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(20),
      channels: ['town_hall', 'online', 'phone'],
    },
    synonyms: [
      'Gewerbeanmeldung',
      'Gewerbeschein',
      'selbstständig machen',
      'Firma gründen',
      'Kleingewerbe',
      'Existenzgründung',
      'register a business',
    ],
  },

  'gewerbe-ummeldung': {
    content: {
      slug: 'gewerbe-ummeldung',
      leikaKey: '99050012071000',
      name: { de: 'Gewerbe ummelden', en: 'Changing a business registration (Gewerbeummeldung)' },
      shortText: {
        de: 'Ändern sich Betriebssitz innerhalb der Gemeinde, Tätigkeit oder Name Ihres Gewerbes, zeigen Sie das mit dem Formular GewA 2 an.',
        en: 'If the premises within the municipality, the activity or the name of your business change, notify us with form GewA 2.',
      },
      description:
        'Verlegen Sie Ihren Betrieb innerhalb der Gemeinde, wechseln oder erweitern Sie den Gegenstand Ihres Gewerbes, ist das anzuzeigen (§ 14 Abs. 1 GewO). Verwenden Sie dafür das Formular GewA 2 (Gewerbeummeldung). Verlegen Sie den Betrieb in eine andere Gemeinde, melden Sie ihn hier ab und dort an.',
      easyReadText: null,
      prerequisites: ['Ihr Gewerbe ist in Meerane oder in der Gemeinde Schönberg angemeldet.'],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        { item: 'Formular GewA 2 (Gewerbeummeldung)', note: null, required: true },
        { item: 'Bisherige Gewerbeanmeldung', note: null, required: false },
      ],
      fees: UNCONFIRMED(
        'Die Gebühr für Gewerbeanzeigen ist in Sachsen von Gemeinde zu Gemeinde unterschiedlich. Der Betrag in Meerane ist in diesem Katalog noch nicht bestätigt.',
        'The fee for trade notifications differs between Saxon municipalities. The amount in Meerane has not been confirmed for this catalogue yet.',
        'Sächsisches Kostenverzeichnis',
      ),
      legalBases: [
        {
          title: '§ 14 Gewerbeordnung (GewO) – Anzeigepflicht',
          url: 'https://www.gesetze-im-internet.de/gewo/__14.html',
        },
      ],
      procedure: [
        'Formular GewA 2 ausfüllen und abgeben – im Bürgerbüro, per Post oder online.',
        'Sie erhalten eine Empfangsbestätigung.',
      ],
      processingTime: 'Empfangsbestätigung in der Regel innerhalb von drei Tagen.',
      deadlines: 'Gleichzeitig mit der Änderung (§ 14 Abs. 1 GewO).',
      forms: [{ title: 'Gewerbeummeldung (GewA 2)', url: null }],
      formKey: null,
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(20),
      channels: ['town_hall', 'online', 'phone'],
    },
    synonyms: [
      'Gewerbeummeldung',
      'Firma ummelden',
      'Gewerbe ändern',
      'Betrieb verlegen',
      'Tätigkeit erweitern',
    ],
  },

  'gewerbe-abmeldung': {
    content: {
      slug: 'gewerbe-abmeldung',
      leikaKey: '99050012070000',
      name: { de: 'Gewerbe abmelden', en: 'Deregistering a business (Gewerbeabmeldung)' },
      shortText: {
        de: 'Geben Sie Ihr Gewerbe auf oder verlegen es in eine andere Gemeinde, melden Sie es mit dem Formular GewA 3 ab.',
        en: 'If you close your business or move it to another municipality, deregister it with form GewA 3.',
      },
      description:
        'Die Aufgabe eines Gewerbes ist anzuzeigen (§ 14 Abs. 1 GewO), ebenso die Verlegung in eine andere Gemeinde. Verwenden Sie das Formular GewA 3 (Gewerbeabmeldung). Wir informieren Finanzamt und Kammern.',
      easyReadText: null,
      prerequisites: ['Ihr Gewerbe ist in Meerane oder in der Gemeinde Schönberg angemeldet.'],
      documents: [
        { item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true },
        { item: 'Formular GewA 3 (Gewerbeabmeldung)', note: null, required: true },
      ],
      fees: UNCONFIRMED(
        'Die Gebühr für Gewerbeanzeigen ist in Sachsen von Gemeinde zu Gemeinde unterschiedlich. Der Betrag in Meerane ist in diesem Katalog noch nicht bestätigt.',
        'The fee for trade notifications differs between Saxon municipalities. The amount in Meerane has not been confirmed for this catalogue yet.',
        'Sächsisches Kostenverzeichnis',
      ),
      legalBases: [
        {
          title: '§ 14 Gewerbeordnung (GewO) – Anzeigepflicht',
          url: 'https://www.gesetze-im-internet.de/gewo/__14.html',
        },
      ],
      procedure: [
        'Formular GewA 3 ausfüllen und abgeben – im Bürgerbüro, per Post oder online.',
        'Sie erhalten eine Empfangsbestätigung.',
      ],
      processingTime: 'Empfangsbestätigung in der Regel innerhalb von drei Tagen.',
      deadlines: 'Gleichzeitig mit der Aufgabe des Gewerbes (§ 14 Abs. 1 GewO).',
      forms: [{ title: 'Gewerbeabmeldung (GewA 3)', url: null }],
      formKey: null,
      notes: null,
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(15),
      channels: ['town_hall', 'online', 'phone'],
    },
    synonyms: [
      'Gewerbeabmeldung',
      'Firma abmelden',
      'Gewerbe aufgeben',
      'Betrieb schließen',
      'Selbstständigkeit beenden',
    ],
  },

  'briefwahl-wahlschein': {
    content: {
      slug: 'briefwahl-wahlschein',
      leikaKey: null,
      name: { de: 'Briefwahl: Wahlschein beantragen', en: 'Postal vote: applying for a polling card' },
      shortText: {
        de: 'Mit einem Wahlschein wählen Sie per Brief oder in einem anderen Wahllokal. Beantragen Sie ihn schriftlich oder persönlich – nicht telefonisch. Gebührenfrei.',
        en: 'With a polling card (Wahlschein) you vote by post or at another polling station. Apply in writing or in person – not by phone. Free of charge.',
      },
      description:
        'Für die Bundestagswahl beantragen Sie den Wahlschein mit den Briefwahlunterlagen bei der Gemeindebehörde schriftlich oder mündlich (persönlich) – eine telefonische Antragstellung ist nicht zulässig (§ 27 BWO). Sie können den Antrag auf der Rückseite Ihrer Wahlbenachrichtigung stellen. Für eine andere Person beantragen Sie den Wahlschein nur mit schriftlicher Vollmacht.\n\nBei persönlicher Antragstellung im Bürgerbüro können Sie meist gleich an Ort und Stelle wählen. Der Wahlschein ist gebührenfrei.\n\nFür Landtags- und Kommunalwahlen in Sachsen gelten eigene Vorschriften; sie sind in diesem Katalog noch nicht geprüft.',
      easyReadText: null,
      prerequisites: ['Sie sind im Wählerverzeichnis von Meerane oder Schönberg eingetragen.'],
      documents: [
        {
          item: 'Wahlbenachrichtigung',
          note: 'Falls schon erhalten; sie erleichtert den Antrag.',
          required: false,
        },
        {
          item: 'Gültiger Personalausweis oder Reisepass',
          note: 'Bei persönlicher Antragstellung.',
          required: false,
        },
        {
          item: 'Schriftliche Vollmacht',
          note: 'Wenn Sie den Wahlschein für eine andere Person beantragen.',
          required: false,
        },
      ],
      fees: FREE(
        undefined,
        'Wahlschein und Briefwahlunterlagen sind gebührenfrei.',
        'The polling card and postal voting documents are free of charge.',
      ),
      legalBases: [law('§ 27 Bundeswahlordnung (BWO) – Wahlscheinanträge')],
      procedure: [
        'Wahlschein schriftlich (zum Beispiel mit der Wahlbenachrichtigung) oder persönlich im Bürgerbüro beantragen.',
        'Sie erhalten Wahlschein, Stimmzettel und Umschläge per Post oder direkt im Bürgerbüro.',
        'Den Wahlbrief rechtzeitig zurücksenden, sodass er spätestens am Wahltag bis 18 Uhr eingeht.',
      ],
      processingTime: 'Bei persönlicher Antragstellung im Bürgerbüro sofort.',
      deadlines: 'Für die Bundestagswahl bis spätestens 15 Uhr am zweiten Tag vor der Wahl (§ 27 BWO).',
      forms: [],
      formKey: null,
      notes:
        'Für Briefwahl und Wahlschein ist kein LeiKa-Schlüssel bestätigt. Regeln für sächsische Landtags- und Kommunalwahlen sind hier nicht geprüft.',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'phone'],
    },
    synonyms: [
      'Briefwahl',
      'Wahlschein',
      'Briefwahlunterlagen',
      'Wahl per Brief',
      'wählen ohne Wahllokal',
      'postal vote',
    ],
  },

  'wohngeld-antrag-annahme': {
    content: {
      slug: 'wohngeld-antrag-annahme',
      leikaKey: '99107023037000',
      name: { de: 'Wohngeld: Antrag abgeben', en: 'Housing benefit: handing in the application' },
      shortText: {
        de: 'Ihren Wohngeldantrag können Sie im Bürgerbüro abgeben. Wir leiten ihn an die Wohngeldbehörde des Landkreises Zwickau weiter, die darüber entscheidet.',
        en: 'You can hand in your housing benefit application at the citizens’ office. We forward it to the housing benefit authority of the district of Zwickau, which decides on it.',
      },
      description:
        'Wohngeld ist ein Zuschuss zur Miete oder zu den Kosten selbst genutzten Wohneigentums. In Sachsen sind Gemeinden mit weniger als 20.000 Einwohnerinnen und Einwohnern keine Wohngeldbehörden; zuständig ist der Landkreis. Sie können den Antrag aber in der Stadtverwaltung abgeben – wir leiten ihn an das Landratsamt Zwickau weiter.\n\nStellen Sie den Antrag frühzeitig: Wohngeld wird grundsätzlich ab dem Monat gezahlt, in dem der Antrag eingeht. Die Abgabe ist gebührenfrei.',
      easyReadText: null,
      prerequisites: [
        'Sie wohnen in Meerane oder in der Gemeinde Schönberg und möchten Wohngeld beantragen.',
      ],
      documents: [
        { item: 'Ausgefüllter Wohngeldantrag', note: 'Vordruck der Wohngeldbehörde.', required: true },
        {
          item: 'Nachweise zu Einkommen und Miete',
          note: 'Zum Beispiel Mietvertrag, Lohn- oder Rentenbescheid.',
          required: true,
        },
      ],
      fees: FREE(undefined, 'Die Abgabe ist gebührenfrei.', 'Handing in the application is free of charge.'),
      legalBases: [
        law('Wohngeldgesetz (WoGG)'),
        law('Sächsisches Gesetz zur Durchführung des Wohngeldgesetzes (DGWoG) – § 1'),
      ],
      procedure: [
        'Antrag mit Nachweisen im Bürgerbüro oder beim mobilen Bürgerbüro abgeben.',
        'Wir bestätigen den Eingang und leiten den Antrag an die Wohngeldbehörde des Landkreises weiter.',
        'Die Wohngeldbehörde entscheidet und schickt Ihnen den Bescheid.',
      ],
      processingTime: 'Die Bearbeitungszeit bestimmt die Wohngeldbehörde des Landkreises.',
      deadlines: null,
      forms: [],
      formKey: null,
      notes: null,
      contact: {
        unit: 'Bürgerbüro (Annahme und Weiterleitung)',
        phone: null,
        email: null,
        note: 'Über den Antrag entscheidet die Wohngeldbehörde des Landkreises Zwickau (Landratsamt), nicht die Stadt Meerane.',
      },
      personalAppearanceRequired: false,
      duration: minutes(10),
      channels: ['town_hall', 'mobile', 'phone'],
    },
    synonyms: ['Wohngeld', 'Mietzuschuss', 'Zuschuss Miete', 'Wohngeldantrag', 'housing benefit'],
  },

  'anschrift-im-ausweis-aendern': {
    content: {
      slug: 'anschrift-im-ausweis-aendern',
      leikaKey: '99008001011001',
      name: {
        de: 'Anschrift im Ausweis oder Pass ändern',
        en: 'Changing the address on your ID card or passport',
      },
      shortText: {
        de: 'Nach einem Umzug tragen wir die neue Anschrift gebührenfrei in Ihren Personalausweis (Aufkleber und Chip) und Reisepass ein.',
        en: 'After a move we enter your new address in your identity card (sticker and chip) and passport free of charge.',
      },
      description:
        'Nach einem Umzug wird Ihre neue Anschrift in den Personalausweis eingetragen: als Aufkleber auf der Rückseite und im Chip. Im Reisepass wird der Wohnort geändert. Das erledigen wir meist gleich bei der Anmeldung. Die Änderung ist gebührenfrei (§ 1 Abs. 5 PAuswGebV; § 27 Abs. 4 Nr. 3 PassV).\n\nFür die Änderung im Chip brauchen wir Ihren Ausweis; die PIN müssen Sie dafür nicht kennen.',
      easyReadText: null,
      prerequisites: ['Sie haben Ihre neue Wohnung angemeldet.'],
      documents: [
        { item: 'Personalausweis', note: null, required: true },
        { item: 'Reisepass', note: 'Falls vorhanden.', required: false },
      ],
      fees: FREE(
        '§ 1 Abs. 5 PAuswGebV; § 27 Abs. 4 Nr. 3 PassV',
        'Die Änderung ist gebührenfrei.',
        'The change is free of charge.',
      ),
      legalBases: [
        law('§ 1 Abs. 5 Personalausweisgebührenverordnung (PAuswGebV)'),
        law('§ 27 Abs. 4 Passverordnung (PassV)'),
      ],
      procedure: [
        'Mit Ausweis und Pass ins Bürgerbüro oder zum mobilen Bürgerbüro kommen.',
        'Wir ändern die Anschrift auf dem Dokument und im Chip.',
      ],
      processingTime: 'Sofort.',
      deadlines: null,
      forms: [],
      formKey: null,
      notes: 'Der LeiKa-Schlüssel stammt aus einer einzelnen Quelle.',
      contact: CONTACT,
      personalAppearanceRequired: true,
      duration: minutes(5, 15),
      channels: IN_PERSON,
    },
    synonyms: [
      'Adresse im Ausweis',
      'Adressaufkleber',
      'Ausweis neue Adresse',
      'Adresse Ausweis ändern',
      'change address ID card',
    ],
  },

  ausweisbefreiung: {
    content: {
      slug: 'ausweisbefreiung',
      leikaKey: null,
      name: {
        de: 'Befreiung von der Ausweispflicht',
        en: 'Exemption from the obligation to hold an ID card',
      },
      shortText: {
        de: 'Menschen mit Betreuung, dauerhaft im Pflegeheim oder mit einer dauerhaften Behinderung können auf Antrag von der Ausweispflicht befreit werden.',
        en: 'People under legal guardianship, living permanently in a care home or with a permanent disability can be exempted from the obligation to hold an ID card.',
      },
      description:
        'Die Personalausweisbehörde kann Personen von der Ausweispflicht befreien (§ 1 Abs. 3 PAuswG),\n– für die eine Betreuerin oder ein Betreuer nicht nur durch einstweilige Anordnung bestellt ist oder die handlungs- oder einwilligungsunfähig sind und von einer Person mit öffentlich beglaubigter Vollmacht vertreten werden,\n– die voraussichtlich dauerhaft in einem Krankenhaus, einem Pflegeheim oder einer ähnlichen Einrichtung untergebracht sind, oder\n– die sich wegen einer dauerhaften Behinderung nicht allein in der Öffentlichkeit bewegen können.\n\nDen Antrag stellt die betroffene Person oder ihre Vertretung. Wer einen gültigen Ausweis für andere Zwecke braucht (etwa für Bankgeschäfte), sollte prüfen, ob eine Befreiung sinnvoll ist.',
      easyReadText: null,
      prerequisites: ['Einer der drei Fälle des § 1 Abs. 3 PAuswG liegt vor.'],
      documents: [
        {
          item: 'Nachweis des Befreiungsgrundes',
          note: 'Zum Beispiel Betreuerausweis, Bescheinigung des Pflegeheims oder ärztliches Attest.',
          required: true,
        },
        {
          item: 'Vollmacht oder Betreuerausweis und Ausweis der vertretenden Person',
          note: 'Wenn die Vertretung den Antrag stellt.',
          required: false,
        },
        { item: 'Bisheriger Personalausweis', note: 'Falls vorhanden.', required: false },
      ],
      fees: UNCONFIRMED(
        'Ob und in welcher Höhe in Meerane eine Gebühr erhoben wird, ist in diesem Katalog noch nicht bestätigt. Eine andere sächsische Gemeinde nennt 10 €; bitte erfragen Sie den Betrag im Bürgerbüro.',
        'Whether and how much Meerane charges has not been confirmed for this catalogue yet. Another Saxon municipality states €10; please ask the citizens’ office.',
      ),
      legalBases: [PAUSWG('1', 'Ausweispflicht; Ausweisrecht')],
      procedure: [
        'Antrag mit Nachweis im Bürgerbüro stellen – auch beim Hausbesuch oder beim Sprechtag im Pflegeheim.',
        'Wir prüfen die Voraussetzungen und teilen Ihnen die Entscheidung mit.',
      ],
      processingTime: null,
      deadlines: null,
      forms: [],
      formKey: null,
      notes: 'Für die Ausweisbefreiung ist kein LeiKa-Schlüssel bestätigt.',
      contact: CONTACT,
      personalAppearanceRequired: false,
      duration: minutes(15, 25),
      channels: ['town_hall', 'mobile', 'home_visit', 'phone'],
    },
    synonyms: [
      'Ausweispflicht befreien',
      'Befreiung Ausweis',
      'Pflegeheim Ausweis',
      'Betreuung Ausweis',
      'kein Ausweis nötig',
    ],
  },
};
