/*
 * Switchboard chat widget. A site embeds it with one tag:
 *   <script src="https://support.example.com/widget.js" data-site-key="..." async></script>
 * It finds its own <script> element, reads data-site-key (and optional data-title), and talks to the gateway
 * that served it. Everything lives in a shadow root so the host page's CSS cannot break it (and vice versa).
 * Message text is only ever set with textContent: no HTML from a message reaches the DOM.
 */
(function () {
  'use strict';

  var CSS = "/*WIDGET_CSS*/"; // the gateway inlines widget.css here when it serves the script
  var MAX_TEXT = 4000;
  var AUTHOR_LABELS = { customer: 'You', assistant: 'Assistant', operator: 'Support team', system: 'Support' };
  // The rating under a CSAT question speaks the issue's language (the question's own, sent with it); English otherwise.
  var RATING_TEXTS = {
    en: {
      rate: function (n) { return 'Rate ' + n + ' of 5'; }, comment: 'Comment', commentPlaceholder: 'Add a comment (optional)',
      send: 'Send rating', thanks: function (n) { return 'Thank you! You rated us ' + n + ' of 5.'; },
      already: function (n) { return 'You have rated this conversation ' + n + ' of 5 already. Thank you!'; },
      closed: 'This conversation no longer takes a rating.', failed: 'Could not send the rating. Please try again.'
    },
    ru: {
      rate: function (n) { return 'Оценка ' + n + ' из 5'; }, comment: 'Комментарий', commentPlaceholder: 'Комментарий (необязательно)',
      send: 'Отправить оценку', thanks: function (n) { return 'Спасибо! Ваша оценка: ' + n + ' из 5.'; },
      already: function (n) { return 'Вы уже оценили этот разговор на ' + n + ' из 5. Спасибо!'; },
      closed: 'Этот разговор больше не принимает оценку.', failed: 'Не удалось отправить оценку. Попробуйте ещё раз.'
    }
  };

  var script = document.currentScript || document.querySelector('script[src*="widget.js"][data-site-key]');
  if (!script || window.__switchboardWidget) return;
  window.__switchboardWidget = true;

  var siteKey = script.getAttribute('data-site-key') || '';
  var title = script.getAttribute('data-title') || 'Support';
  // The API lives next to the script (same origin, and same path prefix behind a proxy).
  var api = new URL('api/v1/widget/', script.src).href;
  var storageKey = 'switchboard-widget:' + api + ':' + siteKey;

  // ---- state ---------------------------------------------------------------------------------------
  var session = readSession();
  var byId = {}; // server message id -> <li>
  var pendingByClientId = {}; // our message id -> <li>, until the server's copy arrives on the stream
  var lastId = null; // newest server message id shown: where the stream resumes
  var started = false;
  var source = null;
  var unread = 0;

  // ---- DOM -----------------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** An inline SVG icon of one path (no icon font: not every system has the glyphs). */
  function icon(d, pathAttributes) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    Object.keys(pathAttributes || {}).forEach(function (k) { path.setAttribute(k, pathAttributes[k]); });
    svg.appendChild(path);
    return svg;
  }

  function chatIcon() {
    return icon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  }

  function clipIcon() {
    return icon('M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5',
      { fill: 'none', stroke: 'currentColor', 'stroke-width': '1.8', 'stroke-linecap': 'round' });
  }

  var host = el('div', { id: 'switchboard-widget' });
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = el('style');
  style.textContent = CSS;

  var badge = el('span', { class: 'sb-badge', 'aria-hidden': 'true' });
  badge.hidden = true;
  var launcher = el('button', {
    type: 'button', class: 'sb-launcher', 'aria-label': 'Open support chat', 'aria-expanded': 'false',
    'aria-controls': 'sb-panel',
  }, [chatIcon(), badge]);

  var closeButton = el('button', { type: 'button', class: 'sb-close', 'aria-label': 'Close chat' }, ['\u00d7']);
  var heading = el('h2', { class: 'sb-title', id: 'sb-title' }, [title]);
  var list = el('ol', { class: 'sb-messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  var empty = el('p', { class: 'sb-empty' }, ['Ask us anything \u2014 we usually answer right away.']);
  var status = el('p', { class: 'sb-status', role: 'status' });
  var textarea = el('textarea', {
    class: 'sb-input', rows: '2', maxlength: String(MAX_TEXT), placeholder: 'Type your message\u2026',
    'aria-label': 'Your message',
  });
  var sendButton = el('button', { type: 'submit', class: 'sb-send' }, ['Send']);
  // a photo of the broken parcel: the paperclip (or a paste into the text box) sends the file at once
  var fileInput = el('input', {
    type: 'file', class: 'sb-file-input', multiple: '', hidden: '',
    accept: 'image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf,.txt,.csv',
  });
  var attachButton = el('button', { type: 'button', class: 'sb-attach', 'aria-label': 'Attach a file', title: 'Attach a file' }, [clipIcon()]);
  var form = el('form', { class: 'sb-form' }, [attachButton, fileInput, textarea, sendButton]);
  // Continue elsewhere: link an e-mail address (a code is mailed there) or a messenger (send the shown code).
  var linkEmail = el('input', { type: 'email', class: 'sb-link-input', placeholder: 'you@example.com', 'aria-label': 'Your e-mail address' });
  var linkEmailButton = el('button', { type: 'button', class: 'sb-link-button' }, ['Send code']);
  var linkCode = el('input', { type: 'text', class: 'sb-link-input', autocapitalize: 'characters', autocomplete: 'one-time-code', spellcheck: 'false', maxlength: '12', placeholder: '7KQ4MZ2X', 'aria-label': 'Code from the e-mail' });
  var linkCodeButton = el('button', { type: 'button', class: 'sb-link-button' }, ['Verify']);
  var linkTelegramButton = el('button', { type: 'button', class: 'sb-link-button sb-link-telegram' }, ['Continue in Telegram']);
  var linkStatus = el('p', { class: 'sb-link-status', role: 'status' });
  var linking = el('details', { class: 'sb-link' }, [
    el('summary', {}, ['Continue by e-mail or messenger']),
    el('div', { class: 'sb-link-row' }, [linkEmail, linkEmailButton]),
    el('div', { class: 'sb-link-row' }, [linkCode, linkCodeButton]),
    el('div', { class: 'sb-link-row' }, [linkTelegramButton]),
    linkStatus,
  ]);
  var panel = el('section', {
    id: 'sb-panel', class: 'sb-panel', role: 'dialog', 'aria-labelledby': 'sb-title',
  }, [el('header', { class: 'sb-header' }, [heading, closeButton]), empty, list, status, form, linking]);
  panel.hidden = true;

  root.appendChild(style);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- storage and HTTP ----------------------------------------------------------------------------
  function readSession() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || 'null');
      return saved && typeof saved.token === 'string' ? saved : null;
    } catch (e) {
      return null; // storage blocked: the visitor lasts as long as the page
    }
  }

  function saveSession(value) {
    session = value;
    try {
      if (value) window.localStorage.setItem(storageKey, JSON.stringify(value));
      else window.localStorage.removeItem(storageKey);
    } catch (e) { /* storage blocked */ }
  }

  function request(method, path, body) {
    var headers = {};
    var multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
    if (session) headers.Authorization = 'Bearer ' + session.token;
    return fetch(api + path, {
      method: method, headers: headers, credentials: 'omit',
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    }).then(function (response) {
      // the server renews a token in use before it expires
      var renewed = response.headers.get('X-Visitor-Token');
      if (renewed && session) saveSession({ token: renewed, visitorId: session.visitorId });
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var error = new Error((json.error && json.error.message) || 'HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        return json;
      });
    });
  }

  function ensureSession() {
    if (session) return Promise.resolve(session);
    return request('POST', 'sessions', { siteKey: siteKey }).then(function (json) {
      saveSession({ token: json.token, visitorId: json.visitorId });
      return session;
    });
  }

  /** Runs `call` with a session; a token the server no longer accepts (rotated secret) is replaced once. */
  function withSession(call) {
    return ensureSession().then(call).catch(function (error) {
      if (error.status !== 401) throw error;
      saveSession(null);
      return ensureSession().then(call);
    });
  }

  function newMessageId() {
    if (window.crypto && window.crypto.randomUUID) return 'w-' + window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'w-' + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  // ---- rendering -----------------------------------------------------------------------------------
  function setStatus(text) {
    status.textContent = text || '';
  }

  function scrollToEnd() {
    list.scrollTop = list.scrollHeight;
  }

  function messageItem(author, text, createdAt) {
    var body = el('div', { class: 'sb-text' });
    body.textContent = text; // never innerHTML: message text is data, not markup
    var item = el('li', { class: 'sb-msg sb-msg--' + (AUTHOR_LABELS[author] ? author : 'system') }, [
      el('span', { class: 'sb-author' }, [AUTHOR_LABELS[author] || 'Support']), body,
    ]);
    if (createdAt) item.title = new Date(createdAt).toLocaleString();
    empty.hidden = true;
    list.appendChild(item);
    scrollToEnd();
    return item;
  }

  /** A message's files: images as thumbnails, others as links (signed links, opened in a new tab). */
  function addFiles(item, files) {
    if (!files || !files.length || item.querySelector('.sb-files')) return;
    var box = el('div', { class: 'sb-files' });
    files.forEach(function (f) {
      var href = new URL(f.url, api).href;
      var a = el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', class: 'sb-file' });
      if (/^image\//.test(f.contentType)) {
        a.appendChild(el('img', { src: href, alt: f.name, class: 'sb-thumb' }));
      } else {
        a.textContent = f.name;
      }
      box.appendChild(a);
    });
    item.appendChild(box);
    scrollToEnd();
  }

  /** A message from the server (history or stream); each id is shown once. */
  function showServerMessage(m) {
    if (byId[m.id]) return;
    lastId = m.id;
    var mine = m.clientMessageId && pendingByClientId[m.clientMessageId];
    if (mine) {
      delete pendingByClientId[m.clientMessageId];
      mine.classList.remove('sb-msg--pending', 'sb-msg--failed');
      byId[m.id] = mine;
      addFiles(mine, m.attachments);
      return;
    }
    byId[m.id] = messageItem(m.author, m.text, m.createdAt);
    addFiles(byId[m.id], m.attachments);
    if (m.kind === 'csat_question' || m.kind === 'csat_reminder') addRating(byId[m.id], m.issueId, RATING_TEXTS[m.language] || RATING_TEXTS.en);
    if (m.direction === 'outbound' && panel.hidden) {
      unread += 1;
      badge.textContent = String(unread);
      badge.hidden = false;
    }
  }

  /**
   * Stars under the CSAT question (and its reminder): pick 1–5, optionally a comment, send. Typing "5" in the
   * chat works too; the server keeps the first rating and says so to a second one.
   */
  function addRating(item, issueId, texts) {
    var chosen = 0;
    var stars = [1, 2, 3, 4, 5].map(function (score) {
      var star = el('button', { type: 'button', class: 'sb-star', 'aria-label': texts.rate(score), 'aria-pressed': 'false' }, ['★']);
      star.addEventListener('click', function () {
        chosen = score;
        stars.forEach(function (other, i) {
          other.classList.toggle('sb-star--on', i < score);
          other.setAttribute('aria-pressed', String(i < score));
        });
        sendRating.disabled = false;
      });
      return star;
    });
    var comment = el('input', { type: 'text', class: 'sb-rating-comment', maxlength: '1000', placeholder: texts.commentPlaceholder, 'aria-label': texts.comment });
    var sendRating = el('button', { type: 'button', class: 'sb-rating-send' }, [texts.send]);
    sendRating.disabled = true;
    var note = el('div', { class: 'sb-rating-note', role: 'status' });
    var box = el('div', { class: 'sb-rating' }, [el('div', { class: 'sb-stars' }, stars), comment, sendRating, note]);
    function done(text) {
      box.replaceChildren(note);
      note.textContent = text;
    }
    sendRating.addEventListener('click', function () {
      if (!chosen) return;
      sendRating.disabled = true;
      var body = { issueId: issueId, score: chosen };
      if (comment.value.trim()) body.comment = comment.value.trim();
      withSession(function () { return request('POST', 'csat', body); }).then(function (json) {
        var rating = json.rating || {};
        done(rating.outcome === 'already_rated' ? texts.already(rating.score) : texts.thanks(rating.score));
      }).catch(function (error) {
        if (error.status === 409) done(texts.closed);
        else { note.textContent = texts.failed; sendRating.disabled = false; }
      });
    });
    item.appendChild(box);
    scrollToEnd();
  }

  // ---- conversation --------------------------------------------------------------------------------
  function loadHistory() {
    return withSession(function () { return request('GET', 'messages'); }).then(function (json) {
      (json.messages || []).forEach(showServerMessage);
    });
  }

  /**
   * The live stream. EventSource cannot send the token in a header, so each connection uses a single-use ticket
   * (POST stream-tickets, with the token in the Authorization header); a ticket cannot be reused, so instead of
   * EventSource's own reconnect we open a new stream with a new ticket, resuming after the last message shown.
   */
  var retryMs = 1000;
  var streaming = false; // a stream is open, being opened, or waiting to reconnect
  function connect() {
    streaming = true;
    if (source) source.close();
    source = null;
    withSession(function () { return request('POST', 'stream-tickets'); }).then(function (json) {
      var url = api + 'stream?ticket=' + encodeURIComponent(json.ticket) +
        (lastId ? '&after=' + encodeURIComponent(lastId) : '');
      var current = new EventSource(url);
      source = current;
      current.onmessage = function (event) {
        try {
          showServerMessage(JSON.parse(event.data));
        } catch (e) { /* a malformed event is skipped */ }
      };
      current.onopen = function () {
        retryMs = 1000;
        setStatus('');
      };
      current.onerror = function () {
        current.close();
        if (source === current) reconnectLater();
      };
    }).catch(reconnectLater);
  }

  function reconnectLater() {
    setStatus('Reconnecting\u2026');
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  }

  function start() {
    started = true;
    setStatus('Connecting\u2026');
    loadHistory().then(function () {
      setStatus('');
      connect();
    }).catch(function () {
      started = false; // try again on the next open
      setStatus('Chat is unavailable right now. Please try again later.');
    });
  }

  function post(messageId, text, item) {
    item.classList.add('sb-msg--pending');
    item.classList.remove('sb-msg--failed');
    var retry = item.querySelector('.sb-retry');
    if (retry) retry.remove();
    withSession(function () {
      return request('POST', 'messages', { messageId: messageId, text: text });
    }).then(function () {
      if (!streaming) connect();
    }).catch(function () {
      item.classList.remove('sb-msg--pending');
      item.classList.add('sb-msg--failed');
      // The same message id again: if the first attempt did arrive, the server ignores the repeat.
      var button = el('button', { type: 'button', class: 'sb-retry' }, ['Not sent \u2014 retry']);
      button.addEventListener('click', function () { post(messageId, text, item); });
      item.appendChild(button);
    });
  }

  function send() {
    var text = textarea.value.trim();
    if (!text) return;
    if (text.length > MAX_TEXT) {
      setStatus('Messages can be at most ' + MAX_TEXT + ' characters.');
      return;
    }
    var messageId = newMessageId();
    var item = messageItem('customer', text);
    pendingByClientId[messageId] = item;
    textarea.value = '';
    updateSendButton();
    post(messageId, text, item);
  }

  /**
   * Files go as their own message (multipart, with a fresh message id); one the server refuses (too large, a type
   * it does not take) stays in the chat marked as not sent, with the server's reason.
   */
  function sendFiles(files) {
    if (!files || !files.length) return;
    var names = Array.prototype.map.call(files, function (f) { return f.name || 'file'; }).join(', ');
    var messageId = newMessageId();
    var item = messageItem('customer', names);
    item.classList.add('sb-msg--pending');
    pendingByClientId[messageId] = item;
    withSession(function () {
      var body = new FormData();
      body.append('messageId', messageId);
      Array.prototype.forEach.call(files, function (f) { body.append('files', f, f.name || 'file'); });
      return request('POST', 'messages', body);
    }).then(function () {
      if (!streaming) connect();
    }).catch(function (error) {
      delete pendingByClientId[messageId];
      item.classList.remove('sb-msg--pending');
      item.classList.add('sb-msg--failed');
      var reason = el('div', { class: 'sb-refused', role: 'alert' });
      reason.textContent = error.status === 413 || error.status === 415 || error.status === 400
        ? 'Not sent: ' + error.message
        : 'Not sent \u2014 please try again.';
      item.appendChild(reason);
      scrollToEnd();
    });
  }

  function updateSendButton() {
    sendButton.disabled = textarea.value.trim() === '';
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', 'Close support chat');
    host.classList.add('sb-open');
    unread = 0;
    badge.hidden = true;
    if (!started) start();
    scrollToEnd();
    textarea.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', 'Open support chat');
    host.classList.remove('sb-open');
    launcher.focus();
  }

  function link(path, body, done) {
    linkStatus.textContent = '';
    withSession(function () { return request('POST', path, body); }).then(done).catch(function (error) {
      linkStatus.textContent = (error && error.message) || 'That did not work; please try again.';
    });
  }
  linkEmailButton.addEventListener('click', function () {
    var address = linkEmail.value.trim();
    if (!address) return;
    link('links', { channel: 'email', address: address }, function () {
      linkStatus.textContent = 'We sent a code to ' + address + '. Type it above.';
      linkCode.focus();
    });
  });
  linkCodeButton.addEventListener('click', function () {
    // case, spaces and dashes do not matter; the server normalises the same way
    var code = linkCode.value.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[2-9A-HJKMNP-TW-Z]{8}$/.test(code)) { linkStatus.textContent = 'The code has 8 letters and digits.'; return; }
    link('links/verify', { code: code }, function () {
      linkStatus.textContent = 'Done: you can now also write to us by e-mail, and we will continue here.';
    });
  });
  linkTelegramButton.addEventListener('click', function () {
    link('links', { channel: 'telegram' }, function (json) {
      linkStatus.textContent = 'Send "' + json.codeToSend + '" to our Telegram bot within 15 minutes.';
    });
  });

  launcher.addEventListener('click', function () { if (panel.hidden) open(); else close(); });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') close(); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send();
  });
  textarea.addEventListener('input', updateSendButton);
  attachButton.addEventListener('click', function () { fileInput.click(); });
  fileInput.addEventListener('change', function () {
    var chosen = Array.prototype.slice.call(fileInput.files || []);
    fileInput.value = '';
    sendFiles(chosen);
  });
  textarea.addEventListener('paste', function (event) {
    var pasted = event.clipboardData && event.clipboardData.files;
    if (pasted && pasted.length) {
      event.preventDefault();
      sendFiles(Array.prototype.slice.call(pasted));
    }
  });
  textarea.addEventListener('keydown', function (event) {
    // Enter sends, Shift+Enter is a new line (and IME composition is left alone)
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  updateSendButton();

  function mount() { document.body.appendChild(host); }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
