import type { Agent } from './agent.ts';

export interface UploadFile {
  name: string;
  bytes: Buffer;
  /** What the browser claims; the server must not believe it. */
  type?: string;
}

/**
 * Posts a multipart form as a browser does, with the agent's cookies. The CSRF
 * token is the first field, as in the media library's form, unless csrf is
 * false; `csrf: 'address'` puts it in the action URL instead (which must be
 * refused). Then the file and the text fields, in the form's order; no file
 * sends an empty file input.
 */
export async function postMultipart(
  agent: Agent,
  path: string,
  fields: Record<string, string>,
  file: UploadFile | null,
  opts: { csrf?: boolean | 'address' } = {},
): Promise<{ status: number; body: string; location: string | null }> {
  const form = new FormData();
  if (opts.csrf === undefined || opts.csrf === true) form.append('_csrf', agent.csrf);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  else form.append('file', new Blob([], { type: 'application/octet-stream' }), '');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const url = opts.csrf === 'address' ? `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(agent.csrf)}` : path;
  // Agent keeps its cookie jar private; bracket access is TypeScript's sanctioned way in, for this one helper.
  const res = await agent.site.fetch(url, { method: 'POST', body: form, headers: { cookie: agent['cookieHeader'](), accept: 'text/html' } });
  agent['remember'](res);
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
}
