import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { KitScopedRouteOptions } from './routes';

/** Prepare the day: what a kit loads while online (office day, catalogue, register subset). */
export const kitDayRoutes: FastifyPluginAsyncTypebox<KitScopedRouteOptions> = async () => {};
