import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export type TourPlanStatus = 'proposed' | 'accepted' | 'discarded';

export interface TourPlansTable {
  id: string;
  authority_id: string;
  status: Generated<TourPlanStatus>;
  first_date: ColumnType<string, string, string>;
  weeks: number;
  /** StoredPlan of tours/service.ts: the proposal and the counts it was made from. */
  proposal: Json<unknown>;
  version: Generated<number>;
  office_day_ids: Generated<string[]>;
  notified: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  accepted_at: Date | null;
  accepted_by: string | null;
}

/** Kysely table types of the tours module. */
export type ToursTables = {
  tour_plans: TourPlansTable;
};
