// The formatting toolbar: each button (or its keyboard shortcut) writes the
// Markdown for one thing at the cursor, in the body as plain text, so what is
// stored is what the writer sees. The figure button opens the picture picker
// (media-picker.js), which hands its block back through 'editor:insert-block'.
// Each script keeps to itself: the editor's scripts share one page.
(() => {
  const bar = document.querySelector('[data-toolbar]');
  const body = document.getElementById('f-body_md');
  if (bar && body) {
    bar.hidden = false;
    bar.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-format]');
      if (button) run(button.dataset.format);
    });
    body.addEventListener('keydown', shortcut);
    rovingFocus(bar);
    document.addEventListener('editor:insert-block', (e) => block(e.detail.text, e.detail.text.length, e.detail.text.length, true));
  }

  const FORMATS = {
    bold: () => wrap('**', 'bold text'),
    italic: () => wrap('*', 'italic text'),
    link,
    heading: () => prefixLines('## ', /^#{1,6} /),
    quote: () => prefixLines('> ', /^> ?/),
    list: () => prefixLines('- ', /^[-*+] /),
    pullquote: () => {
      const quote = selected() || 'The quotation';
      block(`::: pullquote\n${quote}\n— Who said it\n:::`, 14, 14 + quote.length);
    },
    divider: () => block('* * *', 5, 5, true),
    embed: () => block('::: embed https://\n:::', 10, 18),
    figure: () => document.dispatchEvent(new CustomEvent('editor:pick-figure')),
  };

  const SHORTCUTS = { b: 'bold', i: 'italic', k: 'link', 'alt+Digit2': 'heading', 'shift+Period': 'quote', 'shift+Digit8': 'list', 'shift+KeyF': 'figure' };

  function run(format) {
    FORMATS[format]?.();
  }

  function shortcut(e) {
    if (!(e.ctrlKey || e.metaKey) || (e.altKey && e.shiftKey)) return;
    const key = e.shiftKey ? `shift+${e.code}` : e.altKey ? `alt+${e.code}` : e.key.toLowerCase();
    if (!SHORTCUTS[key]) return;
    e.preventDefault();
    run(SHORTCUTS[key]);
  }

  function selected() {
    return body.value.slice(body.selectionStart, body.selectionEnd);
  }

  /** Replaces start…end with text, as typing would (so Undo takes it back), then selects a part of it. */
  function replace(start, end, text, selFrom, selTo) {
    body.focus();
    body.setSelectionRange(start, end);
    if (!document.execCommand('insertText', false, text)) {
      body.setRangeText(text, start, end, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
    body.setSelectionRange(start + selFrom, start + selTo);
  }

  function wrap(mark, placeholder) {
    const { selectionStart: s, selectionEnd: e, value } = body;
    const around = value.slice(s - mark.length, s) === mark && value.slice(e, e + mark.length) === mark;
    // Pressed again on marked text: the marks come off (a single * beside a ** is bold's, not italic's).
    if (around && value[s - mark.length - 1] !== '*' && value[e + mark.length] !== '*') {
      replace(s - mark.length, e + mark.length, value.slice(s, e), 0, e - s);
      return;
    }
    const inner = value.slice(s, e) || placeholder;
    replace(s, e, mark + inner + mark, mark.length, mark.length + inner.length);
  }

  function link() {
    const { selectionStart: s, selectionEnd: e } = body;
    const text = selected();
    if (/^https?:\/\/\S+$/.test(text)) {
      replace(s, e, `[link text](${text})`, 1, 10);
      return;
    }
    const label = text || 'link text';
    const url = 'https://';
    // With words chosen, the address is what is left to type; without, the words.
    const at = text ? label.length + 3 : 1;
    replace(s, e, `[${label}](${url})`, at, text ? at + url.length : 1 + label.length);
  }

  /** Puts a prefix on each line of the selection, or takes it off when every line has it. */
  function prefixLines(prefix, existing) {
    const { value } = body;
    const start = value.lastIndexOf('\n', body.selectionStart - 1) + 1;
    let end = value.indexOf('\n', body.selectionEnd);
    if (end < 0) end = value.length;
    const lines = value.slice(start, end).split('\n');
    const all = lines.every((l) => l.startsWith(prefix));
    const out = lines.map((l) => (all ? l.slice(prefix.length) : prefix + l.replace(existing, ''))).join('\n');
    replace(start, end, out, out.length, out.length);
  }

  /** A block on lines of its own, with a blank line before and after. */
  function block(text, selFrom, selTo, cursorAfter = false) {
    const { selectionStart: s, selectionEnd: e, value } = body;
    const before = value.slice(0, s);
    const after = value.slice(e);
    const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const tail = after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
    const all = lead + text + tail;
    if (cursorAfter) replace(s, e, all, all.length, all.length);
    else replace(s, e, all, lead.length + selFrom, lead.length + selTo);
  }

  /** One stop in the tab order for the whole toolbar; arrow keys move along it. */
  function rovingFocus(toolbar) {
    const buttons = [...toolbar.querySelectorAll('button')];
    toolbar.addEventListener('keydown', (e) => {
      const i = buttons.indexOf(document.activeElement);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
      if (i < 0 || to === undefined) return;
      e.preventDefault();
      const next = buttons[(to + buttons.length) % buttons.length];
      for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
      next.focus();
    });
  }
})();
