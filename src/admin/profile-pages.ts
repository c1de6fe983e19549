import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../accounts/capabilities.ts';
import {
  changeOwnPassword, checkOwnPassword, checkProfile, endOtherSessions, findProfile, otherSessionCount, type Profile, type ProfileForm, saveProfile, setPortrait,
} from '../accounts/profiles.ts';
import { THROTTLE } from '../accounts/throttle.ts';
import { NotFound } from '../http/errors.ts';
import { pageParam, parseQuery } from '../http/query.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import { type LibraryItem, listLibrary, mediaById } from '../media/library-store.ts';
import { toMediaInfo } from '../media/picture.ts';
import type { Services } from '../services.ts';
import { type FieldErrors, newPasswordErrors, sendPage } from './account-forms.ts';
import { adminContext } from './admin-context.ts';
import { bylineDeps } from './profile-deps.ts';
import { type ProfilePageData, profileMain } from './profile-view.ts';

/**
 * /admin/profile: every member of staff edits their own profile here. There is
 * no id in any of these addresses: each handler acts on the person signed in.
 */

const PORTRAITS_PER_PAGE = 24;
const text = z.string().catch('');
const profileForm = z.object({ name: text, bio: text, website: text, mastodon: text, bluesky: text, x: text, email: text });
const passwordForm = z.object({ current_password: text, password: text, password_again: text });
const portraitForm = z.object({ portrait: text });

const DONE: Record<string, string> = {
  profile: 'Your profile is saved. Readers see the change now.',
  portrait: 'Your portrait is saved.',
  password: 'Your password is changed. You are still signed in here; everywhere else you have been signed out.',
  others: 'You have been signed out everywhere else.',
  transferred: 'You have handed over ownership of the site. You are an editor now.',
  unchanged: 'Nothing changed.',
};

type PageState = Partial<Omit<ProfilePageData, 'profile' | 'library' | 'mayUpload' | 'otherSessions'>> & { page?: number };

async function profilePage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, st: PageState) {
  const a = adminContext(s, req, reply);
  const profile = await findProfile(s.db, a.user.id);
  if (!profile) throw new NotFound();
  const [library, otherSessions] = await Promise.all([
    // Those who write choose from the library their articles draw on; it is not shown to the other roles.
    can(a.user.role, 'write') ? portraitChoices(s, profile, st.page ?? 1) : null,
    otherSessionCount(s.db, a.user.id, s.cookies.readSession(req) ?? ''),
  ]);
  const data: ProfilePageData = {
    profile, library, otherSessions, mayUpload: can(a.user.role, 'upload_media'),
    values: st.values ?? formValues(profile), errors: st.errors ?? {}, passwordErrors: st.passwordErrors ?? {},
    portraitError: st.portraitError, message: st.message, error: st.error,
  };
  return sendPage(s, reply, a, status, 'Your profile', profileMain(a, data));
}

function formValues(p: Profile): ProfileForm {
  return { name: p.name, bio: p.bio, website: p.links.website ?? '', mastodon: p.links.mastodon ?? '', bluesky: p.links.bluesky ?? '', x: p.links.x ?? '', email: p.links.email ?? '' };
}

async function portraitChoices(s: Services, profile: Profile, n: number): Promise<NonNullable<ProfilePageData['library']>> {
  const page = pageOf(n, PORTRAITS_PER_PAGE);
  const [{ items, total }, current] = await Promise.all([
    listLibrary(s.db, page, false),
    profile.portraitId ? mediaById(s.db.kysely, profile.portraitId) : undefined,
  ]);
  return { items, pages: paginate(page, total), current: current ? asLibraryItem(current) : null };
}

function asLibraryItem(m: NonNullable<Awaited<ReturnType<typeof mediaById>>>): LibraryItem {
  const stills = toMediaInfo(m).variants.filter((v) => v.format !== 'webp');
  const thumb = stills.reduce<LibraryItem['thumb']>((min, v) => (!min || v.width < min.width ? v : min), null);
  return { id: m.id, slug: m.slug, width: m.width, height: m.height, alt: m.alt, caption: m.caption, credit: m.credit, thumb, created_at: m.created_at };
}

export function showProfile(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const q = parseQuery({ page: pageParam, done: z.string().optional() }, req.query);
    return profilePage(s, req, reply, 200, { page: q.page, message: q.done ? DONE[q.done] : undefined });
  };
}

export function saveOwnProfile(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = profileForm.parse(req.body ?? {});
    const checked = checkProfile(form);
    if (!checked.ok) {
      return profilePage(s, req, reply, 422, { values: form, errors: checked.problems, error: 'Your profile was not saved; see below.' });
    }
    const userId = req.user!.id;
    if (!(await saveProfile(s.db, userId, checked))) return reply.redirect('/admin/profile?done=unchanged', 303);
    await s.changes.changed(await bylineDeps(s.db, userId));
    return reply.redirect('/admin/profile?done=profile', 303);
  };
}

export function saveOwnPortrait(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { portrait } = portraitForm.parse(req.body ?? {});
    const id = portrait === 'none' ? null : /^[1-9]\d{0,9}$/.test(portrait) ? Number(portrait) : undefined;
    if (id === undefined) return profilePage(s, req, reply, 422, { portraitError: 'Choose a picture from the list, or “No portrait”.' });
    const result = await setPortrait(s.db, req.user!.id, id);
    if (result === 'no_such_image') {
      return profilePage(s, req, reply, 422, { portraitError: 'That picture is no longer in the library. Choose another.' });
    }
    if (result === 'changed') await s.changes.changed(await bylineDeps(s.db, req.user!.id));
    return reply.redirect(`/admin/profile?done=${result === 'changed' ? 'portrait' : 'unchanged'}`, 303);
  };
}

export function changePassword(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = passwordForm.parse(req.body ?? {});
    const user = req.user!;
    const errors: FieldErrors = form.current_password ? newPasswordErrors(form.password, form.password_again, [user.email ?? '', user.name]) : { current_password: 'Give your current password.' };
    if (Object.values(errors).some(Boolean)) return profilePage(s, req, reply, 422, { passwordErrors: errors, error: 'Your password was not changed; see below.' });
    const check = await checkOwnPassword(s.db, s.secret, user.id, form.current_password);
    if (check !== 'ok') {
      const current = check === 'throttled'
        ? `Too many wrong passwords. Wait ${THROTTLE.windowMinutes} minutes and try again.`
        : 'That is not your current password.';
      return profilePage(s, req, reply, check === 'throttled' ? 429 : 422, { passwordErrors: { current_password: current }, error: 'Your password was not changed; see below.' });
    }
    await changeOwnPassword(s.db, user.id, form.password, s.cookies.readSession(req) ?? '');
    return reply.redirect('/admin/profile?done=password', 303);
  };
}

export function signOutOthers(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    await endOtherSessions(s.db, req.user!.id, s.cookies.readSession(req) ?? '');
    return reply.redirect('/admin/profile?done=others', 303);
  };
}
