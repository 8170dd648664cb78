/** The operator's notices for the portal (#12): suspended authorities, with the operator's note. */
export const NOTICES_URL = '/api/operations/notices';

export interface Notice {
  authorityId: string;
  name: string;
  slug: string;
  note: string;
}
