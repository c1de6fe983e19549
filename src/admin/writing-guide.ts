import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderBody } from '../articles/markdown.ts';
import { html, raw } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';

/**
 * GET /admin/guide: docs/markdown.md, the one description of what a body may
 * hold, shown in the newsroom through the article renderer itself (its
 * examples are code, so they show as written). Read once, on first request.
 */

const GUIDE = new URL('../../docs/markdown.md', import.meta.url);
let rendered: string | null = null;

function guideHtml(): string {
  if (rendered === null) {
    // The document's own title is the page's <h1>; the renderer allows no h1 in a body.
    const source = fs.readFileSync(GUIDE, 'utf8').replace(/^# .*\n/, '');
    rendered = renderBody(source, new Map()).html;
  }
  return rendered;
}

export function writingGuide(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = adminContext(s, req, reply);
    const main = html`<article class="guide">
<h1>Writing guide</h1>
<div class="guide-body article-body">${raw(guideHtml())}</div>
</article>`;
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Writing guide', main));
  };
}
