// The editor's live preview beside the text, and the counts under the headline
// and the standfirst. Without JavaScript, the Preview button opens the same page
// in a new tab and the fields' own limits still hold.
// Each script keeps to itself: the editor's scripts share one page.
(() => {
  const form = document.querySelector('form[data-editor]');
  if (form) {
    showCounts(form);
    livePreview(form);
    // The headline is one line that wraps: Enter moves on to the standfirst, as in other editors.
    form.querySelector('#f-title')?.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      form.querySelector('#f-standfirst')?.focus();
    });
  }

  function showCounts(form) {
    for (const out of form.querySelectorAll('[data-count-for]')) {
      const field = document.getElementById(out.dataset.countFor);
      const limit = Number(out.dataset.limit);
      const show = () => {
        const n = field.value.length;
        out.textContent = `${n} of ${limit} characters${n >= limit ? ', the most it can take' : ''}`;
        out.classList.toggle('char-count--near', n >= limit * 0.9);
      };
      field.addEventListener('input', show);
      show();
    }
  }

  function livePreview(form) {
    const pane = document.querySelector('[data-preview-pane]');
    const frame = pane?.querySelector('iframe[data-preview]');
    const toggle = pane?.querySelector('[data-preview-toggle]');
    if (!frame || !toggle) return;
    // Beside the text where there is room for both; behind a button on a smaller screen.
    let open = window.matchMedia('(min-width: 64rem)').matches;
    let timer;
    let latest = 0;

    async function refresh() {
      if (!open) return;
      const ticket = ++latest;
      const data = new URLSearchParams(new FormData(form));
      data.set('action', 'save');
      // A page's form names its own preview (the page template); an article's uses the article's.
      const res = await fetch(form.dataset.previewUrl || '/admin/preview', { method: 'POST', body: data, credentials: 'same-origin' }).catch(() => null);
      // An older answer arriving late must not replace a newer one.
      if (res?.ok && ticket === latest) frame.srcdoc = await res.text();
    }

    function show(state) {
      open = state;
      frame.hidden = !open;
      pane.classList.toggle('editor-preview--closed', !open);
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide preview' : 'Show preview';
      refresh();
    }

    pane.hidden = false;
    toggle.addEventListener('click', () => show(!open));
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 600);
    });
    show(open);
  }
})();
