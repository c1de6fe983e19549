// The picture picker: find a picture in the library by its words, or upload a
// new one, for the lead picture or for a figure in the body (with its alt
// text, caption and credit), so nobody types a picture's name from memory.
// Without JavaScript, the lead's list and the pictures page do the same.
// Each script keeps to itself: the editor's scripts share one page.
(() => {
  const dialog = document.querySelector('dialog[data-picker]');
  const form = document.querySelector('form[data-editor]');
  if (dialog && form && typeof dialog.showModal === 'function') picker(dialog, form);

  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  function thumb(item, className) {
    if (!item.thumb) return el('span', { className: `${className} picker-thumb--none` });
    return el('img', { className, src: item.thumb.url, width: item.thumb.width, height: item.thumb.height, alt: '', loading: 'lazy', decoding: 'async' });
  }

  function picker(dialog, form) {
    const $ = (sel) => dialog.querySelector(sel);
    const results = $('[data-picker-results]');
    const count = $('[data-picker-count]');
    const more = $('[data-picker-more]');
    const search = $('[data-picker-search]');
    const choose = $('[data-picker-choose]');
    const details = $('[data-picker-details]');
    const upload = $('[data-picker-upload]');
    const select = form.elements.lead_media_id;
    let purpose = 'figure';
    let opener = null;
    let chosen = null;
    let query = '';
    let page = 1;
    let loaded = false;
    let searchTimer;

    // A static page has no lead picture: only figures.
    if (select) {
      form.querySelector('[data-lead-buttons]').hidden = false;
      form.querySelector('[data-lead-select]').hidden = true;
      form.querySelector('[data-pick-lead]').addEventListener('click', (e) => open('lead', e.currentTarget));
      form.querySelector('[data-clear-lead]').addEventListener('click', () => setLead(null));
    }
    document.addEventListener('editor:pick-figure', () => open('figure', document.getElementById('f-body_md')));
    $('[data-picker-close]').addEventListener('click', () => dialog.close());
    $('[data-picker-back]').addEventListener('click', showList);
    dialog.addEventListener('close', () => opener?.focus());
    more.addEventListener('click', () => load(page + 1));
    search.addEventListener('submit', (e) => {
      e.preventDefault();
      find();
    });
    search.elements.q.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(find, 300);
    });
    details.addEventListener('submit', insertFigure);
    upload?.addEventListener('submit', send);

    function open(what, from) {
      purpose = what;
      opener = from;
      $('[data-picker-title]').textContent = what === 'lead' ? 'Choose the lead picture' : 'Insert a figure';
      showList();
      dialog.showModal();
      if (!loaded) load(1);
      search.elements.q.focus();
    }

    function find() {
      query = search.elements.q.value.trim();
      load(1);
    }

    async function load(n) {
      loaded = true;
      const params = new URLSearchParams(query ? { q: query } : {});
      if (n > 1) params.set('page', String(n));
      const res = await fetch(`/admin/media/picker.json?${params}`, { credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => null);
      if (!res?.ok) {
        count.textContent = 'The library could not be loaded. Try again.';
        return;
      }
      const data = await res.json();
      page = n;
      if (n === 1) results.replaceChildren();
      results.append(...data.items.map(card));
      const matching = query ? ` matching “${query}”` : '';
      count.textContent = data.total ? `${data.total} picture${data.total === 1 ? '' : 's'}${matching}` : query ? `No pictures match “${query}”.` : 'The library has no pictures yet.';
      more.hidden = data.page >= data.pages;
    }

    function card(item) {
      const button = el('button', { type: 'button', className: 'picker-item' }, thumb(item, 'picker-thumb'),
        el('span', { className: 'picker-item__alt', textContent: item.alt }), el('span', { className: 'picker-item__slug', textContent: item.slug }));
      button.addEventListener('click', () => pick(item));
      return el('li', {}, button);
    }

    function pick(item) {
      if (purpose === 'lead') {
        setLead(item);
        dialog.close();
        return;
      }
      chosen = item;
      choose.hidden = true;
      details.hidden = false;
      $('[data-picker-chosen]').replaceChildren(thumb(item, 'picker-thumb'), el('p', { className: 'hint', textContent: item.slug }));
      for (const k of ['alt', 'caption', 'credit']) details.elements[k].value = item[k];
      details.elements.alt.focus();
    }

    function showList() {
      details.hidden = true;
      choose.hidden = false;
    }

    // Only texts that differ from the library's are written: the rest follow the library.
    function insertFigure(e) {
      e.preventDefault();
      const lines = [`::: figure ${chosen.slug}`];
      for (const k of ['alt', 'caption', 'credit']) {
        const value = details.elements[k].value.replace(/\s+/g, ' ').trim();
        if (value !== chosen[k].trim()) lines.push(`${k}: ${value}`.trim());
      }
      lines.push(':::');
      dialog.close();
      document.dispatchEvent(new CustomEvent('editor:insert-block', { detail: { text: lines.join('\n') } }));
    }

    function setLead(item) {
      const value = item ? String(item.id) : '';
      if (item && ![...select.options].some((o) => o.value === value)) select.add(new Option(`${item.slug} — ${item.alt}`, value));
      select.value = value;
      const text = item ? el('p', { className: 'lead-current__text', textContent: `${item.alt} ` }, el('span', { className: 'hint', textContent: `(${item.slug})` }))
        : el('p', { className: 'lead-current__text hint', textContent: 'None chosen.' });
      form.querySelector('[data-lead-current]').replaceChildren(...(item ? [thumb(item, 'lead-thumb')] : []), text);
      select.dispatchEvent(new Event('input', { bubbles: true }));
    }

    async function send(e) {
      e.preventDefault();
      const said = upload.querySelector('[data-picker-upload-error]');
      said.textContent = 'Uploading…';
      // The form token is the form's first field, as the server reads it before the file.
      const res = await fetch(upload.action, { method: 'POST', body: new FormData(upload), credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => null);
      const answer = await res?.json().catch(() => null);
      if (!res?.ok || !answer?.ok) {
        said.textContent = answer?.errors ? Object.values(answer.errors).filter(Boolean).join(' ') : 'The upload did not go through. Try again.';
        return;
      }
      said.textContent = '';
      upload.reset();
      upload.closest('details').open = false;
      results.prepend(card(answer.item));
      pick(answer.item);
    }
  }
})();
