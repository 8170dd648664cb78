import type { ServiceContent } from '../../../core/catalog/content';
import type { FeeFrame, LandField } from '../../../core/catalog/land';
import { del, get, post, put } from '../../ui/api';

/** The editor side of the catalogue API (coordinator). */
export type EditorStatus = 'draft' | 'published' | 'changed';

export interface EditorListItem {
  id: string;
  slug: string;
  name: string;
  status: EditorStatus;
  publishedVersion: number | null;
  draftRevision: number;
  updatedAt: string;
}

export interface VersionInfo {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  changeNote: string | null;
}

export interface EditorService {
  id: string;
  authorityId: string;
  slug: string;
  draft: ServiceContent | null;
  draftRevision: number;
  draftUpdatedAt: string | null;
  draftUpdatedBy: string | null;
  published: { version: number; publishedAt: string; content: ServiceContent } | null;
  versions: VersionInfo[];
  synonyms: { id: string; term: string; createdAt: string }[];
  /** The Land service it follows (#12), or null. */
  land: {
    landServiceId: string;
    adoptedVersion: number;
    currentVersion: number;
    openReviewId: string | null;
    feeFrame: FeeFrame;
    overridden: LandField[];
  } | null;
}

export interface Miss {
  query: string;
  count: number;
  lastDay: string;
  channels: string[];
}

export interface ImportOutcome {
  created: number;
  updated: number;
  published: number;
  unchanged: number;
}

const BASE = '/api/catalog/editor';

export const editorApi = {
  list: () => get<{ services: EditorListItem[] }>(`${BASE}/services`).then((r) => r.services),
  load: (id: string) => get<EditorService>(`${BASE}/services/${id}`),
  create: (content: ServiceContent) => post<EditorService>(`${BASE}/services`, { content }),
  save: (id: string, content: ServiceContent, baseRevision: number) =>
    put<EditorService>(`${BASE}/services/${id}/draft`, { content, baseRevision }),
  discard: (id: string) => del<{ deleted: boolean }>(`${BASE}/services/${id}/draft`),
  publish: (id: string, draftRevision: number, changeNote: string) =>
    post<EditorService>(`${BASE}/services/${id}/publish`, {
      draftRevision,
      ...(changeNote.trim() ? { changeNote: changeNote.trim() } : {}),
    }),
  version: (id: string, version: number) =>
    get<VersionInfo & { content: ServiceContent }>(`${BASE}/services/${id}/versions/${version}`),
  addSynonym: (id: string, term: string) =>
    post<{ id: string; term: string }>(`${BASE}/services/${id}/synonyms`, { term }),
  removeSynonym: (synonymId: string) => del<void>(`${BASE}/synonyms/${synonymId}`),
  misses: () => get<{ misses: Miss[] }>(`${BASE}/misses?days=30`).then((r) => r.misses),
  import: (body: unknown) => post<ImportOutcome>(`${BASE}/import`, body),
};
