import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.js';
import type { Services } from '../services.js';

// Placeholder until the media library pages land.
const notYet = (_s: Services) => async (_req: FastifyRequest, _reply: FastifyReply) => {
  throw new NotFound();
};
export const mediaLibrary = notYet;
export const uploadMedia = notYet;
export const editMedia = notYet;
export const saveMedia = notYet;
export const deleteMediaItem = notYet;
