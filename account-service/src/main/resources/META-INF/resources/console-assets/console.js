'use strict';
// The staff console (docs/console.md): sign in with a staff account, the tokens held in this page's memory only,
// pages shown by role. The services enforce every role on their own; what is hidden here is only what would fail.
(() => {
  const TEXT = {
    en: {
      language: 'Language', skip: 'Skip to content', pages: 'Console pages', signInTitle: 'Sign in to the staff console',
      email: 'Email', password: 'Password', signIn: 'Sign in', signOut: 'Sign out',
      signedInAs: 'Signed in: {roles}', notStaff: 'This account has no staff role.',
      expired: 'Your session ended; sign in again.', signedOut: 'You are signed out.',
      nothing: 'No page of this console is for your roles yet.',
      requests: 'Requests', requestsTitle: 'Open data-subject requests',
      requestsIntro: 'Nearest deadline first. Every owner must answer before a request completes.',
      type: 'Type', subject: 'Subject', status: 'Status', deadline: 'Deadline', daysLeft: 'Days left',
      owners: 'Owners answered', actions: 'Actions', none: 'No open requests.',
      erasure: 'erasure', access: 'access', extend: 'Extend', extendTitle: 'Extend the deadline by two months',
      reason: 'Reason (recorded, shown to auditors)', confirmExtend: 'Extend by two months', cancel: 'Cancel',
      extended: 'Extended: {reason}', extendedDone: 'The deadline is extended.', loading: 'Loading…',
      failed: 'That did not work: {detail}', unreachable: 'A service could not be reached.',
      'status:in-progress': 'in progress', 'status:held': 'held', 'status:completed': 'completed',
      'status:collecting': 'collecting', 'status:ready': 'ready', 'status:expired': 'expired',
      'role:agent': 'agent', 'role:dpo': 'DPO', 'role:auditor': 'auditor', 'role:admin': 'admin'
    },
    zh: {
      language: '语言', skip: '跳到内容', pages: '控制台页面', signInTitle: '登录员工控制台',
      email: '电子邮件', password: '密码', signIn: '登录', signOut: '退出登录',
      signedInAs: '已登录：{roles}', notStaff: '此帐户没有员工角色。',
      expired: '会话已结束，请重新登录。', signedOut: '您已退出登录。',
      nothing: '控制台中暂无适合您角色的页面。',
      requests: '请求', requestsTitle: '未结的数据主体请求',
      requestsIntro: '截止日期最近的排在前面。所有数据所有者答复后请求才会完成。',
      type: '类型', subject: '数据主体', status: '状态', deadline: '截止日期', daysLeft: '剩余天数',
      owners: '已答复的所有者', actions: '操作', none: '没有未结的请求。',
      erasure: '删除', access: '访问', extend: '延期', extendTitle: '将截止日期延长两个月',
      reason: '理由（会被记录，审计员可见）', confirmExtend: '延长两个月', cancel: '取消',
      extended: '已延期：{reason}', extendedDone: '截止日期已延长。', loading: '正在加载…',
      failed: '操作未成功：{detail}', unreachable: '无法连接某个服务。',
      'status:in-progress': '处理中', 'status:held': '已暂停（法律保留）', 'status:completed': '已完成',
      'status:collecting': '收集中', 'status:ready': '可下载', 'status:expired': '已过期',
      'role:agent': '客服', 'role:dpo': '数据保护官', 'role:auditor': '审计员', 'role:admin': '管理员'
    }
  };
  const STAFF = ['agent', 'dpo', 'auditor', 'admin'];
  const PAGES = [
    { id: 'requests', roles: ['dpo', 'auditor'], render: requestsPage }
  ];
  const session = { token: null, refresh: null, claims: null, timer: null };
  let config = { retentionUrl: null, consentUrl: null, chatUrl: null };
  let lang = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';

  const $ = (id) => document.getElementById(id);
  const t = (key, vars) => (TEXT[lang][key] || TEXT.en[key] || key)
    .replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] !== undefined ? vars[name] : ''));

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(child)));
    return node;
  }

  function say(message, isError) {
    const status = $('status');
    status.textContent = message || '';
    status.className = isError ? 'error' : '';
  }

  function claimsOf(token) {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  const roles = () => (session.claims && session.claims.groups) || [];
  const allowed = (page) => page.roles.some((role) => roles().includes(role));

  /** A JSON call with the session's token; one refresh on 401, then the session ends. */
  async function call(base, path, options, retried) {
    const headers = { Accept: 'application/json' };
    if (session.token) headers.Authorization = 'Bearer ' + session.token;
    if (options && options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch((base || '') + path, {
        method: (options && options.method) || 'GET', headers,
        body: options && options.body !== undefined ? JSON.stringify(options.body) : undefined
      });
    } catch (e) {
      throw new Error(t('unreachable'));
    }
    if (response.status === 401 && session.token && !retried) {
      if (await refresh()) return call(base, path, options, true);
      end('expired');
      throw new Error(t('expired'));
    }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && (body.detail || body.title) ? (body.detail || body.title) : String(response.status);
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function keep(tokens) {
    session.token = tokens.accessToken;
    session.refresh = tokens.refreshToken;
    session.claims = claimsOf(tokens.accessToken);
    clearTimeout(session.timer);
    // renew a minute before the access token ends
    const wait = Math.max(5, session.claims.exp - Date.now() / 1000 - 60) * 1000;
    session.timer = setTimeout(() => refresh().then((ok) => { if (!ok) end('expired'); }), wait);
  }

  async function refresh() {
    if (!session.refresh) return false;
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refresh })
      });
      if (!response.ok) return false;
      keep(await response.json());
      return true;
    } catch (e) {
      return false;
    }
  }

  /** Forgets the session (tokens were only ever in memory) and shows the sign-in form with why. */
  function end(reason) {
    clearTimeout(session.timer);
    session.token = null;
    session.refresh = null;
    session.claims = null;
    render();
    say(t(reason), reason === 'expired');
  }

  async function signOut() {
    try {
      await call(null, '/api/auth/logout', { method: 'POST', body: {} }, true);
    } catch (e) {
      // the tokens are dropped here either way
    }
    end('signedOut');
  }

  function signInView(main) {
    const email = el('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
    const password = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const form = el('form', { class: 'signin', id: 'signin' },
      el('label', { for: 'email' }, t('email')), email,
      el('label', { for: 'password' }, t('password')), password,
      el('button', { type: 'submit' }, t('signIn')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      say('');
      try {
        const tokens = await call(null, '/api/auth/login', { method: 'POST',
          body: { email: email.value, password: password.value } }, true);
        const claims = claimsOf(tokens.accessToken);
        if (!(claims.groups || []).some((role) => STAFF.includes(role))) {
          await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + tokens.accessToken,
            'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
          say(t('notStaff'), true);
          return;
        }
        keep(tokens);
        password.value = '';
        const first = PAGES.find(allowed);
        location.hash = first ? '#/' + first.id : '#/';
        render();
      } catch (e) {
        say(t('failed', { detail: e.message }), true);
      }
    });
    main.append(el('h1', {}, t('signInTitle')), form);
    email.focus();
  }

  async function requestsPage(main) {
    main.append(el('h1', {}, t('requestsTitle')), el('p', { class: 'muted' }, t('requestsIntro')));
    const holder = el('div', { id: 'requests' }, t('loading'));
    main.append(holder);
    const requests = await call(config.retentionUrl, '/api/requests');
    holder.textContent = '';
    if (!requests.length) {
      holder.append(el('p', {}, t('none')));
      return;
    }
    const dpo = roles().includes('dpo');
    const rows = requests.map((request) => {
      const answered = (request.owners || []).filter((o) => o.acknowledgedAt || o.collectedAt).length;
      const actions = el('td', {});
      if (request.extensionReason) {
        actions.append(el('span', { class: 'muted' }, t('extended', { reason: request.extensionReason })));
      } else if (dpo && request.type === 'erasure') {
        actions.append(el('button', { class: 'quiet', type: 'button', 'data-request': request.id,
          'aria-label': t('extend') + ' ' + request.id, onclick: () => extendForm(actions, request) }, t('extend')));
      }
      return el('tr', { 'data-request': request.id },
        el('td', {}, t(request.type)),
        el('td', {}, el('code', { title: request.subjectId }, request.subjectId.slice(0, 8))),
        el('td', { 'data-status': request.status }, t('status:' + request.status)),
        el('td', {}, new Date(request.deadline).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')),
        el('td', { class: request.daysLeft <= 7 ? 'due' : null }, String(request.daysLeft)),
        el('td', {}, answered + ' / ' + (request.owners || []).length),
        actions);
    });
    holder.append(el('table', {},
      el('caption', { class: 'visually-hidden' }, t('requestsTitle')),
      el('thead', {}, el('tr', {}, ['type', 'subject', 'status', 'deadline', 'daysLeft', 'owners', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, rows)));
  }

  function extendForm(cell, request) {
    const reason = el('textarea', { id: 'reason-' + request.id, rows: 2, maxlength: 1000, required: true });
    const form = el('form', { class: 'extend', 'aria-label': t('extendTitle') },
      el('label', { for: reason.id }, t('reason')), reason,
      el('button', { type: 'submit' }, t('confirmExtend')),
      el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await call(config.retentionUrl, '/api/requests/' + request.id + '/extension', { method: 'POST',
          body: { reason: reason.value } });
        await render();
        say(t('extendedDone'));
      } catch (e) {
        say(t('failed', { detail: e.message }), true);
      }
    });
    cell.textContent = '';
    cell.append(form);
    reason.focus();
  }

  async function render() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    $('lang-label').textContent = t('language');
    $('skip').textContent = t('skip');
    const nav = $('nav');
    const who = $('who');
    const main = $('main');
    nav.textContent = '';
    who.textContent = '';
    main.textContent = '';
    if (!session.token) {
      nav.removeAttribute('aria-label');
      signInView(main);
      return;
    }
    nav.setAttribute('aria-label', t('pages'));
    const current = PAGES.find((page) => '#/' + page.id === location.hash && allowed(page))
      || PAGES.find(allowed);
    PAGES.filter(allowed).forEach((page) => nav.append(el('a', { href: '#/' + page.id,
      'aria-current': page === current ? 'page' : null }, t(page.id))));
    who.append(t('signedInAs', { roles: roles().filter((role) => STAFF.includes(role))
      .map((role) => t('role:' + role)).join(lang === 'zh' ? '、' : ', ') }), ' ',
      el('button', { type: 'button', class: 'quiet', id: 'signout', onclick: signOut }, t('signOut')));
    if (!current) {
      main.append(el('p', {}, t('nothing')));
      return;
    }
    try {
      await current.render(main);
    } catch (e) {
      if (session.token) say(t('failed', { detail: e.message }), true);
    }
  }

  async function start() {
    $('lang').value = lang;
    $('lang').addEventListener('change', () => { lang = $('lang').value; say(''); render(); });
    window.addEventListener('hashchange', () => { say(''); render(); });
    try {
      config = await (await fetch('/console/config', { headers: { Accept: 'application/json' } })).json();
    } catch (e) {
      say(t('unreachable'), true);
    }
    render();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
