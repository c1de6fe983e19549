import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.js';
import type { Services } from '../services.js';

// Placeholder until legal redaction lands.
export const showRedaction = (_s: Services) => async (_req: FastifyRequest, _reply: FastifyReply) => {
  throw new NotFound();
};
export const redactArticle = showRedaction;
