// Reader polls, in place: a cached page carries only the question and options;
// this asks the site whether this reader has voted and shows the results if so,
// and sends a vote without leaving the page. Without it the form posts and the
// answer is the poll's own page. Receipts are kept in this browser.
(function () {
  'use strict';
  var KEPT = 'samizdat-poll-receipts';

  function keep(id, receipt) {
    try {
      var all = JSON.parse(localStorage.getItem(KEPT) || '{}');
      all[id] = receipt;
      localStorage.setItem(KEPT, JSON.stringify(all));
    } catch (e) { /* private browsing: the receipt is still on screen */ }
  }

  function show(box, html) {
    var live = box.querySelector('[data-poll-live]');
    var form = box.querySelector('form');
    if (form) form.hidden = true;
    if (live) live.innerHTML = html; // the site's own escaped markup
  }

  function say(box, message) {
    var live = box.querySelector('[data-poll-live]');
    if (!live) return;
    var p = document.createElement('p');
    p.className = 'poll-message';
    p.textContent = message;
    live.replaceChildren(p);
  }

  function ask(url, options) {
    options = options || {};
    options.credentials = 'same-origin';
    options.headers = Object.assign({ accept: 'application/json' }, options.headers || {});
    return fetch(url, options).then(function (res) { return res.json(); });
  }

  function enhance(box) {
    var id = box.getAttribute('data-poll');
    var form = box.querySelector('form.poll-form');
    ask('/polls/' + id + '/state').then(function (state) {
      if (state.voted && state.html) show(box, state.html);
      else if (state.notice) {
        var live = box.querySelector('[data-poll-live]');
        if (live) live.innerHTML = state.notice; // the site's own escaped markup
      }
    }).catch(function () { /* the form still works */ });
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      var body = new URLSearchParams(new FormData(form));
      ask(form.action, { method: 'POST', body: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        .then(function (answer) {
          if (answer.ok) {
            keep(id, answer.receipt);
            show(box, answer.html);
          } else if (answer.html) {
            show(box, answer.html);
            var live = box.querySelector('[data-poll-live]');
            var note = document.createElement('p');
            note.className = 'poll-message';
            note.textContent = answer.message;
            live.prepend(note);
          } else {
            say(box, answer.message);
          }
        })
        .catch(function () { form.submit(); })
        .finally(function () { if (button) button.disabled = false; });
    });
  }

  document.querySelectorAll('[data-poll]').forEach(enhance);
})();
