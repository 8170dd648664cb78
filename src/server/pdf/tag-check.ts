import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Checks that a PDF is a tagged, accessible document (PDF/UA-1 in intent, ADR 20) with the
 * Debian tools CI installs: `pdfinfo` (Tagged: yes, title), `pdffonts` (every font embedded),
 * `qpdf --json` (catalog entries, the structure tree, alternative text of every figure, marked
 * content in every page stream) and `pdftotext` (the text, in reading order). Used by the tests of
 * every PDF generator; returns the problems found (empty = passes) and what it saw.
 */

export interface TagReport {
  problems: string[];
  title: string | null;
  lang: string | null;
  /** Structure element types in tree order (depth first). */
  structure: string[];
  figures: { alt: string | null }[];
  pages: number;
  text: string;
}

type Json = Record<string, any>;

function withFile<T>(bytes: Uint8Array, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-tags-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A qpdf JSON v2 string value ("u:text" or "b:hex") as text. */
function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) {
    const hex = value.slice(2);
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return value;
}

function info(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** Content-stream operators outside any marked-content sequence that paint something. */
function unmarkedPainting(content: string): string[] {
  const found: string[] = [];
  let depth = 0;
  // pdf-lib writes one operator per line; strings may contain spaces but not newlines.
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const op = line.split(/\s+/).at(-1)!;
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC') depth--;
    else if (depth === 0 && ['Tj', 'TJ', "'", '"', 'Do', 'f', 'F', 'f*', 'S', 's', 'B', 'b'].includes(op))
      found.push(line.slice(0, 60));
  }
  if (depth !== 0) found.push(`unbalanced marked content (depth ${depth} at end of stream)`);
  return found;
}

export function checkTaggedPdf(bytes: Uint8Array): TagReport {
  return withFile(bytes, (file) => {
    const problems: string[] = [];
    const meta = info(file);
    if (meta.Tagged !== 'yes') problems.push(`pdfinfo: Tagged is "${meta.Tagged}", expected yes`);
    if (!meta.Title) problems.push('pdfinfo: no Title');

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    for (const row of fonts) {
      // name type encoding emb sub uni object ID — "emb" is the 4th column from the right end.
      const cols = row.trim().split(/\s+/);
      if (cols.at(-5) !== 'yes') problems.push(`font not embedded: ${cols[0]}`);
    }

    const json = JSON.parse(
      execFileSync(
        'qpdf',
        ['--json=2', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', file],
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      ),
    ) as { qpdf: [Json, Json] };
    const objects = json.qpdf[1];
    const get = (ref: unknown): Json | null => {
      if (typeof ref !== 'string' || !/^\d+ \d+ R$/.test(ref)) return null;
      const o = objects[`obj:${ref}`];
      return (o?.value ?? o?.stream?.dict ?? null) as Json | null;
    };
    const deref = (v: unknown): unknown => (typeof v === 'string' && / R$/.test(v) ? get(v) : v);
    const trailer = objects.trailer.value as Json;
    const catalog = get(trailer['/Root'])!;
    const lang = str(deref(catalog['/Lang']));
    if (!lang) problems.push('catalog: no /Lang');
    const markInfo = deref(catalog['/MarkInfo']) as Json | null;
    if (markInfo?.['/Marked'] !== true) problems.push('catalog: /MarkInfo /Marked is not true');
    const prefs = deref(catalog['/ViewerPreferences']) as Json | null;
    if (prefs?.['/DisplayDocTitle'] !== true)
      problems.push('catalog: /ViewerPreferences /DisplayDocTitle is not true');
    if (!catalog['/Metadata']) problems.push('catalog: no XMP /Metadata');
    const infoDict = get(trailer['/Info']);
    const title = str(deref(infoDict?.['/Title']));
    if (!title) problems.push('info: no /Title');

    const structure: string[] = [];
    const figures: { alt: string | null }[] = [];
    const treeRoot = get(catalog['/StructTreeRoot']);
    let marked = 0;
    if (!treeRoot) problems.push('catalog: no /StructTreeRoot');
    else {
      if (!treeRoot['/ParentTree']) problems.push('StructTreeRoot: no /ParentTree');
      const visit = (node: unknown, depth: number) => {
        if (depth > 64) return;
        if (Array.isArray(node)) {
          for (const k of node) visit(k, depth);
          return;
        }
        if (typeof node === 'number') {
          marked++;
          return;
        }
        const el = typeof node === 'string' ? get(node) : (node as Json | null);
        if (!el) return;
        if (el['/Type'] === '/MCR') {
          marked++;
          return;
        }
        const type = typeof el['/S'] === 'string' ? (el['/S'] as string).slice(1) : null;
        if (type) {
          structure.push(type);
          if (type === 'Figure') {
            const alt = str(deref(el['/Alt']));
            figures.push({ alt });
            if (!alt?.trim()) problems.push('Figure without /Alt');
          }
        }
        visit(el['/K'], depth + 1);
      };
      visit(treeRoot['/K'], 0);
      if (structure[0] !== 'Document')
        problems.push(`structure tree starts with ${structure[0] ?? 'nothing'}, not Document`);
      if (marked === 0) problems.push('structure tree owns no marked content');
    }

    const pages = Object.entries(objects)
      .map(([, o]) => (o as Json).value as Json | undefined)
      .filter((v): v is Json => v?.['/Type'] === '/Page');
    pages.forEach((page, i) => {
      if (page['/StructParents'] === undefined) problems.push(`page ${i + 1}: no /StructParents`);
      if (page['/Tabs'] !== '/S') problems.push(`page ${i + 1}: /Tabs is not /S`);
      const contents = Array.isArray(page['/Contents']) ? page['/Contents'] : [page['/Contents']];
      for (const ref of contents) {
        const stream = objects[`obj:${ref}`]?.stream;
        const data = stream?.data ? Buffer.from(stream.data as string, 'base64').toString('latin1') : '';
        for (const op of unmarkedPainting(data))
          problems.push(`page ${i + 1}: painted outside marked content: ${op}`);
      }
    });

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    return { problems, title, lang, structure, figures, pages: pages.length, text };
  });
}

/** True when every needle occurs in `text`, each after the one before. */
export function inReadingOrder(text: string, needles: string[]): boolean {
  const flat = text.replace(/\s+/g, ' ');
  let at = 0;
  for (const needle of needles) {
    const i = flat.indexOf(needle.replace(/\s+/g, ' '), at);
    if (i < 0) return false;
    at = i + needle.length;
  }
  return true;
}
