import type { Localized } from '../catalog/types';
import { sortByText } from '../collation';

/**
 * States for nationalities and destinations abroad (ISO 3166-1 alpha-2), German and English
 * names. XX = stateless. The list covers the states most often seen in Saxon registers; the
 * full DEVO state list (Staatsangehörigkeitsschlüssel) belongs to an XMeld export, later.
 */
const LIST: [string, string, string][] = [
  ['DE', 'Deutschland', 'Germany'],
  ['AF', 'Afghanistan', 'Afghanistan'],
  ['EG', 'Ägypten', 'Egypt'],
  ['AL', 'Albanien', 'Albania'],
  ['DZ', 'Algerien', 'Algeria'],
  ['AR', 'Argentinien', 'Argentina'],
  ['AM', 'Armenien', 'Armenia'],
  ['AU', 'Australien', 'Australia'],
  ['AZ', 'Aserbaidschan', 'Azerbaijan'],
  ['BE', 'Belgien', 'Belgium'],
  ['BA', 'Bosnien und Herzegowina', 'Bosnia and Herzegovina'],
  ['BR', 'Brasilien', 'Brazil'],
  ['BG', 'Bulgarien', 'Bulgaria'],
  ['CL', 'Chile', 'Chile'],
  ['CN', 'China', 'China'],
  ['DK', 'Dänemark', 'Denmark'],
  ['ER', 'Eritrea', 'Eritrea'],
  ['EE', 'Estland', 'Estonia'],
  ['FI', 'Finnland', 'Finland'],
  ['FR', 'Frankreich', 'France'],
  ['GE', 'Georgien', 'Georgia'],
  ['GR', 'Griechenland', 'Greece'],
  ['GB', 'Vereinigtes Königreich', 'United Kingdom'],
  ['IN', 'Indien', 'India'],
  ['ID', 'Indonesien', 'Indonesia'],
  ['IQ', 'Irak', 'Iraq'],
  ['IR', 'Iran', 'Iran'],
  ['IE', 'Irland', 'Ireland'],
  ['IS', 'Island', 'Iceland'],
  ['IL', 'Israel', 'Israel'],
  ['IT', 'Italien', 'Italy'],
  ['JP', 'Japan', 'Japan'],
  ['JO', 'Jordanien', 'Jordan'],
  ['CA', 'Kanada', 'Canada'],
  ['KZ', 'Kasachstan', 'Kazakhstan'],
  ['XK', 'Kosovo', 'Kosovo'],
  ['HR', 'Kroatien', 'Croatia'],
  ['LV', 'Lettland', 'Latvia'],
  ['LB', 'Libanon', 'Lebanon'],
  ['LI', 'Liechtenstein', 'Liechtenstein'],
  ['LT', 'Litauen', 'Lithuania'],
  ['LU', 'Luxemburg', 'Luxembourg'],
  ['MA', 'Marokko', 'Morocco'],
  ['MK', 'Nordmazedonien', 'North Macedonia'],
  ['MD', 'Moldau', 'Moldova'],
  ['ME', 'Montenegro', 'Montenegro'],
  ['NZ', 'Neuseeland', 'New Zealand'],
  ['NL', 'Niederlande', 'Netherlands'],
  ['NG', 'Nigeria', 'Nigeria'],
  ['NO', 'Norwegen', 'Norway'],
  ['AT', 'Österreich', 'Austria'],
  ['PK', 'Pakistan', 'Pakistan'],
  ['PL', 'Polen', 'Poland'],
  ['PT', 'Portugal', 'Portugal'],
  ['RO', 'Rumänien', 'Romania'],
  ['RU', 'Russische Föderation', 'Russian Federation'],
  ['SE', 'Schweden', 'Sweden'],
  ['CH', 'Schweiz', 'Switzerland'],
  ['RS', 'Serbien', 'Serbia'],
  ['SK', 'Slowakei', 'Slovakia'],
  ['SI', 'Slowenien', 'Slovenia'],
  ['SO', 'Somalia', 'Somalia'],
  ['ES', 'Spanien', 'Spain'],
  ['LK', 'Sri Lanka', 'Sri Lanka'],
  ['SY', 'Syrien', 'Syria'],
  ['TH', 'Thailand', 'Thailand'],
  ['CZ', 'Tschechien', 'Czechia'],
  ['TN', 'Tunesien', 'Tunisia'],
  ['TR', 'Türkei', 'Türkiye'],
  ['UA', 'Ukraine', 'Ukraine'],
  ['HU', 'Ungarn', 'Hungary'],
  ['US', 'Vereinigte Staaten', 'United States'],
  ['VN', 'Vietnam', 'Viet Nam'],
  ['BY', 'Belarus', 'Belarus'],
  ['CY', 'Zypern', 'Cyprus'],
  ['XX', 'staatenlos', 'stateless'],
];

/** Germany first, then in German order (Ü with U, "Vereinigtes Königreich" under V), stateless last. */
export const COUNTRIES: { code: string; name: Localized }[] = [
  LIST.find(([code]) => code === 'DE')!,
  ...sortByText(
    LIST.filter(([code]) => code !== 'DE' && code !== 'XX'),
    ([, de]) => de,
  ),
  LIST.find(([code]) => code === 'XX')!,
].map(([code, de, en]) => ({ code, name: { de, en } }));

export const COUNTRY_CODES: readonly string[] = COUNTRIES.map((c) => c.code);

export function countryName(code: string, locale: 'de' | 'en' = 'de'): string {
  return COUNTRIES.find((c) => c.code === code)?.name[locale] ?? code;
}
