import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/**
 * Video consultations for the evaluation (#11): how many calls, answered or not, how long callers
 * waited and how long calls lasted, per terminal location, and how they ended. Metadata only —
 * the calls' content is never stored.
 */
export interface VideoFigures {
  calls: number;
  answered: number;
  abandoned: number;
  connectionLost: number;
  cases: number;
  booked: number;
  waitMedianMinutes: number | null;
  durationMedianMinutes: number | null;
  byLocation: {
    locationId: string;
    locationName: string;
    calls: number;
    booked: number;
    answered: number;
    cases: number;
    abandoned: number;
    connectionLost: number;
    waitMedianMinutes: number | null;
    durationMedianMinutes: number | null;
  }[];
}

const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function videoFigures(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<VideoFigures> {
  const rows = await sql<{
    location_id: string | null;
    location_name: string | null;
    calls: number;
    answered: number;
    abandoned: number;
    connection_lost: number;
    cases: number;
    booked: number;
    wait: number | null;
    duration: number | null;
  }>`
    select c.location_id, l.name as location_name,
      count(*) as calls,
      count(*) filter (where c.accepted_at is not null) as answered,
      count(*) filter (where c.outcome = 'abandoned') as abandoned,
      count(*) filter (where c.outcome = 'connection_lost') as connection_lost,
      count(*) filter (where c.outcome = 'case') as cases,
      count(*) filter (where c.kind = 'booked') as booked,
      percentile_cont(0.5) within group (order by extract(epoch from (c.accepted_at - c.requested_at)) / 60)
        filter (where c.accepted_at is not null) as wait,
      percentile_cont(0.5) within group (order by extract(epoch from (c.ended_at - c.accepted_at)) / 60)
        filter (where c.accepted_at is not null and c.ended_at is not null) as duration
    from video_calls c
    join locations l on l.id = c.location_id
    where c.authority_id = ${authorityId} and c.status = 'ended'
      and (c.requested_at at time zone 'Europe/Berlin')::date between ${from}::date and ${to}::date
    group by grouping sets ((c.location_id, l.name), ())`.execute(db);
  const total = rows.rows.find((r) => r.location_id === null);
  return {
    calls: Number(total?.calls ?? 0),
    answered: Number(total?.answered ?? 0),
    abandoned: Number(total?.abandoned ?? 0),
    connectionLost: Number(total?.connection_lost ?? 0),
    cases: Number(total?.cases ?? 0),
    booked: Number(total?.booked ?? 0),
    waitMedianMinutes: round(total?.wait),
    durationMedianMinutes: round(total?.duration),
    byLocation: rows.rows
      .filter((r) => r.location_id !== null)
      .map((r) => ({
        locationId: r.location_id!,
        locationName: r.location_name!,
        calls: Number(r.calls),
        booked: Number(r.booked),
        answered: Number(r.answered),
        cases: Number(r.cases),
        abandoned: Number(r.abandoned),
        connectionLost: Number(r.connection_lost),
        waitMedianMinutes: round(r.wait),
        durationMedianMinutes: round(r.duration),
      })),
  };
}
