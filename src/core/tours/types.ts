import type { IsoDate, LocalTime } from '../time';

/** A point in WGS 84. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/**
 * What the planner knows about one village — counts only, never a person: demand signals, people
 * on a wait-list of the village's office days, open home-visit requests (ids, to fit them into a
 * tour), residents and ID cards/passports expiring in the horizon (aggregates from the register),
 * and how past office days there were used.
 */
export interface VillageInput extends GeoPoint {
  villageId: string;
  name: string;
  /** Where the kit sets up in the village (a village hall); null: nowhere to hold an office day. */
  locationId: string | null;
  signals: number;
  waiting: number;
  homeVisitIds: string[];
  residents: number;
  expiringIds: number;
  /** Past office days in the village (last 6 months): appointments booked and not kept. */
  pastBooked: number;
  pastNoShows: number;
  /** The town hall (the citizens' office itself) is in the village: served there, not by a tour. */
  townHall?: boolean;
  /** Dates its place already has an office day in the horizon: no second one that day. */
  busyDates?: IsoDate[];
}

export interface KitInput {
  kitId: string;
  name: string;
  /** Dates the kit is already bound elsewhere (existing office days, home visits). */
  busyDates: IsoDate[];
}

export interface PlanningSettings {
  firstDate: IsoDate;
  weeks: number;
  /** Working dates in the horizon (Mon–Fri without Saxon holidays), ascending. */
  workdays: IsoDate[];
  /** A citizen's appointment at an office day. */
  minutesPerCitizen: number;
  homeVisitMinutes: number;
  /** Clerk hours a kit day may take, travel included (minutes). */
  kitDayMinutes: number;
  /** When the kit leaves the town hall. */
  dayStart: LocalTime;
  setupMinutes: number;
  teardownMinutes: number;
  minStopMinutes: number;
  maxStopsPerTour: number;
  /** Share of residents with an expiring ID card or passport expected to come (before past use). */
  idUptake: number;
  /**
   * Share of the expected demand the plan serves at least (ADR 36). Below 1 the planner may defer
   * a village whose demand can wait (nobody on a wait-list, no home visit) to a later tour when
   * that lowers the km per citizen served; 1 serves everyone it can.
   */
  minCoverageShare: number;
}

export const DEFAULT_SETTINGS: Omit<PlanningSettings, 'firstDate' | 'weeks' | 'workdays'> = {
  minutesPerCitizen: 15,
  homeVisitMinutes: 45,
  kitDayMinutes: 8 * 60,
  dayStart: '08:00',
  setupMinutes: 15,
  teardownMinutes: 15,
  minStopMinutes: 60,
  maxStopsPerTour: 5,
  idUptake: 0.5,
  minCoverageShare: 0.9,
};

/** Minutes and kilometres between points; index 0 is the depot (the town hall). */
export interface TravelMatrix {
  km: number[][];
  minutes: number[][];
}

export interface HomeVisitWindow {
  homeVisitId: string;
  startTime: LocalTime;
  endTime: LocalTime;
}

export interface TourStop {
  villageId: string;
  villageName: string;
  locationId: string;
  latitude: number;
  longitude: number;
  /** Citizens expected (signals, wait-list, expiring IDs, after no-shows). */
  citizens: number;
  /** Office hours at the stop. */
  startTime: LocalTime;
  endTime: LocalTime;
  travelMinutesBefore: number;
  kmBefore: number;
  homeVisits: HomeVisitWindow[];
}

export interface Tour {
  date: IsoDate;
  kitId: string;
  kitName: string;
  stops: TourStop[];
  km: number;
  travelMinutes: number;
  departTime: LocalTime;
  returnTime: LocalTime;
  /** Clerk time of the day, travel included. */
  clerkMinutes: number;
}

/**
 * Why a village with demand is in no tour: the town hall is there, no coordinates, no room, no kit
 * day left, deferred (its demand can wait for a later tour that combines it better, ADR 36), or
 * the coordinator took it out.
 */
export type UnplannedReason =
  | 'town_hall'
  | 'no_coordinates'
  | 'no_location'
  | 'no_capacity'
  | 'deferred'
  | 'left_out';

export interface TourProposal {
  firstDate: IsoDate;
  weeks: number;
  tours: Tour[];
  unplanned: { villageId: string; villageName: string; citizens: number; reason: UnplannedReason }[];
  /** Expected citizens in the villages a tour would serve (all but the town hall's). */
  demandCitizens: number;
  coveredCitizens: number;
  km: number;
}

/** A linear program in CPLEX LP format and the solver's answer (see ADR 31). */
export interface LpSolution {
  status: string;
  values: Record<string, number>;
}
export type LpSolver = (lp: string) => Promise<LpSolution>;
