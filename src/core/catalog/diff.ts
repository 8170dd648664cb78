/**
 * Differences between two versions of a service description, as a list of changed fields
 * (JSON pointers) with the old and new value in words. Pure; used by the editor's history.
 */
export interface ContentChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      if (value.length) out.set(path, value.map(String).join(', '));
      return;
    }
    for (const [i, v] of value.entries()) flatten(v, `${path}/${i}`, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, `${path}/${k}`, out);
    return;
  }
  out.set(path, String(value));
}

export function diffContent(before: unknown, after: unknown): ContentChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const changes: ContentChange[] = [];
  for (const path of paths) {
    const x = a.get(path) ?? null;
    const y = b.get(path) ?? null;
    if (x === y) continue;
    changes.push({
      path,
      kind: x === null ? 'added' : y === null ? 'removed' : 'changed',
      before: x,
      after: y,
    });
  }
  return changes;
}

/** The top-level field a change belongs to ("/fees/rules/0/amountCents" → "fees"). */
export function changeSection(path: string): string {
  return path.split('/')[1] ?? '';
}
