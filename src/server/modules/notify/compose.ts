import type { Locale } from '../../../core/locale';

/**
 * Mails are composed from a few blocks so that the plain-text and the HTML part always say the
 * same thing: a greeting, paragraphs, a list of facts (label: value), an optional button link and
 * a closing. Every value is escaped for HTML; nothing a citizen typed can inject markup.
 */
export interface MailBlocks {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  facts?: [label: string, value: string][];
  action?: { label: string; url: string };
  /** Paragraphs after the action (e.g. "If you cannot come …"). */
  after?: string[];
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const SIGNATURE: Record<Locale, string[]> = {
  de: [
    'Mit freundlichen Grüßen',
    'Ihr Bürgerbüro der Verwaltungsgemeinschaft Meerane–Schönberg',
    'Lörracher Platz 1, 08393 Meerane · Telefon 03764 54-0 · Behördennummer 115',
  ],
  en: [
    'Kind regards',
    'Your citizens\u2019 office of the administrative community Meerane–Schönberg',
    'Lörracher Platz 1, 08393 Meerane, Germany · phone +49 3764 54-0 · public service number 115',
  ],
};

const AUTOMATIC: Record<Locale, string> = {
  de: 'Diese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht auf diese E-Mail.',
  en: 'This message was created automatically. Please do not reply to this email.',
};

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function composeMail(locale: Locale, blocks: MailBlocks): MailContent {
  const text: string[] = [];
  if (blocks.greeting) text.push(blocks.greeting, '');
  for (const p of blocks.paragraphs) text.push(p, '');
  if (blocks.facts?.length) {
    const width = Math.max(...blocks.facts.map(([l]) => l.length)) + 1;
    for (const [label, value] of blocks.facts) text.push(`${`${label}:`.padEnd(width + 1)}${value}`);
    text.push('');
  }
  if (blocks.action) text.push(`${blocks.action.label}:`, blocks.action.url, '');
  for (const p of blocks.after ?? []) text.push(p, '');
  text.push(...SIGNATURE[locale], '', '--', AUTOMATIC[locale]);

  const h: string[] = [];
  h.push(
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(blocks.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f7f7f9;font-family:Fira Sans,Arial,sans-serif;color:#171a2b;font-size:16px;line-height:1.5">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px;border:1px solid #d1d5e0">',
    `<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(blocks.subject)}</h1>`,
  );
  if (blocks.greeting) h.push(`<p>${escapeHtml(blocks.greeting)}</p>`);
  for (const p of blocks.paragraphs) h.push(`<p>${escapeHtml(p)}</p>`);
  if (blocks.facts?.length) {
    h.push('<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">');
    for (const [label, value] of blocks.facts) {
      h.push(
        `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
      );
    }
    h.push('</table>');
  }
  if (blocks.action) {
    h.push(
      `<p><a href="${escapeHtml(blocks.action.url)}" style="display:inline-block;background:#0a2e7d;color:#ffffff;padding:12px 20px;text-decoration:none;font-weight:bold">${escapeHtml(blocks.action.label)}</a></p>`,
      `<p style="font-size:14px;word-break:break-all">${escapeHtml(blocks.action.url)}</p>`,
    );
  }
  for (const p of blocks.after ?? []) h.push(`<p>${escapeHtml(p)}</p>`);
  h.push(`<p>${SIGNATURE[locale].map(escapeHtml).join('<br>')}</p>`);
  h.push(`<p style="font-size:13px;color:#4b5066">${escapeHtml(AUTOMATIC[locale])}</p>`);
  h.push('</div></body></html>');
  return { subject: blocks.subject, text: text.join('\n'), html: h.join('\n') };
}
