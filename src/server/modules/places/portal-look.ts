import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { DirectoryEntry } from './directory';

/**
 * An authority's look on its portal (#12, ADR 27): its primary colour as KERN's action colour and
 * its logo in the header. Both were checked at onboarding (contrast ≥ 4.5:1 on white; a real PNG
 * or an SVG without anything that runs) — and are checked again here on the way out, so that a
 * value written to the database past the application can neither inject CSS nor reach a file
 * outside the authority's branding folder.
 */
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const LOGO_FILE = /^[0-9a-f]{64}\.(png|svg)$/;

export function safeColour(entry: Pick<DirectoryEntry, 'branding'> | undefined): string | null {
  const colour = entry?.branding?.primaryColour;
  return typeof colour === 'string' && COLOUR.test(colour) ? colour.toLowerCase() : null;
}

export function safeLogoFile(entry: Pick<DirectoryEntry, 'branding'> | undefined): string | null {
  const file = entry?.branding?.logo;
  return typeof file === 'string' && LOGO_FILE.test(file) ? file : null;
}

/**
 * The style sheet of a portal's colour: KERN's action colour in the light scheme (the colour was
 * checked against white; the dark scheme keeps KERN's own), and the header's accent line.
 */
export function brandingCss(colour: string): string {
  return [
    "/* The authority's colour (Bürgerkoffer, #12). */",
    '@media (prefers-color-scheme: light) {',
    `  :root { --kern-color-action-default: ${colour}; --bk-brand-colour: ${colour}; }`,
    '}',
    `.bk-header { border-top: 4px solid var(--bk-brand-colour, ${colour}); }`,
    '',
  ].join('\n');
}

/** Where an authority's logo is kept (beside the attachments, so backups take it along). */
export function brandingDir(dataDir: string, authorityId: string): string {
  return path.join(dataDir, 'branding', authorityId);
}

/** The portal's directory entry of a request (slug, host or the default portal), if any. */
export async function requestPortalEntry(request: FastifyRequest): Promise<DirectoryEntry | undefined> {
  const portal = request.portal;
  if (!portal) return undefined;
  const directory = request.server.authorities as typeof request.server.authorities | undefined;
  return directory ? directory.byId(portal.id) : undefined;
}

/** The logo's bytes and media type, or undefined when there is none (or the name is not one we write). */
export async function readLogo(
  brandingDir: string,
  entry: DirectoryEntry | undefined,
): Promise<{ bytes: Buffer; mediaType: 'image/png' | 'image/svg+xml' } | undefined> {
  const file = safeLogoFile(entry);
  if (!file) return undefined;
  try {
    const bytes = await fs.readFile(path.join(brandingDir, file));
    return { bytes, mediaType: file.endsWith('.png') ? 'image/png' : 'image/svg+xml' };
  } catch {
    return undefined;
  }
}
