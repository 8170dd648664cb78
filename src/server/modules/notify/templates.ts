import type { Locale } from '../../../core/locale';
import type { Executor } from '../../db/database';
import { composeMail, type MailBlocks, type MailContent } from './compose';

/**
 * The mail templates by name. A module defines its templates once (at import) with
 * `defineMailTemplate(name, render)`; `queueMail` renders them by name in German or English.
 * `render` returns the blocks of the mail (see compose.ts) for the locale.
 */
export type TemplateRender<D> = (data: D, locale: Locale) => MailBlocks;

const templates = new Map<string, TemplateRender<any>>();

export function defineMailTemplate<D>(name: string, render: TemplateRender<D>): string {
  templates.set(name, render);
  return name;
}

/**
 * For messages stored with their data only (queued by a function in the database, ADR 14): turns
 * the stored data into the template's data and its attachments when the send job renders them
 * (e.g. an appointment's place and services by id, and its calendar file).
 */
export type MailPreparer<S> = (
  db: Executor,
  stored: S,
) => Promise<{
  data: unknown;
  attachments?: { filename: string; contentType: string; content: string | Uint8Array }[];
}>;

const preparers = new Map<string, MailPreparer<any>>();

export function defineMailPreparer<S>(name: string, prepare: MailPreparer<S>): void {
  preparers.set(name, prepare);
}

export function mailPreparer(name: string): MailPreparer<unknown> | undefined {
  return preparers.get(name);
}

export function hasMailTemplate(name: string): boolean {
  return templates.has(name);
}

export function renderMail(name: string, locale: Locale, data: unknown): MailContent {
  const render = templates.get(name);
  if (!render) throw new Error(`unknown mail template: ${name}`);
  return composeMail(locale, render(data, locale));
}

/**
 * A general-purpose template for notices without a template of their own:
 * data = { subject, paragraphs, facts?, action? } in the recipient's language.
 */
export const GENERIC_TEMPLATE = defineMailTemplate<MailBlocks>('generic', (data) => data);
