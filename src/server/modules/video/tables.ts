import type { Generated } from 'kysely';
import type { CallOutcome, CallStatus, GuestKind } from '../../../core/video/protocol';

export interface VideoTerminalsTable {
  id: string;
  authority_id: string;
  location_id: string;
  name: string;
  /** SHA-256 of the one-time pairing code (null once paired). */
  pairing_code_hash: string | null;
  pairing_expires_at: Date | null;
  /** SHA-256 of the device token in the terminal's httpOnly cookie. */
  token_hash: string | null;
  paired_at: Date | null;
  last_seen_at: Date | null;
  revoked_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface VideoCallsTable {
  id: string;
  authority_id: string;
  terminal_id: string;
  location_id: string;
  kind: 'walk_in' | 'booked';
  appointment_id: string | null;
  locale: 'de' | 'en';
  status: Generated<CallStatus>;
  /** SHA-256 of the terminal's per-call token. */
  token_hash: string;
  token_expires_at: Date;
  requested_at: Generated<Date>;
  accepted_at: Date | null;
  accepted_by: string | null;
  ended_at: Date | null;
  ended_by: 'terminal' | 'clerk' | 'system' | null;
  outcome: CallOutcome | null;
  case_id: string | null;
  /** Last sign of life of the terminal's socket (the sweeper ends calls of vanished terminals). */
  terminal_seen_at: Generated<Date>;
  guests: Generated<number>;
  images: Generated<number>;
}

export interface VideoCallImagesTable {
  id: string;
  authority_id: string;
  call_id: string;
  attachment_id: string;
  created_at: Generated<Date>;
}

export interface VideoInvitesTable {
  id: string;
  authority_id: string;
  call_id: string;
  guest_kind: GuestKind;
  token_hash: string;
  expires_at: Date;
  redeemed_at: Date | null;
  guest_token_hash: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface VideoPresenceTable {
  user_id: string;
  authority_id: string;
  seen_at: Generated<Date>;
}

/** Kysely table types of the video module (#11). */
export type VideoTables = {
  video_terminals: VideoTerminalsTable;
  video_calls: VideoCallsTable;
  video_call_images: VideoCallImagesTable;
  video_invites: VideoInvitesTable;
  video_presence: VideoPresenceTable;
};
