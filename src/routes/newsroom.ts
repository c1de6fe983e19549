import type { Capability } from '../accounts/capabilities.ts';
import { binArticle, deleteArticle, restoreArticle } from '../admin/article-bin-pages.ts';
import { articleList } from '../admin/article-list.ts';
import { editArticle, newArticle, saveArticle } from '../admin/article-editor.ts';
import { dashboard } from '../admin/dashboard.ts';
import { addPin, changePin, showFrontPage } from '../admin/front-page-pages.ts';
import { doLogin, doLogout, doSignOutEverywhere, showLogin } from '../admin/login-pages.ts';
import { deleteMediaItem, editMedia, mediaLibrary, saveMedia, uploadMedia } from '../admin/media-pages.ts';
import { requestReset, resetPassword, showResetForm, showResetRequest } from '../admin/password-reset-pages.ts';
import { previewArticle } from '../admin/preview.ts';
import { pickerJson, pickerPage, pickerUpload } from '../admin/media-picker.ts';
import { writingGuide } from '../admin/writing-guide.ts';
import { deletePage, editPage, newPage, previewPage, savePage } from '../admin/page-editor.ts';
import { pageList } from '../admin/page-list.ts';
import { approveComment, banAuthor, decideAppeal, liftBan, removeComment, showAppeals, showBans, showComment, showQueue } from '../admin/moderation-pages.ts';
import { saveReasons, showReasons } from '../admin/moderation-reasons.ts';
import { exportBoard, exportResults } from '../admin/poll-exports.ts';
import { archivePoll, closePoll, createPoll, editPoll, listPolls, newPoll, placeInArticle, placeInSidebar, savePoll } from '../admin/poll-pages.ts';
import { redactArticle, showRedaction } from '../admin/redaction.ts';
import { saveSettings, showSettings } from '../admin/settings-page.ts';
import { acceptInvite, changeRole, inviteStaff, listStaff, removeStaff, showAcceptInvite } from '../admin/staff-pages.ts';
import { reinstateMember, sendResetLink, suspendMember, transferOwner } from '../admin/staff-actions.ts';
import { changePassword, saveOwnPortrait, saveOwnProfile, showProfile, signOutOthers } from '../admin/profile-pages.ts';
import { removeDemoContent, saveSetup, showDemoRemoval, showSetup } from '../admin/setup-pages.ts';
import { importStatus, showImport, startImport } from '../admin/import-pages.ts';
import { createSection, deleteSection, editSection, listSections, moveSection, saveSection } from '../admin/taxonomy-pages.ts';
import { deleteTag, listTags, mergeTag, renameTag } from '../admin/tag-pages.ts';
import type { Services } from '../services.ts';
import type { RouteRow } from './mount.ts';

/** A newsroom row needs a capability, or is one of the pages for signing in (`anyone`). No row is for readers. */
export type NewsroomRow = RouteRow<'anyone' | { capability: Capability }> & { capability: Capability | 'public' };

const needs = (capability: Capability) => ({ who: { capability }, capability });
const open = { who: 'anyone', capability: 'public' } as const;

