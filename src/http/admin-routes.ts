import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Capability, can } from '../accounts/capabilities.ts';
import { findSession, type SessionUser } from '../accounts/sessions.ts';
import { articleList } from '../admin/article-list.ts';
import { editArticle, newArticle, saveArticle } from '../admin/article-editor.ts';
import { previewArticle } from '../admin/preview.ts';
import { dashboard } from '../admin/dashboard.ts';
import { deleteMediaItem, editMedia, mediaLibrary, saveMedia, uploadMedia } from '../admin/media-pages.ts';
import { requestReset, resetPassword, showResetForm, showResetRequest } from '../admin/password-reset-pages.ts';
import { redactArticle, showRedaction } from '../admin/redaction.ts';
import { saveSettings, showSettings } from '../admin/settings-page.ts';
import { acceptInvite, changeRole, inviteStaff, listStaff, removeStaff, showAcceptInvite } from '../admin/staff-pages.ts';
import { doLogin, doLogout, doSignOutEverywhere, showLogin } from '../admin/login-pages.ts';
import type { Services } from '../services.ts';
import { Forbidden, Redirect, SignedOut } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** Every /admin route names what it needs: a capability, or "public" (sign-in pages). */
    capability?: Capability | 'public';
  }
}

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface AdminRoute {
  method: 'GET' | 'POST';
  url: string;
  capability: Capability | 'public';
  handler: Handler;
  /**
   * A multipart upload's token is its first field, which only the handler's
   * stream reader sees; that handler checks it before reading any file. Every
   * other POST is checked here, and a multipart body sent to one of them
   * carries no token the check can see, so it is refused.
   */
  csrfInHandler?: true;
}

/** Every newsroom page, in one table, each with the capability it requires. */
export function adminRouteTable(s: Services): AdminRoute[] {
  return [
    { method: 'GET', url: '/admin/login', capability: 'public', handler: showLogin(s) },
    { method: 'POST', url: '/admin/login', capability: 'public', handler: doLogin(s) },
    { method: 'POST', url: '/admin/logout', capability: 'public', handler: doLogout(s) },
    { method: 'POST', url: '/admin/sign-out-everywhere', capability: 'view_admin', handler: doSignOutEverywhere(s) },
    { method: 'GET', url: '/admin', capability: 'view_admin', handler: dashboard(s) },
    { method: 'GET', url: '/admin/articles', capability: 'view_admin', handler: articleList(s) },
    { method: 'GET', url: '/admin/articles/new', capability: 'write', handler: newArticle(s) },
    { method: 'POST', url: '/admin/articles', capability: 'write', handler: saveArticle(s) },
    { method: 'GET', url: '/admin/articles/:id/edit', capability: 'write', handler: editArticle(s) },
    { method: 'POST', url: '/admin/articles/:id', capability: 'write', handler: saveArticle(s) },
    { method: 'POST', url: '/admin/preview', capability: 'write', handler: previewArticle(s) },
    { method: 'GET', url: '/admin/articles/:id/redact', capability: 'redact', handler: showRedaction(s) },
    { method: 'POST', url: '/admin/articles/:id/redact', capability: 'redact', handler: redactArticle(s) },

    { method: 'GET', url: '/admin/media', capability: 'upload_media', handler: mediaLibrary(s) },
    { method: 'POST', url: '/admin/media', capability: 'upload_media', handler: uploadMedia(s), csrfInHandler: true },
    { method: 'GET', url: '/admin/media/:id', capability: 'upload_media', handler: editMedia(s) },
    { method: 'POST', url: '/admin/media/:id', capability: 'upload_media', handler: saveMedia(s) },
    { method: 'POST', url: '/admin/media/:id/delete', capability: 'manage_media', handler: deleteMediaItem(s) },

    { method: 'GET', url: '/admin/staff', capability: 'manage_staff', handler: listStaff(s) },
    { method: 'POST', url: '/admin/staff/invite', capability: 'manage_staff', handler: inviteStaff(s) },
    { method: 'POST', url: '/admin/staff/:id/role', capability: 'manage_staff', handler: changeRole(s) },
    { method: 'POST', url: '/admin/staff/:id/remove', capability: 'manage_staff', handler: removeStaff(s) },
    { method: 'GET', url: '/admin/invitation/:token', capability: 'public', handler: showAcceptInvite(s) },
    { method: 'POST', url: '/admin/invitation/:token', capability: 'public', handler: acceptInvite(s) },
    { method: 'GET', url: '/admin/reset', capability: 'public', handler: showResetRequest(s) },
    { method: 'POST', url: '/admin/reset', capability: 'public', handler: requestReset(s) },
    { method: 'GET', url: '/admin/reset/:token', capability: 'public', handler: showResetForm(s) },
    { method: 'POST', url: '/admin/reset/:token', capability: 'public', handler: resetPassword(s) },

    { method: 'GET', url: '/admin/settings', capability: 'manage_settings', handler: showSettings(s) },
    { method: 'POST', url: '/admin/settings', capability: 'manage_settings', handler: saveSettings(s) },
  ];
}

export function adminRoutes(app: FastifyInstance, s: Services): void {
  app.decorateRequest('user', null);
  // Refuse to start with a newsroom route that does not say who may use it.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/admin') && !route.config?.capability) {
      throw new Error(`admin route ${route.method} ${route.url} has no capability`);
    }
  });
  for (const r of adminRouteTable(s)) {
    app.route({
      method: r.method,
      url: r.url,
      config: { capability: r.capability },
      preHandler: guard(s, r.capability, r.csrfInHandler === true),
      handler: async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return r.handler(req, reply);
      },
    });
  }
}

/** Who is asking, may they, and did the form come from us. */
function guard(s: Services, capability: Capability | 'public', csrfInHandler: boolean) {
  return async (req: FastifyRequest) => {
    const token = s.cookies.readSession(req);
    req.user = token ? await findSession(s.db, token) : null;
    if (req.method === 'POST' && !csrfInHandler) s.forms.check(req);
    if (capability === 'public') return;
    if (!req.user) {
      if (req.method === 'GET') throw new Redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
      throw new SignedOut();
    }
    if (!can(req.user.role, capability)) throw new Forbidden();
  };
}
