/** What the booking module takes from the configuration, and the names of its jobs. */
export interface BookingSettings {
  cutoffHours: number;
  holdMinutes: number;
  reminderHours: number;
  maxPerContactPerDay: number;
  publicUrl: string;
}

export const REMINDER_JOB = 'booking.reminder';
export const WAITLIST_JOB = 'booking.waitlist-wake';
export const DEMAND_JOB = 'booking.demand-announce';
