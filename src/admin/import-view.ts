import { type Html, html } from '../render/html.ts';
import type { ImportJob } from '../wordpress/import-job.ts';
import { KINDS, type ImportReport, type ListedThing } from '../wordpress/report.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { field, type FieldErrors } from './form-fields.ts';

/** The newsroom's WordPress import: the upload form, the running job's progress, the report. */

export function importFormMain(a: AdminContext, v: { job: ImportJob | null; busy: boolean; errors: FieldErrors; values: { uploads: string }; maxMb: number }): Html {
  return html`<h1>Import from WordPress</h1>
${Object.values(v.errors).some(Boolean) ? flash(v.busy && v.errors.file ? v.errors.file : 'The import did not start; see below.', 'error') : ''}
<p>On the old site, export everything (Tools → Export → All content) and upload the file here. Authors, categories, tags, posts, pages and comments come in; the old addresses lead to the new ones. Running the same import again adds nothing twice and finishes what an earlier run left. <a href="/admin/guide">The writing guide</a> and docs/wordpress.md say what maps to what.</p>
${v.busy ? html`<p class="flash flash--ok" role="status">An import is queued or running. <a href="/admin/import/status">Watch it</a>.</p>` : html`<form class="import-form" method="post" action="/admin/import" enctype="multipart/form-data">
${csrfField(a.csrf)}
${field('uploads', 'Uploads folder on the server (optional)', html`<input id="f-uploads" name="uploads" value="${v.values.uploads}" autocomplete="off"${v.errors.uploads ? html` aria-invalid="true"` : ''}>`, v.errors,
  'Where a copy of the old site’s wp-content/uploads folder is on this server, for the pictures. Nothing is fetched from the internet; files not found are listed in the report.')}
<div class="field"><label class="checkbox"><input type="checkbox" name="dry_run" value="1"> Dry run: report what would happen, write nothing</label></div>
${field('file', 'Export file (.xml)', html`<input type="file" id="f-file" name="file" accept=".xml,text/xml,application/xml" required>`, v.errors, `Up to ${v.maxMb} MB.`)}
<p><button type="submit">Start the import</button></p>
</form>`}
${v.job && !v.busy ? html`<p><a href="/admin/import/status">The last import’s report</a>.</p>` : ''}`;
}

export function importStatusMain(job: ImportJob | null): Html {
  if (!job) return html`<h1>Import from WordPress</h1><p>No import has run yet. <a href="/admin/import">Start one</a>.</p>`;
  const share = job.progress.total ? Math.min(100, Math.round((100 * job.progress.done) / job.progress.total)) : 0;
  return html`<h1>Import of ${job.fileName}${job.dryRun ? ' (dry run)' : ''}</h1>
${job.finishedAt ? '' : job.state === 'queued' ? html`<p role="status">Waiting for a server to take it up (a moment, or, after a server stopped mid-import, until another carries it on).</p>` : html`<p role="status">${job.progress.phase}: <progress max="100" value="${share}">${share}%</progress> ${share}%</p>`}
${job.finishedAt ? '' : html`<p class="hint">This page refreshes itself every few seconds. The import goes on if you leave it.</p>`}
${job.error ? flash(job.error, 'error') : ''}
${job.report && job.finishedAt ? reportView(job.report) : ''}
${job.finishedAt ? html`<p><a href="/admin/import">Import another file</a></p>` : ''}`;
}

function reportView(r: ImportReport): Html {
  return html`<section aria-labelledby="h-report" class="import-report">
<h2 id="h-report">${r.dryRun ? 'What the import would do (nothing was written)' : 'What was imported'}</h2>
<table class="admin-table"><thead><tr><th scope="col">Kind</th><th scope="col">New</th><th scope="col">Updated</th><th scope="col">Already here</th></tr></thead>
<tbody>${KINDS.map((k) => html`<tr><th scope="row">${k}</th><td>${r.created[k]}</td><td>${r.updated[k]}</td><td>${r.unchanged[k]}</td></tr>`)}</tbody></table>
${r.notes.length ? html`<h3>Notes</h3><ul>${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${listed('Skipped', r.skipped, r.skippedCount)}
${listed('Not converted', r.notConverted, r.notConvertedCount)}
${r.missingFilesCount ? html`<h3>Files not found (${r.missingFilesCount})</h3><ul>${r.missingFiles.map((f) => html`<li>${f}</li>`)}</ul>` : ''}
</section>`;
}

function listed(title: string, things: ListedThing[], total: number): Html {
  if (!total) return html``;
  return html`<h3>${title} (${total})</h3><ul class="import-list">${things.map((t) => html`<li><strong>${t.what}</strong>: ${t.why}</li>`)}</ul>
${total > things.length ? html`<p class="hint">… and ${total - things.length} more.</p>` : ''}`;
}
