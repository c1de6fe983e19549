// The editor's enhancements: a live preview beside the form, and automatic saving
// of drafts. Without JavaScript the form's buttons do all of this by hand.
const form = document.querySelector('form[data-editor]');
if (form) {
  const status = form.querySelector('.autosave-status');
  const pane = document.querySelector('.editor-preview');
  const frame = pane?.querySelector('iframe');
  let dirty = false;
  let timer;
  let saveTimer;
  // Only drafts save themselves: a published article changes when someone presses Save.
  const autosaves = Boolean(document.querySelector('h1 .status--draft, h1 .status--review'));

  const body = () => {
    const data = new URLSearchParams(new FormData(form));
    data.set('action', 'save');
    return data;
  };

  async function refreshPreview() {
    const res = await fetch('/admin/preview', { method: 'POST', body: body(), credentials: 'same-origin' });
    if (res.ok && frame) {
      pane.hidden = false;
      frame.srcdoc = await res.text();
    }
  }

  async function autosave() {
    const url = form.dataset.autosave;
    if (!url || !dirty) return;
    dirty = false;
    const res = await fetch(url, { method: 'POST', body: body(), credentials: 'same-origin', redirect: 'manual' });
    status.textContent = res.type === 'opaqueredirect' || res.ok ? `Draft saved at ${new Date().toLocaleTimeString()}` : 'Could not save automatically; use Save.';
  }

  form.addEventListener('input', () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 600);
    if (autosaves) {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(autosave, 3000);
    }
  });
  refreshPreview();
}
