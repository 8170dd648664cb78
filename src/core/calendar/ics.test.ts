import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar } from './ics';

describe('iCalendar writer', () => {
  const ics = renderCalendar({
    name: 'Sprechtage Schönberg',
    stamp: new Date('2026-11-29T10:00:00Z'),
    events: [
      {
        uid: 'a@buergerkoffer',
        date: '2026-03-29',
        startTime: '09:00',
        endTime: '12:00',
        summary: 'Mobiles Bürgerbüro: Gemeindeverwaltung Schönberg, Hauptstraße 51; bitte Ausweis mitbringen',
        description:
          'Zeile eins\nZeile zwei – mit Umlauten äöü und einem sehr langen Text, der gefaltet werden muss.',
        location: 'Hauptstraße 51, 08393 Schönberg',
        geo: { latitude: 50.8667, longitude: 12.5 },
      },
      {
        uid: 'b@buergerkoffer',
        date: '2026-10-25',
        startTime: '09:00',
        endTime: '12:00',
        summary: 'Oktober',
      },
    ],
  });

  it('uses CRLF and folds lines at 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(foldLine('ä'.repeat(60)).split('\r\n ').join('')).toBe('ä'.repeat(60));
  });

  it('escapes text values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('parses with ical.js and places events in Berlin time on both daylight-saving Sundays', () => {
    const comp = new ICAL.Component(ICAL.parse(ics));
    const tz = comp.getFirstSubcomponent('vtimezone')!;
    ICAL.TimezoneService.register(tz);
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    expect(events[0]!.summary).toContain('Hauptstraße 51; bitte');
    expect(events[0]!.description).toContain('Zeile eins\nZeile zwei');
    expect(events[0]!.startDate.zone?.tzid).toBe('Europe/Berlin');
    // 09:00 CEST on 29 March = 07:00 UTC; 09:00 CET on 25 October = 08:00 UTC.
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });
});
