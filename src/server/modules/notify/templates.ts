import type { Locale } from '../../../core/locale';
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
