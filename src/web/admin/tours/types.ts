/** The tour plan as the API sends it (GET/POST/PUT /api/tours/plans…). */
export interface TourStop {
  villageId: string;
  villageName: string;
  locationId: string;
  latitude: number;
  longitude: number;
  citizens: number;
  startTime: string;
  endTime: string;
  travelMinutesBefore: number;
  kmBefore: number;
  homeVisits: { homeVisitId: string; startTime: string; endTime: string }[];
}

export interface Tour {
  date: string;
  kitId: string;
  kitName: string;
  stops: TourStop[];
  km: number;
  travelMinutes: number;
  departTime: string;
  returnTime: string;
  clerkMinutes: number;
}

export interface TourPlan {
  id: string;
  status: 'proposed' | 'accepted' | 'discarded';
  version: number;
  firstDate: string;
  weeks: number;
  travel: string;
  kitDayMinutes: number;
  workdays: string[];
  depot: { latitude: number; longitude: number };
  kits: { id: string; name: string }[];
  villages: {
    villageId: string;
    name: string;
    latitude: number | null;
    longitude: number | null;
    citizens: number;
    plannable: boolean;
  }[];
  proposal: {
    firstDate: string;
    weeks: number;
    tours: Tour[];
    unplanned: { villageId: string; villageName: string; citizens: number; reason: string }[];
    demandCitizens: number;
    coveredCitizens: number;
    km: number;
  };
  officeDayIds: string[];
  notified: number;
  acceptedAt: string | null;
}

export interface TourEdit {
  date: string;
  kitId: string;
  stops: { villageId: string; minutes: number }[];
}
