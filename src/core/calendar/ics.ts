/**
 * A small iCalendar (RFC 5545) writer for the office-day feeds and the appointment attachments.
 * Events are written in local time with TZID=Europe/Berlin and the zone's VTIMEZONE (rules since
 * 1996: last Sunday in March 02:00 → CEST, last Sunday in October 03:00 → CET), CRLF line ends,
 * content lines folded at 75 octets, and TEXT values escaped.
 */
import { type IsoDate, type LocalTime, localDate, localTime, TIME_ZONE } from '../time';

export interface IcsEvent {
  uid: string;
  /** Local date and time in Europe/Berlin … */
  date: IsoDate;
  startTime: LocalTime;
  /** … and the end (same date). */
  endDate?: IsoDate;
  endTime: LocalTime;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  geo?: { latitude: number; longitude: number } | null;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  /** Increases with every change of the event (RFC 5545 SEQUENCE). */
  sequence?: number;
  lastModified?: Date;
}

export interface IcsCalendar {
  name: string;
  description?: string;
  /** PRODID text, e.g. "-//Bürgerkoffer//Sprechtage//DE". */
  prodId?: string;
  method?: 'PUBLISH';
  events: IcsEvent[];
  /** DTSTAMP of every event (defaults to now). */
  stamp?: Date;
}

const VTIMEZONE_BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'X-LIC-LOCATION:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Folds a content line into lines of at most 75 octets, never splitting a character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

function localStamp(date: IsoDate, time: LocalTime): string {
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The local date and time of an instant, for events given as instants. */
export function berlinParts(instant: Date): { date: IsoDate; time: LocalTime } {
  return { date: localDate(instant, TIME_ZONE), time: localTime(instant, TIME_ZONE) };
}

export function renderCalendar(calendar: IcsCalendar): string {
  const stamp = utcStamp(calendar.stamp ?? new Date());
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId ?? '-//Buergerkoffer//Sprechtage//DE'}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${calendar.method ?? 'PUBLISH'}`,
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    'X-WR-TIMEZONE:Europe/Berlin',
  ];
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`);
  lines.push(...VTIMEZONE_BERLIN);
  for (const e of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;TZID=Europe/Berlin:${localStamp(e.date, e.startTime)}`,
      `DTEND;TZID=Europe/Berlin:${localStamp(e.endDate ?? e.date, e.endTime)}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.geo) lines.push(`GEO:${e.geo.latitude.toFixed(6)};${e.geo.longitude.toFixed(6)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, `SEQUENCE:${e.sequence ?? 0}`);
    if (e.lastModified) lines.push(`LAST-MODIFIED:${utcStamp(e.lastModified)}`);
    lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
