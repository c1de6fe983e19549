import { type Html, html } from '../render/html.ts';

/** One labelled form field, with its hint and, after a failed submit, its error beside it. */
export type FieldErrors = Record<string, string | undefined>;

export function field(name: string, label: string, control: Html, errors: FieldErrors, hint?: string): Html {
  const err = errors[name];
  return html`<div class="field${err ? ' field--error' : ''}">
<label for="f-${name}">${label}</label>
${hint ? html`<p class="hint" id="hint-${name}">${hint}</p>` : ''}
${control}
${err ? html`<p class="field-error" id="err-${name}">${err}</p>` : ''}
</div>`;
}
