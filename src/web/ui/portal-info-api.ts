/** The portal's own authority: name, address, legal notice and look (GET /api/places/portal, #12). */
export const PORTAL_INFO_URL = '/api/places/portal';

export interface PortalAuthority {
  id: string;
  slug: string;
  name: string;
  shortName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  imprint: { representative?: string; supervisoryAuthority?: string; vatId?: string; note?: string };
  primaryColour: string | null;
  logo: boolean;
}
