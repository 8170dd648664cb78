import { sortByText } from '../../../core/collation';
import type { Db } from '../../db/database';
import { withPublicScope } from '../../db/scope';
import type { AuthoritiesTable, AuthorityBranding, AuthorityImprint } from './tables';

/**
 * The directory of the authorities an installation serves (ADR 27): which portal a host name or
 * a path slug leads to, whether it is suspended, its look. Public data (row-level security shows
 * the authorities table to every scope), read in the public scope and kept for a few seconds;
 * the operator's changes call `invalidate()`, other processes see them after `ttlMs`.
 */
export interface DirectoryEntry {
  id: string;
  slug: string;
  host: string | null;
  name: string;
  shortName: string;
  kind: AuthoritiesTable['kind'];
  bodyKind: AuthoritiesTable['body_kind'];
  status: 'active' | 'suspended';
  statusNote: string | null;
  joined115: boolean;
  branding: AuthorityBranding;
  imprint: AuthorityImprint;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  website: string | null;
}

/** Kinds of authority that have a citizens' portal (not the 115 service centre, not the Land's editorial office). */
export const PORTAL_KINDS: ReadonlySet<AuthoritiesTable['kind']> = new Set([
  'lead_municipality',
  'municipality',
  'district',
]);

export function hasPortal(entry: Pick<DirectoryEntry, 'kind'>): boolean {
  return PORTAL_KINDS.has(entry.kind);
}

export class AuthorityDirectory {
  private snapshot: { at: number; entries: DirectoryEntry[] } | undefined;
  private loading: Promise<DirectoryEntry[]> | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: { ttlMs?: number; defaultSlug?: string | undefined } = {},
  ) {}

  /** Forget the snapshot (after onboarding, a suspension, a change of slug, host or look). */
  invalidate(): void {
    this.snapshot = undefined;
  }

  async all(): Promise<DirectoryEntry[]> {
    const ttl = this.options.ttlMs ?? 5000;
    if (this.snapshot && Date.now() - this.snapshot.at < ttl) return this.snapshot.entries;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<DirectoryEntry[]> {
    const rows = await withPublicScope(this.db, (db) =>
      db
        .selectFrom('authorities')
        .select([
          'id',
          'slug',
          'host',
          'name',
          'short_name',
          'kind',
          'body_kind',
          'status',
          'status_note',
          'joined_115',
          'branding',
          'imprint',
          'street',
          'postal_code',
          'city',
          'phone',
          'email',
          'website',
        ])
        .execute(),
    );
    const entries = sortByText(
      rows.map(
        (r): DirectoryEntry => ({
          id: r.id,
          slug: r.slug,
          host: r.host,
          name: r.name,
          shortName: r.short_name,
          kind: r.kind,
          bodyKind: r.body_kind,
          status: r.status,
          statusNote: r.status_note,
          joined115: r.joined_115,
          branding: r.branding ?? {},
          imprint: r.imprint ?? {},
          street: r.street,
          postalCode: r.postal_code,
          city: r.city,
          phone: r.phone,
          email: r.email,
          website: r.website,
        }),
      ),
      (e) => e.shortName,
    );
    this.snapshot = { at: Date.now(), entries };
    return entries;
  }

  async byId(id: string): Promise<DirectoryEntry | undefined> {
    return (await this.all()).find((e) => e.id === id);
  }

  async bySlug(slug: string): Promise<DirectoryEntry | undefined> {
    const find = (entries: DirectoryEntry[]) => entries.find((e) => e.slug === slug && hasPortal(e));
    const found = find(await this.all());
    if (found) return found;
    // A portal onboarded a moment ago by another process: look once more before saying "unknown".
    if (this.snapshot && Date.now() - this.snapshot.at > 500) {
      this.invalidate();
      return find(await this.all());
    }
    return undefined;
  }

  async byHost(host: string): Promise<DirectoryEntry | undefined> {
    const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    return (await this.all()).find((e) => e.host === name && hasPortal(e));
  }

  /**
   * The address of an authority's portal for links that leave the request — mails, SMS, letters,
   * PDFs, calendar feeds: its own host name, else `/<slug>` on the installation's address; the
   * installation's default portal keeps the bare address. Without an authority (installation
   * work) or for one without a portal, the installation's address.
   */
  async portalUrl(authorityId: string | null | undefined, publicUrl: string): Promise<string> {
    const base = publicUrl.replace(/\/+$/, '');
    if (!authorityId) return base;
    const entry = await this.byId(authorityId);
    if (!entry || !hasPortal(entry)) return base;
    return portalAddress(entry, base, (await this.defaultPortal())?.id === entry.id);
  }

  /** The authorities with a portal, by short name (German order). */
  async portals(): Promise<DirectoryEntry[]> {
    return (await this.all()).filter(hasPortal);
  }

  /**
   * The installation's default portal at `/`: the configured one (PORTAL_DEFAULT_AUTHORITY), else
   * the only authority with a portal; with several and none configured, there is none and `/`
   * shows the list of portals.
   */
  async defaultPortal(): Promise<DirectoryEntry | undefined> {
    const portals = await this.portals();
    if (this.options.defaultSlug) return portals.find((p) => p.slug === this.options.defaultSlug);
    return portals.length === 1 ? portals[0] : undefined;
  }
}

/** See AuthorityDirectory.portalUrl: own host (same scheme as the installation), `/<slug>`, or the bare address. */
export function portalAddress(
  entry: Pick<DirectoryEntry, 'slug' | 'host'>,
  publicUrl: string,
  isDefault: boolean,
): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (entry.host) return `${new URL(base).protocol}//${entry.host}`;
  return isDefault ? base : `${base}/${entry.slug}`;
}
