import type { Role } from '../db/schema.ts';

/**
 * Who may do what. The table in docs/accounts.md is generated from this one
 * (keep them in step); every admin route names the capability it needs.
 */
export const CAPABILITIES = {
  view_admin: 'use the newsroom at /admin',
  write: 'write drafts and submit them for review',
  publish: 'publish, schedule and correct their own articles',
  edit_others: 'edit, publish and send back anyone’s articles',
  upload_media: 'upload images to the media library and edit their captions',
  manage_media: 'delete unused images',
  curate: 'manage sections, tags, pages and the front page',
  run_polls: 'create and run reader polls',
  moderate: 'moderate reader comments',
  manage_staff: 'invite staff, change roles, send reset links, suspend and remove accounts, hand over ownership',
  manage_settings: 'change the site’s settings',
  redact: 'make a legal redaction of published text',
} as const;

export type Capability = keyof typeof CAPABILITIES;

export const STAFF_ROLES = ['owner', 'editor', 'author', 'contributor', 'moderator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  owner: Object.keys(CAPABILITIES) as Capability[],
  editor: ['view_admin', 'write', 'publish', 'edit_others', 'upload_media', 'manage_media', 'curate', 'run_polls', 'moderate'],
  author: ['view_admin', 'write', 'publish', 'upload_media'],
  contributor: ['view_admin', 'write'],
  moderator: ['view_admin', 'moderate'],
  // Readers share the sign-in mechanism but never hold a newsroom capability.
  reader: [],
};

export function can(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

