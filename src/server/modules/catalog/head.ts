import type { FastifyRequest } from 'fastify';
import type { ServiceContent } from '../../../core/catalog/content';
import { describeRule, feeKind } from '../../../core/catalog/fee-text';
import type { Channel } from '../../../core/catalog/types';
import { sortByText } from '../../../core/collation';
import { addHeadProvider, escapeHtml, jsonForScript } from '../../http/web';
import { getPublishedService, type PublishedService } from './service';

const CHANNEL_NAMES: Record<Channel, string> = {
  town_hall: 'Bürgerbüro im Rathaus',
  mobile: 'Mobiles Bürgerbüro (Sprechtag im Ort)',
  home_visit: 'Hausbesuch',
  terminal: 'Bürgerterminal (Videoberatung)',
  online: 'Online',
  phone: 'Telefon (Auskunft)',
};

/** schema.org GovernmentService for a service page (DESIGN.md §7). */
export function governmentServiceJsonLd(
  service: PublishedService,
  pageUrl: string,
  areaServed: string[],
): Record<string, unknown> {
  const c: ServiceContent = service.content;
  const office = service.office;
  const provider = office
    ? {
        '@type': 'GovernmentOrganization',
        name: office.authorityName,
        address: {
          '@type': 'PostalAddress',
          streetAddress: office.street,
          postalCode: office.postalCode,
          addressLocality: office.city,
          addressCountry: 'DE',
        },
        ...(office.phone ? { telephone: office.phone } : {}),
        ...(office.email ? { email: office.email } : {}),
        ...(office.website ? { url: office.website } : {}),
      }
    : undefined;
  const kind = feeKind(c.fees);
  const offers =
    kind === 'free'
      ? { '@type': 'Offer', price: '0.00', priceCurrency: 'EUR', description: 'gebührenfrei' }
      : kind === 'charged'
        ? {
            '@type': 'Offer',
            priceCurrency: 'EUR',
            description: c.fees.rules.map((r) => describeRule(r, 'de')).join('; '),
            priceSpecification: c.fees.rules.flatMap((r) =>
              r.kind === 'by_age'
                ? r.bands.map((b) => ({
                    '@type': 'PriceSpecification',
                    price: (b.amountCents / 100).toFixed(2),
                    priceCurrency: 'EUR',
                    description:
                      b.minAge !== undefined ? `ab ${b.minAge} Jahren` : `unter ${b.maxAge ?? ''} Jahren`,
                  }))
                : [
                    {
                      '@type': 'PriceSpecification',
                      price: (r.amountCents / 100).toFixed(2),
                      priceCurrency: 'EUR',
                    },
                  ],
            ),
          }
        : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: c.name.de,
    alternateName: c.name.en,
    description: c.shortText.de,
    url: pageUrl,
    serviceType: c.name.de,
    ...(c.leikaKey
      ? { identifier: { '@type': 'PropertyValue', propertyID: 'LeiKa', value: c.leikaKey } }
      : {}),
    ...(provider ? { provider } : {}),
    areaServed: areaServed.map((name) => ({ '@type': 'AdministrativeArea', name })),
    availableChannel: c.channels.map((ch) => ({
      '@type': 'ServiceChannel',
      name: CHANNEL_NAMES[ch],
      availableLanguage: ['de'],
      ...(ch === 'phone' ? { servicePhone: { '@type': 'ContactPoint', telephone: '115' } } : {}),
      ...(ch === 'online' || ch === 'town_hall' || ch === 'mobile' ? { serviceUrl: pageUrl } : {}),
      ...(ch === 'town_hall' && office
        ? {
            serviceLocation: {
              '@type': 'Place',
              name: office.authorityName,
              address: `${office.street}, ${office.postalCode} ${office.city}`,
            },
          }
        : {}),
    })),
    ...(offers ? { offers } : {}),
  };
}

let registered = false;

/**
 * Gives /leistungen/<slug> its title, description and JSON-LD in the HTML the server sends, so
 * search engines and link previews see them without running the app. Registered once per process;
 * it reads through the app that serves the request.
 */
export function registerServiceHead(): void {
  if (registered) return;
  registered = true;
  addHeadProvider('/leistungen/', async (pathname: string, request: FastifyRequest) => {
    const m = /^\/leistungen\/([a-z0-9-]{2,80})\/?$/.exec(pathname);
    if (!m) return undefined;
    const db = request.server.db;
    let service: PublishedService;
    try {
      service = await getPublishedService(db, m[1]!);
    } catch {
      // No such published service: the app shows "not found", and the status says so too.
      return { status: 404 };
    }
    // The canonical address is on the service's authority's portal (ADR 27).
    const base = await request.server.authorities.portalUrl(
      service.authorityId,
      request.server.config.publicUrl,
    );
    const pageUrl = `${base}/leistungen/${service.content.slug}`;
    const areas = sortByText(
      (
        await db
          .selectFrom('municipalities')
          .select('name')
          .where('authority_id', '=', service.authorityId)
          .execute()
      ).map((r) => r.name),
      (name) => name,
    );
    const jsonLd = governmentServiceJsonLd(service, pageUrl, areas);
    return {
      title: `${service.content.name.de} – Bürgerkoffer`,
      head:
        `<meta name="description" content="${escapeHtml(service.content.shortText.de)}">` +
        `<link rel="canonical" href="${escapeHtml(pageUrl)}">` +
        `<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`,
    };
  });
}