/** Every newsroom page, in one table, each with the capability it requires. */
export function newsroomRoutes(s: Services): NewsroomRow[] {
  return [
    { method: 'GET', url: '/admin/login', ...open, handler: showLogin(s) },
    { method: 'POST', url: '/admin/login', ...open, handler: doLogin(s) },
    { method: 'POST', url: '/admin/logout', ...open, handler: doLogout(s) },
    { method: 'POST', url: '/admin/sign-out-everywhere', ...needs('view_admin'), handler: doSignOutEverywhere(s) },
    { method: 'GET', url: '/admin', ...needs('view_admin'), handler: dashboard(s) },
    { method: 'GET', url: '/admin/articles', ...needs('view_admin'), handler: articleList(s) },
    { method: 'GET', url: '/admin/articles/new', ...needs('write'), handler: newArticle(s) },
    { method: 'POST', url: '/admin/articles', ...needs('write'), handler: saveArticle(s) },
    { method: 'GET', url: '/admin/articles/:id/edit', ...needs('write'), handler: editArticle(s) },
    { method: 'POST', url: '/admin/articles/:id', ...needs('write'), handler: saveArticle(s) },
    { method: 'POST', url: '/admin/preview', ...needs('write'), handler: previewArticle(s) },
    { method: 'GET', url: '/admin/guide', ...needs('view_admin'), handler: writingGuide(s) },
    // The editor's picture picker: pictures to choose (JSON for the script, a page without it), and an upload that answers JSON.
    { method: 'GET', url: '/admin/media/picker', ...needs('write'), handler: pickerPage(s) },
    { method: 'GET', url: '/admin/media/picker.json', ...needs('write'), handler: pickerJson(s) },
    { method: 'POST', url: '/admin/media/picker/upload', ...needs('upload_media'), form: 'in-handler', handler: pickerUpload(s) },
    // Each asks for confirmation first (the same POST without confirm=yes), except restoring, which undoes a bin.
    { method: 'POST', url: '/admin/articles/:id/delete', ...needs('write'), handler: deleteArticle(s) },
    { method: 'POST', url: '/admin/articles/:id/bin', ...needs('publish'), handler: binArticle(s) },
    { method: 'POST', url: '/admin/articles/:id/restore', ...needs('publish'), handler: restoreArticle(s) },
    { method: 'GET', url: '/admin/articles/:id/redact', ...needs('redact'), handler: showRedaction(s) },
    { method: 'POST', url: '/admin/articles/:id/redact', ...needs('redact'), handler: redactArticle(s) },

    { method: 'GET', url: '/admin/media', ...needs('upload_media'), handler: mediaLibrary(s) },
    // An upload's form token is its first multipart field, read by the handler before any file.
    { method: 'POST', url: '/admin/media', ...needs('upload_media'), form: 'in-handler', handler: uploadMedia(s) },
    { method: 'GET', url: '/admin/media/:id', ...needs('upload_media'), handler: editMedia(s) },
    { method: 'POST', url: '/admin/media/:id', ...needs('upload_media'), handler: saveMedia(s) },
    { method: 'POST', url: '/admin/media/:id/delete', ...needs('manage_media'), handler: deleteMediaItem(s) },

    { method: 'GET', url: '/admin/staff', ...needs('manage_staff'), handler: listStaff(s) },
    { method: 'POST', url: '/admin/staff/invite', ...needs('manage_staff'), handler: inviteStaff(s) },
    { method: 'POST', url: '/admin/staff/:id/role', ...needs('manage_staff'), handler: changeRole(s) },
    { method: 'POST', url: '/admin/staff/:id/remove', ...needs('manage_staff'), handler: removeStaff(s) },
    { method: 'POST', url: '/admin/staff/:id/reset', ...needs('manage_staff'), handler: sendResetLink(s) },
    { method: 'POST', url: '/admin/staff/:id/suspend', ...needs('manage_staff'), handler: suspendMember(s) },
    { method: 'POST', url: '/admin/staff/:id/reinstate', ...needs('manage_staff'), handler: reinstateMember(s) },
    { method: 'POST', url: '/admin/staff/transfer', ...needs('manage_staff'), handler: transferOwner(s) },
    // Each person's own profile: no id in the address, so nobody can name someone else's.
    { method: 'GET', url: '/admin/profile', ...needs('view_admin'), handler: showProfile(s) },
    { method: 'POST', url: '/admin/profile', ...needs('view_admin'), handler: saveOwnProfile(s) },
    // Portraits come from the media library, which writers see (it is what their articles draw on).
    { method: 'POST', url: '/admin/profile/portrait', ...needs('write'), handler: saveOwnPortrait(s) },
    { method: 'POST', url: '/admin/profile/password', ...needs('view_admin'), handler: changePassword(s) },
    { method: 'POST', url: '/admin/profile/sign-out-others', ...needs('view_admin'), handler: signOutOthers(s) },
    { method: 'GET', url: '/admin/invitation/:token', ...open, handler: showAcceptInvite(s) },
    { method: 'POST', url: '/admin/invitation/:token', ...open, handler: acceptInvite(s) },
    { method: 'GET', url: '/admin/reset', ...open, handler: showResetRequest(s) },
    { method: 'POST', url: '/admin/reset', ...open, handler: requestReset(s) },
    { method: 'GET', url: '/admin/reset/:token', ...open, handler: showResetForm(s) },
    { method: 'POST', url: '/admin/reset/:token', ...open, handler: resetPassword(s) },

    { method: 'GET', url: '/admin/settings', ...needs('manage_settings'), handler: showSettings(s) },
    { method: 'POST', url: '/admin/settings', ...needs('manage_settings'), handler: saveSettings(s) },
    { method: 'GET', url: '/admin/setup', ...needs('manage_settings'), handler: showSetup(s) },
    { method: 'POST', url: '/admin/setup', ...needs('manage_settings'), handler: saveSetup(s) },
    { method: 'GET', url: '/admin/demo', ...needs('manage_settings'), handler: showDemoRemoval(s) },
    { method: 'POST', url: '/admin/demo/remove', ...needs('manage_settings'), handler: removeDemoContent(s) },
    // Moving in from WordPress: the export's upload (its form token is the first multipart field) starts a background job.
    { method: 'GET', url: '/admin/import', ...needs('manage_settings'), handler: showImport(s) },
    { method: 'POST', url: '/admin/import', ...needs('manage_settings'), form: 'in-handler', handler: startImport(s) },
    { method: 'GET', url: '/admin/import/status', ...needs('manage_settings'), handler: importStatus(s) },

    { method: 'GET', url: '/admin/front-page', ...needs('curate'), handler: showFrontPage(s) },
    { method: 'POST', url: '/admin/front-page/pins', ...needs('curate'), handler: addPin(s) },
    { method: 'POST', url: '/admin/front-page/pins/:id', ...needs('curate'), handler: changePin(s) },
    { method: 'GET', url: '/admin/sections', ...needs('curate'), handler: listSections(s) },
    { method: 'POST', url: '/admin/sections', ...needs('curate'), handler: createSection(s) },
    { method: 'GET', url: '/admin/sections/:id', ...needs('curate'), handler: editSection(s) },
    { method: 'POST', url: '/admin/sections/:id', ...needs('curate'), handler: saveSection(s) },
    { method: 'POST', url: '/admin/sections/:id/move', ...needs('curate'), handler: moveSection(s) },
    { method: 'POST', url: '/admin/sections/:id/delete', ...needs('curate'), handler: deleteSection(s) },
    { method: 'GET', url: '/admin/tags', ...needs('curate'), handler: listTags(s) },
    { method: 'POST', url: '/admin/tags/:id/rename', ...needs('curate'), handler: renameTag(s) },
    { method: 'POST', url: '/admin/tags/:id/merge', ...needs('curate'), handler: mergeTag(s) },
    { method: 'POST', url: '/admin/tags/:id/delete', ...needs('curate'), handler: deleteTag(s) },

    { method: 'GET', url: '/admin/pages', ...needs('curate'), handler: pageList(s) },
    { method: 'GET', url: '/admin/pages/new', ...needs('curate'), handler: newPage(s) },
    { method: 'POST', url: '/admin/pages', ...needs('curate'), handler: savePage(s) },
    { method: 'POST', url: '/admin/pages/preview', ...needs('curate'), handler: previewPage(s) },
    { method: 'GET', url: '/admin/pages/:id/edit', ...needs('curate'), handler: editPage(s) },
    { method: 'POST', url: '/admin/pages/:id', ...needs('curate'), handler: savePage(s) },
    { method: 'POST', url: '/admin/pages/:id/delete', ...needs('curate'), handler: deletePage(s) },

    // Reader polls. Closing asks first (the same POST without confirm=yes); the board downloads work before it is public.
    { method: 'GET', url: '/admin/polls', ...needs('run_polls'), handler: listPolls(s) },
    { method: 'GET', url: '/admin/polls/new', ...needs('run_polls'), handler: newPoll(s) },
    { method: 'POST', url: '/admin/polls', ...needs('run_polls'), handler: createPoll(s) },
    { method: 'GET', url: '/admin/polls/:id', ...needs('run_polls'), handler: editPoll(s) },
    { method: 'POST', url: '/admin/polls/:id', ...needs('run_polls'), handler: savePoll(s) },
    { method: 'POST', url: '/admin/polls/:id/close', ...needs('run_polls'), handler: closePoll(s) },
    { method: 'POST', url: '/admin/polls/:id/archive', ...needs('run_polls'), handler: archivePoll(s) },
    { method: 'POST', url: '/admin/polls/:id/sidebar', ...needs('run_polls'), handler: placeInSidebar(s) },
    { method: 'POST', url: '/admin/polls/:id/article', ...needs('run_polls'), handler: placeInArticle(s) },
    { method: 'GET', url: '/admin/polls/:id/results.csv', ...needs('run_polls'), handler: exportResults(s) },
    { method: 'GET', url: '/admin/polls/:id/board.json', ...needs('run_polls'), handler: exportBoard(s, 'json') },
    { method: 'GET', url: '/admin/polls/:id/board.csv', ...needs('run_polls'), handler: exportBoard(s, 'csv') },

    // Moderation: every action needs a reason from the list and is written to the public log; appeals go to a different moderator.
    { method: 'GET', url: '/admin/moderation', ...needs('moderate'), handler: showQueue(s) },
    { method: 'GET', url: '/admin/moderation/comments/:id', ...needs('moderate'), handler: showComment(s) },
    { method: 'POST', url: '/admin/moderation/comments/:id/approve', ...needs('moderate'), handler: approveComment(s) },
    { method: 'POST', url: '/admin/moderation/comments/:id/remove', ...needs('moderate'), handler: removeComment(s) },
    { method: 'POST', url: '/admin/moderation/comments/:id/ban', ...needs('moderate'), handler: banAuthor(s) },
    { method: 'GET', url: '/admin/moderation/bans', ...needs('moderate'), handler: showBans(s) },
    { method: 'POST', url: '/admin/moderation/bans/:id/lift', ...needs('moderate'), handler: liftBan(s) },
    { method: 'GET', url: '/admin/moderation/appeals', ...needs('moderate'), handler: showAppeals(s) },
    { method: 'POST', url: '/admin/moderation/appeals/:id', ...needs('moderate'), handler: decideAppeal(s) },
    // The reasons are the site's policy: a setting, the owner's to write.
    { method: 'GET', url: '/admin/moderation/reasons', ...needs('manage_settings'), handler: showReasons(s) },
    { method: 'POST', url: '/admin/moderation/reasons', ...needs('manage_settings'), handler: saveReasons(s) },
  ];
}

/** Signed-out visitors asking for a newsroom page go to sign in, and come back after. */
export const newsroomSignIn = (req: { url: string }) => `/admin/login?next=${encodeURIComponent(req.url)}`;
