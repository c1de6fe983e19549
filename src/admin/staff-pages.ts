import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.js';
import type { Services } from '../services.js';

// Placeholder until staff management lands.
const notYet = (_s: Services) => async (_req: FastifyRequest, _reply: FastifyReply) => {
  throw new NotFound();
};
export const listStaff = notYet;
export const inviteStaff = notYet;
export const changeRole = notYet;
export const removeStaff = notYet;
export const showAcceptInvite = notYet;
export const acceptInvite = notYet;
