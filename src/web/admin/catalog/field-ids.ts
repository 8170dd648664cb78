/**
 * The editor's inputs carry ids derived from the JSON pointer of the content field they edit
 * ("/fees/rules/0/amountCents" → "f-fees-rules-0-amountCents"), so that problems found by the
 * shared rules (src/core/catalog/content.ts) or sent by the API link to the right input.
 */
export function fid(path: string): string {
  return `f${path.replace(/\//g, '-')}`;
}

/** The id of the input for a problem path, or of the nearest enclosing one that exists on the page. */
export function fieldIdForPath(path: string): string {
  let p = path;
  while (p) {
    const id = fid(p);
    if (typeof document === 'undefined' || document.getElementById(id)) return id;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return 'f-form';
}

/** Sets a value at a path of a plain object, returning a changed copy. */
export function setIn<T>(obj: T, path: (string | number)[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const base = (Array.isArray(obj) ? [...obj] : { ...(obj as object) }) as Record<string | number, unknown>;
  base[head!] = setIn(base[head!], rest, value);
  return base as T;
}
