/** What "prepare the day" leaves in the kit (sealed record 'day/current'). */
export interface PreparedDay {
  officeDayId: string | null;
  date: string;
  locationId: string | null;
  locationName: string | null;
  appointments: number;
  residents: number;
  catalogDate: string;
  preparedAt: string;
}
