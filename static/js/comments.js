// Comments in place on the cached article page: who reads (guest fields, own
// edit/delete), posting and replying in place, and the live stream's new
// comments. Without it every form posts and answers with a page.
(function () {
  'use strict';
  var root = document.querySelector('[data-comments]');
  if (!root) return;
  var id = root.dataset.comments, w = JSON.parse(root.dataset.words), at = root.dataset.liveAt;
  var form = root.querySelector('[data-comment-form]'), live = root.querySelector('[data-comments-live]');
  var home = form && form.nextSibling, heading = form && form.querySelector('[data-form-heading]'), title = heading && heading.textContent;
  var waiting = 0;
  var $ = function (sel, el) { return (el || root).querySelector(sel); };

  function ask(url, body) {
    var o = { credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body) { o.method = 'POST'; o.body = new URLSearchParams(body); }
    return fetch(url, o).then(function (r) { return r.json(); });
  }
  function say(text) {
    var p = document.createElement('p');
    p.textContent = text;
    live.replaceChildren(p);
  }
  function node(html) {
    var t = document.createElement('template');
    t.innerHTML = html; // the site's own sanitised markup
    return t.content.firstElementChild;
  }
  // Under its parent when that is on this page, else at the end of the list where the newest go.
  function place(c, html) {
    if (document.getElementById('comment-' + c.id)) return true;
    var li = document.createElement('li'), list;
    li.className = 'comment-item';
    li.appendChild(node(html)).classList.add('comment--new');
    if (c.parentId) {
      var parent = document.getElementById('comment-' + c.parentId);
      if (!parent) return false;
      list = $(':scope > .comment-replies', parent.parentNode);
      if (!list) { list = document.createElement('ol'); list.className = 'comment-replies'; parent.after(list); }
    } else if (at !== 'none') {
      list = $('.comment-list');
      if (!list) { list = document.createElement('ol'); list.className = 'comment-list'; ($('.comments-empty') || live).replaceWith(list); list.after(live); }
    } else return false;
    if (at === 'start' && !c.parentId) list.prepend(li); else list.appendChild(li);
    hook(li);
    return true;
  }
  function reset() {
    $('[data-parent]', form).value = '';
    heading.textContent = title;
    $('[data-cancel-reply]', form).hidden = true;
    home.before(form);
  }
  function reply(link) {
    var c = document.getElementById('comment-' + link.dataset.reply);
    $('[data-parent]', form).value = link.dataset.reply;
    heading.textContent = w.replyTo.replace('{name}', $('.comment__author', c).textContent);
    $('[data-cancel-reply]', form).hidden = false;
    c.after(form);
    $('textarea', form).focus();
  }
  function submit(e) {
    e.preventDefault();
    var button = $('button[type=submit]', form), box = $('.comment-form__problem', form);
    button.disabled = true;
    ask(form.action, new FormData(form)).then(function (a) {
      if (!a.ok) {
        if (!box) { box = document.createElement('p'); box.className = 'comment-form__problem'; box.setAttribute('role', 'alert'); heading.after(box); }
        box.textContent = a.message;
        var field = a.field && $('[name=' + a.field + ']', form);
        return field && field.focus();
      }
      if (box) box.remove();
      $('textarea', form).value = '';
      reset();
      if (a.html) place(a, a.html);
      say(a.message);
      mine();
    }).catch(function () { form.submit(); }).finally(function () { button.disabled = false; });
  }
  function button(actions, label, onclick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'comment__own';
    b.textContent = label;
    b.onclick = onclick;
    actions.append(' ', b);
  }
  // The author's own controls, on the comments the site says are theirs.
  function own(c) {
    var el = document.getElementById('comment-' + c.id), actions = el && $('.comment__actions', el);
    if (!actions || $('.comment__own', actions)) return;
    if (new Date(c.editableUntil) > new Date()) button(actions, w.edit, function () { location.href = '/comments/' + c.id + '/edit'; });
    button(actions, w.del, function () {
      if (confirm(w.confirmDelete)) ask('/comments/' + c.id + '/delete', { confirm: 'yes' }).then(function (a) { if (a.ok) el.replaceWith(node(a.html)); });
    });
  }
  function mine() {
    ask('/comments/yours.json?article=' + id).then(function (me) {
      if (me.signedIn && form) {
        ['[data-guest-fields]', '[data-readers-only]'].forEach(function (s) { var el = $(s, form); if (el) el.hidden = true; });
        var who = $('[data-commenting-as]', form);
        who.textContent = w.commentingAs.replace('{name}', me.signedIn.name);
        who.hidden = false;
      }
      me.mine.forEach(own);
    }).catch(function () {});
  }
  function hook(scope) {
    if (form) scope.querySelectorAll('[data-reply]').forEach(function (a) { a.onclick = function (e) { e.preventDefault(); reply(a); }; });
  }

  if (form) {
    form.addEventListener('submit', submit);
    $('[data-cancel-reply]', form).onclick = reset;
  }
  hook(root);
  mine();
  if (!window.EventSource) return;
  var stream = new EventSource('/articles/' + id + '/comments/stream?after=' + root.dataset.last);
  stream.addEventListener('comment', function (e) {
    var c = JSON.parse(e.data);
    if (document.getElementById('comment-' + c.id)) return;
    ask('/comments/' + c.id + '/html').then(function (p) {
      if (p.ok && !place(p, p.html)) say(++waiting === 1 ? w.liveNew : w.liveNewMany.replace('{n}', waiting));
    }).catch(function () {});
  });
  stream.addEventListener('reload', function () { say(w.liveNewMany.replace('{n}', '…')); });
})();
