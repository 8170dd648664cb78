import { useEffect, useState } from 'react';
import { uuidv7 } from '../../../core/ids';
import { kitTicketNumber } from '../../../core/sync/kit-numbers';
import { StatusBadge } from '../../ui/components';
import { Button, usePageTitle } from '../../ui/forms';
import { defineMessages, useFormat, useT } from '../../ui/i18n';
import { useKit } from '../state/kit-context';
import type { PreparedDay } from './prepare-types';

const m = defineMessages({
  de: {
    title: 'Warteschlange',
    draw: 'Wartenummer ziehen',
    booked: 'Termine des Tages',
    noBooked: 'Keine Termine vorbereitet.',
    arrived: 'Angekommen',
    waiting: 'Wartende',
    none: 'Niemand wartet.',
    call: 'Aufrufen',
    done: 'Erledigt',
    noShow: 'Nicht erschienen',
    stWaiting: 'wartet',
    stCalled: 'aufgerufen',
    stDone: 'erledigt',
    stNoShow: 'nicht erschienen',
    appointment: 'Termin {time}',
    walkIn: 'ohne Termin',
    drawn: 'Wartenummer {code} gezogen.',
    noLocation: 'Bitte bereiten Sie zuerst den Tag vor (Standort fehlt).',
  },
  en: {
    title: 'Queue',
    draw: 'Draw a ticket',
    booked: 'Appointments of the day',
    noBooked: 'No appointments prepared.',
    arrived: 'Arrived',
    waiting: 'Waiting',
    none: 'Nobody is waiting.',
    call: 'Call',
    done: 'Done',
    noShow: 'No-show',
    stWaiting: 'waiting',
    stCalled: 'called',
    stDone: 'done',
    stNoShow: 'no-show',
    appointment: 'Appointment {time}',
    walkIn: 'walk-in',
    drawn: 'Ticket {code} drawn.',
    noLocation: 'Please prepare the day first (location missing).',
  },
});

interface Ticket {
  id: string;
  code: string;
  kind: 'walk_in' | 'appointment';
  appointmentId: string | null;
  label: string;
  status: 'waiting' | 'called' | 'done' | 'no_show';
  arrivedAt: string;
  calledAt: string | null;
  finishedAt: string | null;
  date: string;
  locationId: string;
}

interface Appointment {
  id: string;
  startsAt: string;
  bookingNumber: string;
  name: string | null;
  services: { id: string }[];
}

/** The day's queue on the kit: booked citizens and walk-ins with kit-prefixed tickets, offline. */
export default function QueuePage() {
  const t = useT(m);
  const f = useFormat();
  const { store, config, revision } = useKit();
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [day, setDay] = useState<PreparedDay | null>(null);
  const [note, setNote] = useState<string>();
  usePageTitle(t('title'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read on data change
  useEffect(() => {
    void store?.records<Ticket>('queue').then((r) => setTickets(r.map((x) => x.value)));
    void store?.record<PreparedDay>('day', 'current').then((d) => setDay(d ?? null));
  }, [store, revision]);
  const appointments = (store?.items<Appointment>('appointment') ?? []).map((a) => a.data);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const locationId = day?.locationId ?? config?.locationIds[0] ?? null;

  async function draw(appointment?: Appointment) {
    if (!store || !config || !locationId) return;
    const ticket = await store.capture<Ticket>(async (numbers) => {
      const code = kitTicketNumber(config.prefix, numbers.next('ticket', today));
      const tk: Ticket = {
        id: uuidv7(),
        code,
        kind: appointment ? 'appointment' : 'walk_in',
        appointmentId: appointment?.id ?? null,
        label: appointment ? (appointment.name ?? appointment.bookingNumber) : '',
        status: 'waiting',
        arrivedAt: new Date().toISOString(),
        calledAt: null,
        finishedAt: null,
        date: today,
        locationId,
      };
      return { records: [{ store: 'queue', id: tk.id, value: tk }], commands: [], result: tk };
    });
    setNote(t('drawn', { code: ticket.code }));
  }

  async function update(tk: Ticket, status: Ticket['status']) {
    if (!store) return;
    const now = new Date().toISOString();
    const next: Ticket = {
      ...tk,
      status,
      calledAt: status === 'called' ? now : tk.calledAt,
      finishedAt: status === 'done' || status === 'no_show' ? now : null,
    };
    if (status === 'called') {
      await store.putRecord('queue', tk.id, next);
      return;
    }
    await store.capture(async () => ({
      records: [{ store: 'queue', id: tk.id, value: next }],
      commands: [
        {
          id: uuidv7(),
          type: 'ticket.record',
          payload: {
            ticketId: tk.id,
            code: tk.code,
            kind: tk.kind,
            locationId: tk.locationId,
            date: tk.date,
            appointmentId: tk.appointmentId,
            status,
            arrivedAt: tk.arrivedAt,
            firstCalledAt: tk.calledAt,
            servedAt: status === 'done' ? (tk.calledAt ?? now) : null,
            finishedAt: now,
          },
        },
      ],
      result: {},
    }));
  }

  const badge = (s: Ticket['status']) =>
    s === 'done' ? (
      <StatusBadge tone="success">{t('stDone')}</StatusBadge>
    ) : s === 'no_show' ? (
      <StatusBadge tone="warning">{t('stNoShow')}</StatusBadge>
    ) : s === 'called' ? (
      <StatusBadge tone="info">{t('stCalled')}</StatusBadge>
    ) : (
      <StatusBadge tone="info">{t('stWaiting')}</StatusBadge>
    );

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      {!locationId && <p className="kern-body">{t('noLocation')}</p>}
      <Button type="button" onClick={() => void draw()}>
        {t('draw')}
      </Button>
      {note && (
        <p className="kern-body" role="status" data-testid="queue-note">
          {note}
        </p>
      )}
      <h2 className="kern-heading-medium">{t('booked')}</h2>
      {appointments.length === 0 ? (
        <p className="kern-body">{t('noBooked')}</p>
      ) : (
        <ul className="kern-list">
          {appointments.map((a) => (
            <li key={a.id}>
              {t('appointment', { time: f.time(a.startsAt) })}: {a.name ?? a.bookingNumber}{' '}
              {!tickets.some((tk) => tk.appointmentId === a.id) && (
                <Button type="button" variant="secondary" onClick={() => void draw(a)}>
                  {t('arrived')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2 className="kern-heading-medium">{t('waiting')}</h2>
      {tickets.length === 0 ? (
        <p className="kern-body">{t('none')}</p>
      ) : (
        <ul className="kern-list" data-testid="queue-tickets">
          {tickets
            .sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt))
            .map((tk) => (
              <li key={tk.id}>
                <strong>{tk.code}</strong> {tk.kind === 'walk_in' ? t('walkIn') : tk.label} {badge(tk.status)}{' '}
                {(tk.status === 'waiting' || tk.status === 'called') && (
                  <span className="bk-kit-actions">
                    {tk.status === 'waiting' && (
                      <Button type="button" variant="secondary" onClick={() => void update(tk, 'called')}>
                        {t('call')}
                      </Button>
                    )}
                    <Button type="button" variant="secondary" onClick={() => void update(tk, 'done')}>
                      {t('done')}
                    </Button>
                    <Button type="button" variant="tertiary" onClick={() => void update(tk, 'no_show')}>
                      {t('noShow')}
                    </Button>
                  </span>
                )}
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
