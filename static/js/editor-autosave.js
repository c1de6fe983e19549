// Work is never lost: a draft saves itself a moment after typing stops (a new
// article becomes a draft as soon as it has a headline), and leaving the page
// with changes not yet saved asks first. Without JavaScript the buttons save.
// Each script keeps to itself: the editor's scripts share one page.
(() => {
  const form = document.querySelector('form[data-editor]');
  if (form) saveAsYouGo(form);

  function saveAsYouGo(form) {
    const status = form.querySelector('.autosave-status');
    const title = form.querySelector('#f-title');
    // The version this page last loaded or saved: the server refuses a save from an older one.
    const version = form.querySelector('[data-version]');
    let dirty = false;
    // Someone else saved meanwhile: no save as you type may replace their work; Save shows both.
    let conflicted = false;
    let submitting = false;
    let timer;
    // One save at a time: a new article is created once, and every later save goes to it.
    let flight = null;
    let again = false;

    function save() {
      if (flight) {
        again = true;
        return flight;
      }
      const url = form.dataset.autosave;
      if (!url || conflicted || !dirty || !title.value.trim()) return Promise.resolve();
      // Claimed before the request: typing from now on is a change this save does not hold.
      dirty = false;
      flight = send(url).finally(() => {
        flight = null;
        if (again) {
          again = false;
          save();
        }
      });
      return flight;
    }

    async function send(url) {
      const data = new URLSearchParams(new FormData(form));
      data.set('action', 'save');
      try {
        const res = await fetch(url, { method: 'POST', body: data, credentials: 'same-origin', headers: { accept: 'application/json' } });
        const answer = await res.json().catch(() => null);
        if (res.ok && answer?.ok) {
          adopt(answer);
          status.textContent = `Draft saved at ${new Date().toLocaleTimeString()}`;
          return;
        }
        dirty = true;
        if (res.status === 409 && answer?.conflict) {
          conflicted = true;
          clearTimeout(timer);
        }
        const problem = answer?.problems && Object.values(answer.problems).find(Boolean);
        // Signed out meanwhile (or the form's token is stale): no save from this page can succeed now.
        const lost = res.status === 401 || res.status === 403;
        status.textContent = conflicted ? problem : problem ? `Not saved yet: ${problem}`
          : lost ? 'Not saved: you have been signed out. Copy your text somewhere safe before signing in again.' : 'Could not save automatically; use Save.';
      } catch {
        dirty = true;
        status.textContent = 'Could not save automatically (is the connection down?); your text is still here.';
      }
    }

    // A new article is now a draft: the form, the address and the heading follow it.
    function adopt(answer) {
      // The next save, from this tab, is made from the version this one stored.
      if (version && answer.version) version.value = answer.version;
      if (!('new' in form.dataset)) return;
      delete form.dataset.new;
      form.action = answer.saveUrl;
      form.dataset.autosave = answer.saveUrl;
      history.replaceState(history.state, '', answer.editUrl);
      const heading = document.querySelector('.editor-head h1');
      if (heading?.firstChild) heading.firstChild.textContent = 'Edit article ';
      document.title = document.title.replace(/^New article/, 'Edit article');
    }

    form.addEventListener('input', () => {
      dirty = true;
      if (!form.dataset.autosave) return;
      clearTimeout(timer);
      timer = setTimeout(save, 'new' in form.dataset ? 1000 : 3000);
    });

    form.addEventListener('submit', (e) => {
      clearTimeout(timer);
      // A save on its way may be creating the article: wait, so the form goes to it and makes no second one.
      if (flight) {
        e.preventDefault();
        const button = e.submitter;
        flight.then(() => form.requestSubmit(button));
        return;
      }
      // Saving and publishing leave with the changes. The Preview button opens another tab, and
      // Delete or Move to the bin (another address) saves nothing, so unsaved changes still ask.
      if (!e.submitter?.formTarget && !e.submitter?.hasAttribute('formaction')) submitting = true;
    });

    window.addEventListener('pageshow', () => {
      submitting = false;
    });

    window.addEventListener('beforeunload', (e) => {
      if (submitting || !(dirty || flight)) return;
      e.preventDefault();
      e.returnValue = '';
    });
  }
})();
