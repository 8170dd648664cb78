/**
 * One entry of the error registry: HTTP status and the message in German and English.
 * Messages may name parameters in braces ({field}); AppError fills them from its params.
 * German is written for the person in front of the screen — a citizen or a clerk — not for a developer.
 */
export interface ErrorDefinition {
  status: number;
  de: string;
  en: string;
}

export type ErrorDefinitions = Record<string, ErrorDefinition>;
