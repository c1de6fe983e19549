/** The public moderation log (/moderation): every new entry forgets it. */
export const MODERATION_LOG = 'moderation-log';
