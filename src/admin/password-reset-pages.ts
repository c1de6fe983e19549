import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.js';
import type { Services } from '../services.js';

// Placeholder until password reset lands.
const notYet = (_s: Services) => async (_req: FastifyRequest, _reply: FastifyReply) => {
  throw new NotFound();
};
export const showResetRequest = notYet;
export const requestReset = notYet;
export const showResetForm = notYet;
export const resetPassword = notYet;
