/*
 * Confidant web widget: one script, no framework. A <confidant-widget> custom element with a shadow root adds a
 * launcher and a chat panel to any page; consent first, chat with the assistant and agents, and a privacy centre.
 * Everything shown is set as text, never parsed as HTML. docs/widget.md documents embedding, the JS API (Confidant.*),
 * the storage inventory and the Content-Security-Policy a host page needs.
 */
(() => {
  'use strict';
  if (window.Confidant) return;

  const script = document.currentScript;
  const widgetBase = new URL('.', script ? script.src : location.href).href;
  const chatUrl = trim((script && script.dataset.confidantUrl) || new URL(widgetBase).origin);
  const SESSION_KEY = 'confidant.session';
  const PREFERENCES_KEY = 'confidant.preferences';
  const LANGUAGES = { en: 'English', 'zh-CN': '简体中文' };

  function trim(url) { return String(url).replace(/\/+$/, ''); }

  /* ---------- storage: what is necessary goes to sessionStorage; preferences only with consent ---------- */

  const store = {
    session() { try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)) || {}; } catch (e) { return {}; } },
    saveSession(session) {
      try { sessionStorage.setItem(SESSION_KEY, JSON.stringify(session)); } catch (e) { /* storage refused */ }
    },
    clearSession() { try { sessionStorage.removeItem(SESSION_KEY); } catch (e) { /* nothing to clear */ } },
    preferences() { try { return JSON.parse(localStorage.getItem(PREFERENCES_KEY)) || {}; } catch (e) { return {}; } },
    savePreferences(preferences) {
      try { localStorage.setItem(PREFERENCES_KEY, JSON.stringify(preferences)); } catch (e) { /* storage refused */ }
    },
    clearPreferences() { try { localStorage.removeItem(PREFERENCES_KEY); } catch (e) { /* nothing to clear */ } }
  };

  /* ---------- DOM: elements built from parts, text always as text ---------- */

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key in el && typeof value !== 'string') el[key] = value;
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // 24×24 outline icons, built as SVG elements (no fonts, no inline markup)
  const ICONS = {
    chat: 'M4 5h16v11H8l-4 4z',
    close: 'M6 6l12 12M18 6L6 18',
    attach: 'M16 7l-7.5 7.5a2.5 2.5 0 0 0 3.5 3.5L19 11a4.5 4.5 0 0 0-6.4-6.4L5 12.2a6.5 6.5 0 0 0 9.2 9.2',
    up: 'M7 11v9H4v-9zM7 11l4-7c1.5 0 2.5 1 2 3l-1 3h6c1 0 2 1 1.7 2.2l-1.6 6.4c-.3 1-1 1.4-2 1.4H7',
    down: 'M7 13V4H4v9zM7 13l4 7c1.5 0 2.5-1 2-3l-1-3h6c1 0 2-1 1.7-2.2l-1.6-6.4c-.3-1-1-1.4-2-1.4H7'
  };
  function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem || {};
    }
  }

  /* ---------- the element ---------- */

  class ConfidantWidget extends HTMLElement {
    constructor() {
      super();
      this.root = this.attachShadow({ mode: 'open' });
      this.session = store.session();
      this.preferences = {};
      this.messages = new Map();
      this.consent = null;
      this.view = 'chat';
      this.socket = null;
      this.reconnectDelay = 500;
      this.urls = { chat: chatUrl, account: chatUrl, consent: chatUrl, retention: chatUrl };
      this.maxUpload = 10 * 1024 * 1024;
      this.catalogue = {};
    }

    connectedCallback() {
      if (!this.started) this.started = this.start();
    }

    async start() {
      const [css, config] = await Promise.all([
        fetch(widgetBase + 'confidant.css', { credentials: 'omit' }).then(r => r.text()),
        fetch(chatUrl + '/widget/config', { credentials: 'omit' }).then(r => r.json()).catch(() => ({}))
      ]);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      this.root.adoptedStyleSheets = [sheet];
      for (const name of ['account', 'consent', 'retention']) {
        if (config[name + 'Url']) this.urls[name] = trim(config[name + 'Url']);
      }
      if (config.maxUploadBytes) this.maxUpload = config.maxUploadBytes;
      this.uploadTypes = config.uploadTypes || [];
      const stored = store.preferences();
      await this.loadLanguage(stored.lang || browserLanguage());
      this.preferences = stored;
      this.renderShell();
      if (stored.theme) this.applyTheme(stored.theme);
      // back online, or the laptop opened again: reconnect at once rather than at the next back-off
      window.addEventListener('online', () => { this.reconnectDelay = 500; this.connect(); });
      document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') this.connect(); });
      if (this.session.token) {
        // a reload within the tab: the session and its choices are known
        await this.loadConsent().catch(() => this.resetSession());
        if (stored.open) this.open();
      }
    }

    /* ----- language ----- */

    async loadLanguage(lang) {
      const chosen = LANGUAGES[lang] ? lang : 'en';
      const response = await fetch(widgetBase + 'messages/' + chosen + '.json', { credentials: 'omit' });
      this.catalogue = await response.json();
      this.lang = chosen;
    }

    t(key, values) {
      let text = this.catalogue[key] || key;
      for (const [name, value] of Object.entries(values || {})) text = text.split('{' + name + '}').join(value);
      return text;
    }

    async switchLanguage(lang) {
      await this.loadLanguage(lang);
      this.rememberPreference('lang', this.lang);
      const wasOpen = this.isOpen;
      this.renderShell();
      if (wasOpen) this.open();
    }

    /* ----- preferences: written only while cookies.preferences is granted ----- */

    allowed(purpose) {
      if (!this.consent) return false;
      const state = this.consent.purposes.find(p => p.purpose === purpose);
      return !!(state && state.allowed);
    }

    rememberPreference(key, value) {
      this.preferences[key] = value;
      if (this.allowed('cookies.preferences')) store.savePreferences(this.preferences);
    }

    applyConsentToStorage() {
      if (this.allowed('cookies.preferences')) {
        this.preferences.lang = this.lang;
        this.preferences.open = !!this.isOpen;
        store.savePreferences(this.preferences);
      } else {
        store.clearPreferences();
      }
    }

    applyTheme(theme) {
      this.root.host.dataset.theme = theme;
    }

    /* ----- HTTP ----- */

    async call(service, method, path, body, options) {
      const opts = options || {};
      const headers = { Accept: 'application/json' };
      const init = { method, headers, credentials: 'omit', mode: 'cors' };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
      if (opts.auth !== false && this.session.token) headers.Authorization = 'Bearer ' + this.session.token;
      const response = await fetch(this.urls[service] + path, init);
      if (response.status === 401 && opts.auth !== false && this.session.refreshToken && !opts.retried) {
        if (await this.refresh()) return this.call(service, method, path, body, Object.assign({}, opts, { retried: true }));
      }
      if (response.status === 401 && opts.auth !== false && this.session.kind === 'visitor' && !opts.retried) {
        // the visitor token has ended (its chats moved to an account that registered with it, or it expired):
        // carry on as a new visitor
        this.resetSession();
        await this.ensureSession();
        return this.call(service, method, path, body, Object.assign({}, opts, { retried: true }));
      }
      if (!response.ok) {
        let problem = {};
        try { problem = await response.json(); } catch (e) { /* not JSON */ }
        throw new ApiError(response.status, problem);
      }
      if (opts.raw) return response;
      return response.status === 204 ? null : response.json();
    }

    async refresh() {
      try {
        const tokens = await this.call('account', 'POST', '/api/auth/refresh',
          { refreshToken: this.session.refreshToken }, { auth: false, retried: true });
        this.setSession({ token: tokens.accessToken, refreshToken: tokens.refreshToken });
        return true;
      } catch (e) {
        return false;
      }
    }

    setSession(changes) {
      this.session = Object.assign({}, this.session, changes);
      store.saveSession(this.session);
    }

    resetSession() {
      this.forgetConversation();
      this.session = {};
      this.consent = null;
      store.clearSession();
    }

    /** The panel stops following the open conversation (ended, deleted, gone, or the session changes). */
    forgetConversation() {
      this.closeSocket();
      this.messages.clear();
      this.lastMessageId = undefined;
      this.conversationStatus = undefined;
      if (this.session.conversationId) this.setSession({ conversationId: undefined });
    }

    async ensureSession() {
      if (this.session.token) return;
      const tokens = await this.call('account', 'POST', '/api/auth/visitor', undefined, { auth: false });
      this.setSession({ token: tokens.accessToken, kind: 'visitor', subjectId: tokens.subjectId });
    }

    async loadConsent() {
      this.consent = await this.call('consent', 'GET', '/api/consents/me');
      return this.consent;
    }

    gpc() { return navigator.globalPrivacyControl === true; }

    /* ----- shell: launcher and panel ----- */

    renderShell() {
      this.root.replaceChildren();
      this.launcher = h('button', {
        class: 'launcher', type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
        'aria-label': this.t('launcher.open'), onclick: () => (this.isOpen ? this.close() : this.open())
      }, icon('chat'));
      this.body = h('div', { class: 'body' });
      this.status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
      const languages = h('select', {
        class: 'language', 'aria-label': this.t('language.label'),
        onchange: e => this.switchLanguage(e.target.value)
      }, Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, selected: code === this.lang }, name)));
      this.privacyButton = h('button', {
        class: 'icon', type: 'button', text: this.t('privacy.menu'), onclick: () => this.showPrivacy()
      });
      this.panel = h('section', {
        class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'confidant-title', hidden: true,
        lang: this.lang, onkeydown: e => { if (e.key === 'Escape') { e.stopPropagation(); this.close(); } }
      },
      h('header', { class: 'head' },
        h('h2', { id: 'confidant-title', text: this.t('panel.title') }),
        h('div', { class: 'head-actions' }, languages, this.privacyButton,
          h('button', { class: 'icon close', type: 'button', 'aria-label': this.t('panel.close'),
            onclick: () => this.close() }, icon('close')))),
      this.body, this.status);
      this.root.append(this.panel, this.launcher);
    }

    announce(text) { this.status.textContent = text; }

    open() {
      this.isOpen = true;
      this.panel.hidden = false;
      this.launcher.setAttribute('aria-expanded', 'true');
      this.launcher.setAttribute('aria-label', this.t('launcher.close'));
      this.rememberPreference('open', true);
      if (this.needsChoice()) this.showBanner();
      else if (this.pendingReconsent()) this.showBanner(true);
      else this.showChat();
      this.usage('widget-opened');
    }

    close() {
      this.isOpen = false;
      this.panel.hidden = true;
      this.launcher.setAttribute('aria-expanded', 'false');
      this.launcher.setAttribute('aria-label', this.t('launcher.open'));
      this.rememberPreference('open', false);
      this.launcher.focus();
    }

    show(view, ...children) {
      this.view = view;
      this.body.replaceChildren(...children);
      this.panel.dataset.view = view;
      const first = this.body.querySelector('[autofocus], h3, button, input, textarea, select');
      if (first) {
        if (first.tagName === 'H3') first.setAttribute('tabindex', '-1');
        first.focus();
      }
    }

    error(e) {
      if (e instanceof ApiError) {
        if (e.status === 429) return this.t('error.tooMany');
        if (e.status === 413) return this.t('upload.tooLarge', { size: megabytes(this.maxUpload) });
        if (e.status === 415) return this.t('upload.wrongType');
        if (e.status === 401) return this.t('error.signedOut');
        if (e.status >= 500) return this.t('error.server');
        const fields = (e.problem.errors || []).map(f => f.field + ': ' + f.message).join('; ');
        return fields || e.message;
      }
      if (e && e.shown) return e.message;
      return this.t('error.network');
    }

    /* ----- consent banner ----- */

    async showBanner(reconsent) {
      let policy = null;
      try { policy = (await this.call('consent', 'GET', '/api/policies/current', undefined, { auth: false })).current; }
      catch (e) { /* no policy in force yet */ }
      const gpc = this.gpc();
      const message = h('p', { class: 'notice', role: 'alert' });
      if (gpc) {
        // honouring a refusal needs no choice: the browser's Sec-GPC header makes consent-service record it now
        try { await this.ensureSession(); await this.loadConsent(); } catch (e) { message.textContent = this.error(e); }
      }
      const choose = async choices => {
        try {
          await this.ensureSession();
          const all = await this.purposes();
          const body = {};
          for (const p of all) body[p.code] = choices === 'all' ? true : choices === 'none' ? false : !!choices[p.code];
          this.consent = await this.call('consent', 'POST', '/api/consents/me',
            { choices: body, method: 'banner', policyVersion: policy ? policy.version : undefined });
          this.applyConsentToStorage();
          this.showChat();
        } catch (e) {
          message.textContent = this.error(e);
        }
      };
      this.show('banner', h('div', { class: 'banner' },
        h('h3', { text: this.t(reconsent ? 'banner.reconsentTitle' : 'banner.title') }),
        h('p', { text: this.t('banner.text') }),
        gpc ? h('p', { class: 'gpc', text: this.t('banner.gpc') }) : null,
        policy ? h('p', { class: 'policy' }, policyLink(this, policy)) : null,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', text: this.t('banner.necessary'), onclick: () => choose('none') }),
          h('button', { type: 'button', class: 'secondary', text: this.t('banner.choose'),
            onclick: () => this.showChoices(choices => choose(choices)) }),
          h('button', { type: 'button', class: 'primary', text: this.t('banner.acceptAll'), onclick: () => choose('all') })),
        message));
    }

    /** No choice made yet: no session, or one (a signed-in user's, say) that never chose any purpose. */
    needsChoice() {
      return !this.consent || this.consent.purposes.filter(p => p.needsConsent).every(p => p.state === 'not-set');
    }

    pendingReconsent() {
      return this.consent && this.consent.purposes.some(p => p.state === 'reconsent-required');
    }

    async purposes() {
      if (!this.purposeCatalogue) {
        const all = await this.call('consent', 'GET', '/api/purposes', undefined, { auth: false });
        this.purposeCatalogue = all.filter(p => p.needsConsent);
      }
      return this.purposeCatalogue;
    }

    async showChoices(done) {
      let all;
      try { all = await this.purposes(); } catch (e) { this.announce(this.error(e)); return; }
      const current = {};
      if (this.consent) for (const p of this.consent.purposes) current[p.purpose] = p.allowed;
      const boxes = all.map(p => h('input', { type: 'checkbox', id: 'purpose-' + p.code, checked: !!current[p.code],
        'data-purpose': p.code }));
      this.show('choose', h('form', {
        class: 'choices', onsubmit: e => {
          e.preventDefault();
          const choices = {};
          for (const box of boxes) choices[box.dataset.purpose] = box.checked;
          done(choices);
        }
      },
      h('h3', { text: this.t('choices.title') }),
      h('p', { text: this.t('choices.necessary') }),
      all.map((p, i) => h('div', { class: 'choice' }, boxes[i],
        h('label', { for: 'purpose-' + p.code }, h('strong', { text: this.purposeTitle(p.code, p.title) }),
          h('span', { class: 'basis', text: this.t('basis.' + p.lawfulBasis) })))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: this.t('choices.save') }))));
    }

    purposeTitle(code, fallback) {
      const key = 'purpose.' + code;
      return this.catalogue[key] || fallback || code;
    }

    /* ----- chat ----- */

    showChat() {
      this.typing = h('p', { class: 'typing', hidden: true, text: this.t('chat.typing') });
      this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': this.t('chat.log'), tabindex: '0' });
      this.input = h('textarea', {
        class: 'input', rows: 2, maxlength: 4000, 'aria-label': this.t('chat.input'), placeholder: this.t('chat.placeholder'),
        onkeydown: e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); this.send(); } }
      });
      this.file = h('input', { type: 'file', class: 'visually-hidden', id: 'confidant-file', tabindex: '-1',
        'aria-label': this.t('upload.attach'),
        onchange: e => { if (e.target.files[0]) this.upload(e.target.files[0]); e.target.value = ''; } });
      this.uploadNote = h('p', { class: 'upload-note', role: 'status' });
      this.humanButton = h('button', { type: 'button', class: 'link', text: this.t('chat.human'), onclick: () => this.handOff() });
      const composer = h('form', { class: 'composer', onsubmit: e => { e.preventDefault(); this.send(); } },
        this.input,
        h('div', { class: 'composer-actions' },
          h('button', { type: 'button', class: 'icon attach', 'aria-label': this.t('upload.attach'),
            onclick: () => this.file.click() }, icon('attach')),
          this.file,
          h('button', { type: 'submit', class: 'primary send', text: this.t('chat.send') })));
      const area = h('div', { class: 'chat' },
        this.noticeBar(),
        this.log, this.typing, this.uploadNote,
        h('div', { class: 'chat-actions' }, this.humanButton,
          h('button', { type: 'button', class: 'link', text: this.t('chat.end'), onclick: () => this.endConversation() })),
        composer);
      area.addEventListener('dragover', e => { e.preventDefault(); area.classList.add('dropping'); });
      area.addEventListener('dragleave', () => area.classList.remove('dropping'));
      area.addEventListener('drop', e => {
        e.preventDefault();
        area.classList.remove('dropping');
        if (e.dataTransfer.files[0]) this.upload(e.dataTransfer.files[0]);
      });
      this.show('chat', area);
      this.input.focus();
      for (const message of this.messages.values()) this.renderMessage(message);
      if (this.session.conversationId) this.resume();
    }

    noticeBar() {
      const bar = h('div', { class: 'notices' });
      this.call('consent', 'GET', '/api/consents/me/notices').then(notices => {
        for (const notice of notices || []) {
          // reconsentRequired marks a material version: it asks again only once it is in effect
          const values = { version: notice.version, date: this.date(notice.effectiveAt) };
          const text = !notice.inEffect ? this.t(notice.reconsentRequired ? 'notice.upcomingMaterial' : 'notice.upcoming', values)
            : this.t(notice.reconsentRequired ? 'notice.reconsent' : 'notice.changed', values);
          bar.append(h('p', { class: 'notice', role: 'status' }, text, ' ',
            h('button', { type: 'button', class: 'link', text: this.t('notice.review'),
              onclick: () => this.showBanner(notice.inEffect && notice.reconsentRequired) })));
        }
      }).catch(() => { /* notices are not essential to chatting */ });
      return bar;
    }

    async resume() {
      try {
        const data = await this.call('chat', 'GET', '/api/conversations/' + this.session.conversationId);
        this.conversationStatus = data.conversation.status;
        for (const message of data.messages) this.addMessage(message);
        this.connect();
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) return;
        // just signed in: account-service is still moving the visitor's conversation to the account
        if (Date.now() < (this.movingUntil || 0)) { await sleep(500); this.resume(); return; }
        this.forgetConversation();
      }
    }

    async send() {
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      // the assistant answers open conversations; a handed-off one waits for a person
      this.typing.hidden = !(this.conversationStatus === undefined || this.conversationStatus === 'open');
      try {
        await this.ensureSession();
        if (!this.session.conversationId) {
          const exchange = await this.call('chat', 'POST', '/api/conversations', { text });
          this.setSession({ conversationId: exchange.conversationId });
          this.conversationStatus = 'open';
          this.addExchange(exchange);
          this.connect();
          return;
        }
        if (this.socket && this.socket.readyState === WebSocket.OPEN && this.socketReady) {
          this.socket.send(JSON.stringify({ text }));
          return;
        }
        this.addExchange(await this.call('chat', 'POST', '/api/conversations/' + this.session.conversationId + '/messages', { text }));
      } catch (e) {
        this.typing.hidden = true;
        this.input.value = text;
        this.systemNote(this.error(e));
      }
    }

    addExchange(exchange) {
      this.addMessage(exchange.message);
      if (exchange.answer) this.addMessage(exchange.answer);
      else this.typing.hidden = true; // a person answers this one
    }

    addMessage(message) {
      const known = this.messages.get(message.id);
      if (known && !known.streaming) return; // never twice: REST answers, live frames and catch-ups overlap
      this.messages.set(message.id, message);
      if (message.author !== 'subject') this.typing.hidden = true;
      this.lastMessageId = message.id;
      this.renderMessage(message, known && known.element);
    }

    renderMessage(message, replacing) {
      if (!this.log) return;
      const who = this.t('author.' + message.author);
      const el = h('article', { class: 'message ' + message.author, 'data-message-id': message.id },
        h('span', { class: 'author', text: who }),
        h('p', { class: 'text', text: message.text }));
      if (message.citations && message.citations.length) {
        el.append(h('div', { class: 'citations' }, h('span', { text: this.t('chat.sources') }),
          message.citations.map(c => h('button', { type: 'button', class: 'link citation', text: c.title,
            onclick: () => this.showArticle(c.slug, c.lang) }))));
      }
      if (message.author === 'assistant') {
        if (message.action) el.append(this.actionButton(message.action));
        el.append(this.feedbackControls(message));
      }
      message.element = el;
      if (replacing && replacing.isConnected) replacing.replaceWith(el);
      else this.log.append(el);
      this.log.scrollTop = this.log.scrollHeight;
    }

    streamDelta(messageId, text) {
      let message = this.messages.get(messageId);
      if (message && !message.streaming) return;
      if (!message) {
        message = { id: messageId, author: 'assistant', text: '', streaming: true };
        this.messages.set(messageId, message);
        message.element = h('article', { class: 'message assistant streaming', 'data-message-id': messageId, 'aria-busy': 'true' },
          h('span', { class: 'author', text: this.t('author.assistant') }), h('p', { class: 'text' }));
        this.log.append(message.element);
        this.typing.hidden = true;
      }
      message.text += text;
      message.element.querySelector('.text').textContent = message.text;
      this.log.scrollTop = this.log.scrollHeight;
    }

    feedbackControls(message) {
      const note = h('span', { class: 'feedback-note', role: 'status' });
      const rate = helpful => {
        const comment = h('input', { type: 'text', maxlength: 1000, 'aria-label': this.t('feedback.comment'),
          placeholder: this.t('feedback.comment') });
        const save = async withComment => {
          try {
            await this.call('chat', 'POST', '/api/messages/' + message.id + '/feedback',
              { helpful, comment: withComment ? comment.value.trim() || undefined : undefined });
            if (withComment) box.replaceChildren(h('span', { class: 'feedback-note', text: this.t('feedback.thanks') }));
            else note.textContent = this.t('feedback.thanks');
          } catch (e) { note.textContent = this.error(e); }
        };
        box.replaceChildren(comment, h('button', { type: 'button', class: 'secondary', text: this.t('feedback.send'),
          onclick: () => save(true) }), note);
        save(false);
        comment.focus();
      };
      const box = h('div', { class: 'feedback' },
        h('button', { type: 'button', class: 'icon thumb up', 'aria-label': this.t('feedback.up'), onclick: () => rate(true) },
          icon('up')),
        h('button', { type: 'button', class: 'icon thumb down', 'aria-label': this.t('feedback.down'), onclick: () => rate(false) },
          icon('down')), note);
      return box;
    }

    systemNote(text) {
      if (this.log) this.log.append(h('p', { class: 'system', role: 'alert', text }));
    }

    /* ----- the live socket: authenticated by its first frame, resumed without gaps ----- */

    connect() {
      if (!this.session.conversationId || (this.socket && this.socket.readyState <= WebSocket.OPEN)) return;
      let socket;
      try {
        socket = new WebSocket(this.urls.chat.replace(/^http/, 'ws') + '/ws/conversations/' + this.session.conversationId);
      } catch (e) {
        this.socket = null; // refused (e.g. by the page's CSP): REST alone
        return;
      }
      this.socket = socket;
      this.socketReady = false;
      socket.addEventListener('open', () => {
        socket.send(JSON.stringify({ type: 'auth', token: this.session.token, after: this.lastMessageId }));
      });
      socket.addEventListener('message', event => {
        let frame;
        try { frame = JSON.parse(event.data); } catch (e) { return; }
        if (frame.type === 'ready') {
          this.socketReady = true;
          this.socketRefreshed = false;
          this.reconnectDelay = 500;
          this.panel.dataset.live = 'on';
        }
        else if (frame.type === 'message') this.addMessage(frame.message);
        else if (frame.type === 'answer-delta') this.streamDelta(frame.messageId, frame.text);
        else if (frame.type === 'error') { this.typing.hidden = true; this.systemNote(frame.detail); }
      });
      socket.addEventListener('close', event => {
        this.socketReady = false;
        this.panel.dataset.live = 'off';
        if (this.socket !== socket) return;
        this.socket = null;
        if (!this.session.conversationId) return;
        if (event.code === 1008) { // refused: an expired token is refreshed once, otherwise REST goes on working
          if (this.session.refreshToken && !this.socketRefreshed) {
            this.socketRefreshed = true;
            this.refresh().then(ok => { if (ok) this.connect(); });
          }
          return;
        }
        const delay = this.reconnectDelay;
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, 15000);
        setTimeout(() => this.connect(), delay);
      });
    }

    closeSocket() {
      const socket = this.socket;
      this.socket = null;
      if (socket) socket.close();
    }

    /* ----- attachments ----- */

    upload(file) {
      const note = this.uploadNote;
      if (file.size > this.maxUpload) {
        note.textContent = this.t('upload.tooLarge', { size: megabytes(this.maxUpload) });
        return;
      }
      if (this.uploadTypes.length && file.type && !file.type.startsWith('text/') && !this.uploadTypes.includes(file.type)) {
        note.textContent = this.t('upload.wrongType');
        return;
      }
      const progress = h('progress', { max: 100, value: 0, 'aria-label': this.t('upload.progress', { name: file.name }) });
      note.replaceChildren(this.t('upload.sending', { name: file.name }), ' ', progress);
      const run = async () => {
        await this.ensureSession();
        if (!this.session.conversationId) {
          const conversation = await this.call('chat', 'POST', '/api/conversations', {});
          this.setSession({ conversationId: conversation.id });
          this.connect();
        }
        const form = new FormData();
        form.append('file', file, file.name);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', this.urls.chat + '/api/conversations/' + this.session.conversationId + '/attachments');
        xhr.setRequestHeader('Authorization', 'Bearer ' + this.session.token);
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.upload.addEventListener('progress', e => { if (e.lengthComputable) progress.value = Math.round(e.loaded * 100 / e.total); });
        return new Promise((resolve, reject) => {
          xhr.addEventListener('load', () => {
            let body = {};
            try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
            if (xhr.status >= 200 && xhr.status < 300) resolve(body);
            else reject(new ApiError(xhr.status, body));
          });
          xhr.addEventListener('error', () => reject(new Error('network')));
          xhr.send(form);
        });
      };
      run().then(attachment => {
        note.textContent = this.t('upload.done', { name: attachment.name });
        this.log.append(h('p', { class: 'attachment', 'data-attachment-id': attachment.id },
          this.t('upload.attached', { name: attachment.name, size: kilobytes(attachment.size) })));
      }).catch(e => { note.textContent = this.error(e); });
    }

    /**
     * What the assistant offers to do (a person, erasure, a copy of the data, a withdrawal, cookie choices): the button
     * is the person's confirmation, and each goes through the same screen or API call as the privacy centre.
     */
    actionButton(action) {
      const run = {
        'handoff': () => this.handOff(),
        'erasure': () => this.showErasure(),
        'access': () => this.requestAccess(),
        'cookie-choices': () => this.showBanner(),
        'withdraw-consent': () => this.withdrawConsent(action.purpose)
      }[action.type];
      if (!run) return null;
      return h('button', { type: 'button', class: 'secondary action', 'data-action': action.type,
        text: this.t('action.' + action.type, { purpose: this.purposeTitle(action.purpose) }), onclick: run });
    }

    purposeTitle(code) {
      const purpose = (this.purposeCatalogue || []).find(p => p.code === code);
      return purpose ? purpose.title : code;
    }

    async withdrawConsent(purpose) {
      try {
        await this.call('consent', 'DELETE', '/api/consents/me/' + encodeURIComponent(purpose));
        this.systemNote(this.t('action.withdrawn', { purpose: this.purposeTitle(purpose) }));
      } catch (e) { this.systemNote(this.error(e)); }
    }

    /* ----- humans, closing and rating ----- */

    async handOff() {
      if (!this.session.conversationId) { this.systemNote(this.t('chat.askFirst')); return; }
      let availability = { agentsAvailable: true };
      try { availability = await this.call('chat', 'GET', '/api/support/availability', undefined, { auth: false }); }
      catch (e) { /* unknown: queue as usual */ }
      if (!availability.agentsAvailable) { this.showLeaveMessage(availability.reason); return; }
      try {
        const conversation = await this.call('chat', 'POST', '/api/conversations/' + this.session.conversationId + '/handoff');
        this.conversationStatus = conversation.status;
        this.systemNote(this.t('chat.waitingForAgent'));
        this.humanButton.disabled = true;
      } catch (e) { this.systemNote(this.error(e)); }
    }

    /** Nobody can answer now: instead of waiting, leave an email address for the reply (with consent). */
    showLeaveMessage(reason) {
      const email = h('input', { type: 'email', id: 'leave-email', autocomplete: 'email', required: true, maxlength: 254 });
      const agree = h('input', { type: 'checkbox', id: 'leave-consent', required: true });
      const message = h('p', { role: 'alert' });
      const conversationId = this.session.conversationId;
      this.show('leave', h('form', {
        class: 'form leave', onsubmit: async e => {
          e.preventDefault();
          try {
            this.consent = await this.call('consent', 'POST', '/api/consents/me',
              { choices: { 'support.email-reply': true }, method: 'settings' });
            // chat-service learns of the consent from consent-service's event, a moment later
            for (let attempt = 0; ; attempt++) {
              try {
                const conversation = await this.call('chat', 'POST', '/api/conversations/' + conversationId + '/email-reply',
                  { email: email.value.trim() });
                this.conversationStatus = conversation.status;
                break;
              } catch (err) {
                if (!(err instanceof ApiError && err.status === 409 && attempt < 20)) throw err;
                await sleep(500);
              }
            }
            this.showChat();
            this.humanButton.disabled = true;
            this.systemNote(this.t('leave.done', { email: email.value.trim() }));
          } catch (err) { message.textContent = this.error(err); }
        }
      },
      h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showChat() }),
      h('h3', { text: this.t('leave.title') }),
      h('p', { text: this.t(reason === 'outside-hours' ? 'leave.outsideHours' : 'leave.nobodyOnline') }),
      h('p', { text: this.t('leave.explain') }),
      h('label', { for: 'leave-email', text: this.t('leave.email') }), email,
      h('div', { class: 'choice' }, agree, h('label', { for: 'leave-consent', text: this.t('leave.consent') })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: this.t('leave.send') })),
      message));
    }

    async endConversation() {
      const id = this.session.conversationId;
      if (!id) return;
      try { await this.call('chat', 'POST', '/api/conversations/' + id + '/close'); } catch (e) { this.systemNote(this.error(e)); return; }
      this.forgetConversation();
      const stars = [1, 2, 3, 4, 5].map(n => h('button', { type: 'button', class: 'star', 'aria-label': this.t('rating.stars', { n }),
        text: '★', onclick: () => rate(n) }));
      const note = h('p', { role: 'status' });
      const rate = async n => {
        try {
          await this.call('chat', 'POST', '/api/conversations/' + id + '/rating', { stars: n });
          note.textContent = this.t('rating.thanks');
          stars.forEach((s, i) => s.classList.toggle('on', i < n));
        } catch (e) { note.textContent = this.error(e); }
      };
      this.show('rating', h('div', { class: 'rating' },
        h('h3', { text: this.t('rating.title') }),
        h('div', { class: 'stars', role: 'group', 'aria-label': this.t('rating.title') }, stars), note,
        h('button', { type: 'button', class: 'primary', text: this.t('rating.newChat'), onclick: () => this.showChat() })));
    }

    /* ----- articles ----- */

    async showArticle(slug, lang) {
      try {
        const query = lang ? '?lang=' + encodeURIComponent(lang) : '';
        const article = await this.call('chat', 'GET', '/api/articles/' + encodeURIComponent(slug) + query, undefined, { auth: false });
        this.usage('article-opened');
        this.show('article', h('div', { class: 'article' },
          h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showChat() }),
          h('h3', { text: article.title }),
          article.body.split(/\n{2,}/).map(part => h('p', { text: part }))));
      } catch (e) { this.systemNote(this.error(e)); }
    }

    usage(kind) {
      if (this.session.token && this.allowed('analytics.usage')) {
        this.call('chat', 'POST', '/api/usage', { kind }).catch(() => { /* analytics never disturbs */ });
      }
    }

    date(value) {
      if (!value) return '';
      return new Date(value).toLocaleDateString(this.lang, { year: 'numeric', month: 'long', day: 'numeric' });
    }

    /* ----- privacy centre ----- */

    async showPrivacy() {
      if (!this.isOpen) this.open();
      this.usage('privacy-centre-opened');
      let policy = null;
      try { policy = (await this.call('consent', 'GET', '/api/policies/current', undefined, { auth: false })).current; }
      catch (e) { /* none in force */ }
      const consents = h('div', { class: 'consents' });
      const section = (title, ...children) => h('section', { class: 'privacy-section' }, h('h4', { text: title }), children);
      const back = h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.back() });
      const signedIn = this.session.kind === 'user';
      this.show('privacy', h('div', { class: 'privacy' }, back,
        h('h3', { text: this.t('privacy.title') }),
        section(this.t('privacy.policy'), policy ? h('p', {}, policyLink(this, policy)) : h('p', { text: this.t('privacy.noPolicy') })),
        section(this.t('privacy.consents'), consents),
        section(this.t('privacy.download'),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', text: this.t('privacy.transcriptJson'), disabled: !this.session.conversationId,
              onclick: () => this.downloadTranscript('json') }),
            h('button', { type: 'button', class: 'secondary', text: this.t('privacy.transcriptText'), disabled: !this.session.conversationId,
              onclick: () => this.downloadTranscript('text') }),
            h('button', { type: 'button', class: 'secondary', text: this.t('privacy.accessRequest'), disabled: !this.session.token,
              onclick: () => this.requestAccess() }))),
        section(this.t('privacy.delete'),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'danger', text: this.t('privacy.deleteConversation'), disabled: !this.session.conversationId,
              onclick: () => this.deleteConversation() }),
            h('button', { type: 'button', class: 'danger', text: this.t('privacy.deleteEverything'), disabled: !this.session.token,
              onclick: () => this.showErasure() }))),
        section(this.t('privacy.account'),
          signedIn ? h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', text: this.t('account.manage'), onclick: () => this.showAccount() }),
            h('button', { type: 'button', class: 'secondary', text: this.t('account.signOut'), onclick: () => this.signOut(false) }))
            : h('div', { class: 'actions' },
              h('button', { type: 'button', class: 'secondary', text: this.t('account.signIn'), onclick: () => this.showSignIn() }),
              h('button', { type: 'button', class: 'secondary', text: this.t('account.register'), onclick: () => this.showRegister() }))),
        section(this.t('privacy.display'), this.themeChooser())));
      this.renderConsents(consents);
    }

    back() { if (this.consent) this.showChat(); else this.showBanner(); }

    themeChooser() {
      const current = this.root.host.dataset.theme || 'auto';
      return h('select', { 'aria-label': this.t('theme.label'), onchange: e => { this.applyTheme(e.target.value); this.rememberPreference('theme', e.target.value); } },
        ['auto', 'light', 'dark'].map(v => h('option', { value: v, selected: v === current, text: this.t('theme.' + v) })));
    }

    async renderConsents(box) {
      if (!this.session.token) {
        box.replaceChildren(h('p', { text: this.t('privacy.noChoicesYet') }),
          h('button', { type: 'button', class: 'secondary', text: this.t('privacy.cookieSettings'), onclick: () => this.showBanner() }));
        return;
      }
      try { await this.loadConsent(); } catch (e) { box.replaceChildren(h('p', { role: 'alert', text: this.error(e) })); return; }
      const note = h('p', { role: 'status' });
      const rows = this.consent.purposes.map(p => {
        const label = h('span', { class: 'purpose-title', text: this.purposeTitle(p.purpose, p.title) });
        const basis = h('span', { class: 'basis', text: this.t('basis.' + p.lawfulBasis) });
        if (!p.needsConsent) return h('li', {}, label, basis);
        const toggle = h('input', { type: 'checkbox', id: 'consent-' + p.purpose, checked: p.allowed,
          onchange: async e => {
            try {
              this.consent = await this.call('consent', 'POST', '/api/consents/me',
                { choices: { [p.purpose]: e.target.checked }, method: 'settings' });
              this.applyConsentToStorage();
              note.textContent = this.t(e.target.checked ? 'privacy.granted' : 'privacy.withdrawn',
                { purpose: this.purposeTitle(p.purpose, p.title) });
            } catch (err) { e.target.checked = !e.target.checked; note.textContent = this.error(err); }
          } });
        return h('li', { class: 'consent' }, toggle, h('label', { for: 'consent-' + p.purpose }, label, basis));
      });
      box.replaceChildren(h('ul', { class: 'purposes' }, rows), note);
    }

    async downloadTranscript(format) {
      try {
        const response = await this.call('chat', 'GET', '/api/conversations/' + this.session.conversationId + '/transcript?format=' + format,
          undefined, { raw: true });
        saveBlob(await response.blob(), 'conversation.' + (format === 'json' ? 'json' : 'txt'));
        this.usage('transcript-downloaded');
      } catch (e) { this.announce(this.error(e)); }
    }

    async requestAccess() {
      const status = h('p', { role: 'status', class: 'request-status', text: this.t('access.collecting') });
      const back = h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showPrivacy() });
      this.show('access', h('div', { class: 'access' }, back, h('h3', { text: this.t('privacy.accessRequest') }), status));
      try {
        let request = await this.call('retention', 'POST', '/api/requests/access', {});
        // access requests are "collecting" until every owner's export is in, then "ready"
        for (let i = 0; i < 120 && request.status !== 'ready' && this.view === 'access'; i++) {
          await sleep(1000);
          const mine = await this.call('retention', 'GET', '/api/requests/mine');
          request = mine.find(r => r.id === request.id) || request;
        }
        if (request.status !== 'ready') return;
        status.textContent = this.t('access.ready');
        status.after(h('button', { type: 'button', class: 'primary', text: this.t('access.download'), onclick: async () => {
          try {
            const response = await this.call('retention', 'GET', '/api/requests/' + request.id + '/bundle', undefined, { raw: true });
            saveBlob(await response.blob(), 'my-data.zip');
          } catch (e) { status.textContent = this.error(e); }
        } }));
      } catch (e) { status.textContent = this.error(e); }
    }

    async deleteConversation() {
      if (!window.confirm(this.t('privacy.confirmDeleteConversation'))) return;
      try {
        await this.call('chat', 'DELETE', '/api/conversations/' + this.session.conversationId);
        this.forgetConversation();
        this.showChat();
        this.systemNote(this.t('privacy.conversationDeleted'));
      } catch (e) { this.announce(this.error(e)); }
    }

    showErasure() {
      const signedIn = this.session.kind === 'user';
      const password = signedIn ? h('input', { type: 'password', id: 'erase-password', autocomplete: 'current-password', required: true }) : null;
      const message = h('p', { role: 'alert' });
      this.show('erase', h('form', {
        class: 'erase', onsubmit: async e => {
          e.preventDefault();
          try {
            const request = signedIn
              ? await this.call('account', 'DELETE', '/api/accounts/me', { password: password.value })
              : await this.call('retention', 'POST', '/api/requests/erasure', {});
            this.showReceipt(request.receipt);
          } catch (err) { message.textContent = this.error(err); }
        }
      },
      h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showPrivacy() }),
      h('h3', { text: this.t('erase.title') }),
      h('p', { text: this.t('erase.explain') }),
      signedIn ? h('label', { for: 'erase-password', text: this.t('erase.password') }) : null, password,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger', text: this.t('erase.confirm') })), message));
    }

    showReceipt(receipt) {
      // the subject's tokens stop working once erasure starts: the receipt is the way back to the certificate
      this.resetSession();
      const status = h('p', { role: 'status', class: 'request-status', text: this.t('erase.inProgress') });
      const certificate = h('div', { class: 'certificate' });
      this.show('receipt', h('div', { class: 'receipt' },
        h('h3', { text: this.t('erase.receiptTitle') }),
        h('p', { class: 'save-this', text: this.t('erase.saveThis') }),
        h('code', { class: 'receipt-code', tabindex: '0', text: receipt || '' }),
        h('button', { type: 'button', class: 'secondary', text: this.t('erase.copy'),
          onclick: () => navigator.clipboard && navigator.clipboard.writeText(receipt) }),
        status, certificate));
      this.followReceipt(receipt, status, certificate);
    }

    async followReceipt(receipt, status, certificate) {
      for (let i = 0; i < 300 && this.view === 'receipt'; i++) {
        try {
          const view = await this.call('retention', 'GET', '/api/receipts/' + encodeURIComponent(receipt), undefined, { auth: false });
          if (view.certificate) {
            status.textContent = this.t('erase.done', { date: this.date(view.request.completedAt) });
            const owners = (view.request.owners || []).map(o => h('li', { text: o.owner + ': ' + this.t('erase.ownerDone') }));
            certificate.replaceChildren(h('h4', { text: this.t('erase.certificate') }), h('ul', {}, owners),
              h('button', { type: 'button', class: 'secondary', text: this.t('erase.downloadCertificate'),
                onclick: () => saveBlob(new Blob([JSON.stringify(view.certificate, null, 2)], { type: 'application/json' }), 'erasure-certificate.json') }));
            return;
          }
          status.textContent = this.t('erase.status', { status: view.request.status });
        } catch (e) { status.textContent = this.error(e); }
        await sleep(1000);
      }
    }

    /* ----- accounts ----- */

    showSignIn() {
      const email = h('input', { type: 'email', id: 'signin-email', autocomplete: 'email', required: true });
      const password = h('input', { type: 'password', id: 'signin-password', autocomplete: 'current-password', required: true });
      const message = h('p', { role: 'alert' });
      this.show('signin', h('form', {
        class: 'form', onsubmit: async e => {
          e.preventDefault();
          try {
            // the visitor token goes along, so account-service moves this tab's chats to the account
            const tokens = await this.call('account', 'POST', '/api/auth/login', { email: email.value, password: password.value },
              { auth: this.session.kind === 'visitor', retried: true });
            await this.login(tokens.accessToken, tokens.refreshToken);
            this.showChat();
          } catch (err) { message.textContent = err instanceof ApiError && err.status === 401 ? this.t('account.wrongCredentials') : this.error(err); }
        }
      },
      h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showPrivacy() }),
      h('h3', { text: this.t('account.signIn') }),
      h('label', { for: 'signin-email', text: this.t('account.email') }), email,
      h('label', { for: 'signin-password', text: this.t('account.password') }), password,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: this.t('account.signIn') })), message));
    }

    showRegister() {
      const field = (id, type, auto) => h('input', { type, id, autocomplete: auto, required: true });
      const name = field('register-name', 'text', 'name');
      const email = field('register-email', 'email', 'email');
      const password = field('register-password', 'password', 'new-password');
      password.minLength = 12;
      const born = field('register-born', 'date', 'bday');
      const message = h('p', { role: 'alert' });
      this.show('register', h('form', {
        class: 'form', onsubmit: async e => {
          e.preventDefault();
          try {
            const accepted = await this.call('account', 'POST', '/api/accounts', { displayName: name.value, email: email.value,
              password: password.value, dateOfBirth: born.value }, { auth: this.session.kind === 'visitor', retried: true });
            message.textContent = accepted.message || this.t('account.checkMail');
          } catch (err) { message.textContent = this.error(err); }
        }
      },
      h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showPrivacy() }),
      h('h3', { text: this.t('account.register') }),
      h('label', { for: 'register-name', text: this.t('account.displayName') }), name,
      h('label', { for: 'register-email', text: this.t('account.email') }), email,
      h('label', { for: 'register-password', text: this.t('account.newPassword') }), password,
      h('label', { for: 'register-born', text: this.t('account.dateOfBirth') }), born,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: this.t('account.register') })), message));
    }

    async showAccount() {
      let me;
      try { me = await this.call('account', 'GET', '/api/accounts/me'); } catch (e) { this.announce(this.error(e)); return; }
      const name = h('input', { type: 'text', id: 'account-name', value: me.displayName || '' });
      const email = h('input', { type: 'email', id: 'account-email', value: me.email || '' });
      const current = h('input', { type: 'password', id: 'account-current', autocomplete: 'current-password' });
      const next = h('input', { type: 'password', id: 'account-new', autocomplete: 'new-password', minLength: 12 });
      const message = h('p', { role: 'status' });
      const attempt = async (work, done) => { try { await work(); message.textContent = this.t(done); } catch (e) { message.textContent = this.error(e); } };
      this.show('account', h('div', { class: 'form' },
        h('button', { type: 'button', class: 'link back', text: this.t('nav.back'), onclick: () => this.showPrivacy() }),
        h('h3', { text: this.t('account.title') }),
        h('label', { for: 'account-name', text: this.t('account.displayName') }), name,
        h('label', { for: 'account-email', text: this.t('account.email') }), email,
        h('button', { type: 'button', class: 'secondary', text: this.t('account.save'), onclick: () => {
          const change = { displayName: name.value };
          if (email.value !== me.email) change.email = email.value;
          attempt(async () => {
            try {
              await this.call('account', 'PATCH', '/api/accounts/me', change);
            } catch (e) {
              if (!(e instanceof ApiError && e.status === 401 && change.email)) throw e;
              // moving the account to another address needs a recent sign-in: the current password, once more
              if (!current.value) throw Object.assign(new Error(this.t('account.confirmPasswordForEmail')), { shown: true });
              const fresh = await this.call('account', 'POST', '/api/auth/step-up', { password: current.value });
              this.setSession({ token: fresh.accessToken });
              await this.call('account', 'PATCH', '/api/accounts/me', change);
            }
          }, change.email ? 'account.emailLinkSent' : 'account.saved');
        } }),
        h('label', { for: 'account-current', text: this.t('account.currentPassword') }), current,
        h('label', { for: 'account-new', text: this.t('account.newPassword') }), next,
        h('button', { type: 'button', class: 'secondary', text: this.t('account.changePassword'), onclick: () => attempt(async () => {
          const tokens = await this.call('account', 'POST', '/api/accounts/me/password', { currentPassword: current.value, newPassword: next.value });
          this.setSession({ token: tokens.accessToken, refreshToken: tokens.refreshToken });
        }, 'account.passwordChanged') }),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', text: this.t('account.signOut'), onclick: () => this.signOut(false) }),
          h('button', { type: 'button', class: 'secondary', text: this.t('account.signOutEverywhere'), onclick: () => this.signOut(true) })),
        message));
    }

    async login(accessToken, refreshToken) {
      // a visitor's conversation moves to the account (account-service links them), so the panel keeps following it
      const conversationId = this.session.kind === 'visitor' ? this.session.conversationId : undefined;
      this.resetSession();
      this.setSession({ token: accessToken, refreshToken, kind: 'user', conversationId });
      if (conversationId) this.movingUntil = Date.now() + 10000;
      await this.loadConsent();
      this.applyConsentToStorage();
    }

    async signOut(everywhere) {
      try {
        await this.call('account', 'POST', '/api/auth/logout', { refreshToken: this.session.refreshToken, everywhere: !!everywhere });
      } catch (e) { /* signed out locally whatever the server says */ }
      this.resetSession();
      store.clearPreferences();
      this.showBanner();
    }
  }

  /* ---------- helpers ---------- */

  function policyLink(widget, policy) {
    const updated = widget.t('policy.lastUpdated', { version: policy.version, date: widget.date(policy.lastUpdated || policy.effectiveAt) });
    if (policy.url) {
      return h('a', { href: policy.url, target: '_blank', rel: 'noopener noreferrer', text: widget.t('policy.link') + ' — ' + updated });
    }
    return h('details', {}, h('summary', { text: widget.t('policy.link') + ' — ' + updated }),
      h('div', { class: 'policy-text' }, (policy.text || policy.summary || '').split(/\n{2,}/).map(p => h('p', { text: p }))));
  }

  function browserLanguage() {
    for (const lang of navigator.languages || [navigator.language || 'en']) {
      if (/^zh/i.test(lang)) return 'zh-CN';
      if (/^en/i.test(lang)) return 'en';
    }
    return 'en';
  }

  function megabytes(bytes) { return Math.round(bytes / (1024 * 1024)) + ' MB'; }
  function kilobytes(bytes) { return Math.max(1, Math.round(bytes / 1024)) + ' KB'; }
  function sleep(ms) { return new Promise(resolve => setTimeout(resolve, ms)); }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /* ---------- the page's API ---------- */

  customElements.define('confidant-widget', ConfidantWidget);
  const ready = new Promise(resolve => {
    const mount = () => resolve(document.querySelector('confidant-widget')
      || document.body.appendChild(document.createElement('confidant-widget')));
    if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
  });

  const started = () => ready.then(w => w.started.then(() => w));
  window.Confidant = Object.freeze({
    /** Signs the panel in with an access token the host page obtained (e.g. its own login with account-service). */
    login: (accessToken, refreshToken) => started().then(w => w.login(accessToken, refreshToken)),
    /** Forgets the session in this tab (tokens are not revoked: use the panel's sign-out for that). */
    logout: () => started().then(w => { w.resetSession(); store.clearPreferences(); }),
    open: () => started().then(w => w.open()),
    close: () => started().then(w => w.close()),
    privacy: () => started().then(w => w.showPrivacy())
  });
})();
