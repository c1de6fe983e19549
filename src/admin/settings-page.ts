import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.js';
import type { Services } from '../services.js';

// Placeholder until the settings page lands.
export function showSettings(_s: Services) {
  return async (_req: FastifyRequest, _reply: FastifyReply) => {
    throw new NotFound();
  };
}
export const saveSettings = showSettings;
