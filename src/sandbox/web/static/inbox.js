// The sandbox's web inbox. Plain browser JavaScript, no build step, no dependencies.
// Rules this file keeps: message data reaches the page only through textContent and text nodes
// (never parsed as HTML), and every request goes to this page's own origin.
'use strict';
(() => {
  const TOKEN_KEY = 'smsctl-sandbox-token';
  const PAGE = 100;
  const THREAD_PAGE = 50;
  const PROVIDERS = { sepsms: 'SEPSMS', mesms: 'ME-SMS', thaibulksms: 'ThaiBulkSMS' };
  const $ = (id) => document.getElementById(id);

  // The page's language and its labels (src/sandbox/web/labels.ts), put in the page by the server.
  const LANG = document.documentElement.lang === 'th' ? 'th' : 'en';
  const LABELS = JSON.parse($('labels').textContent);
  const number = (n) => n.toLocaleString('en-US');
  // A label with its {placeholders} filled in; a label with plural forms is chosen by {n}.
  function tr(key, params) {
    let label = LABELS[key];
    if (label === undefined) return key;
    if (typeof label !== 'string') label = params && params.n === 1 ? label.one : label.other;
    return label.replace(/\{([a-z]+)\}/g, (whole, name) => {
      if (!params || params[name] === undefined) return whole;
      return typeof params[name] === 'number' ? number(params[name]) : String(params[name]);
    });
  }

  // Bangkok time either way; in Thai the Buddhist Era year and Thai month names ("17 ธ.ค. 2569 17:12:00").
  const when = new Intl.DateTimeFormat(LANG === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB', {
    timeZone: 'Asia/Bangkok', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });
  const fmt = (iso) => (iso ? when.format(new Date(iso)) : '');

  // The token of a sandbox on a wide bind: from the address's fragment (never sent to a
  // server, never in a Referer), kept for this tab only, and taken out of the address bar.
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem(TOKEN_KEY, hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const headers = (extra) => {
    const h = Object.assign({ Accept: 'application/json' }, extra);
    if (token()) h.Authorization = `Bearer ${token()}`;
    return h;
  };

  class Unauthorized extends Error {}

  async function api(path, init) {
    const res = await fetch(path, Object.assign({ mode: 'same-origin', credentials: 'same-origin', cache: 'no-store' }, init, { headers: headers(init && init.headers) }));
    if (res.status === 401) throw new Unauthorized();
    if (res.status === 404 && init && init.optional) return undefined;
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  }

  const state = {
    view: 'inbox',
    q: '',
    provider: '',
    selected: undefined,
    convLimit: PAGE,
    sendsLimit: PAGE,
    threadLimit: THREAD_PAGE,
    refreshing: false,
    again: false,
  };

  function el(tag, props, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children || []) if (c !== undefined && c !== null) e.append(c);
    return e;
  }

  const providerName = (p) => PROVIDERS[p] || p;
  const count = (key, n) => tr(key, { n });
  const query = (extra) => {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    if (state.provider) p.set('provider', state.provider);
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, String(v));
    return p.toString();
  };

  // An OTP's code is known; in other texts a 4–8 digit number next to a word for "code" is one.
  const CODE_WORDS = /otp|code|pin|passcode|verif|รหัส/i;
  const CODE = /(?<![0-9])[0-9]{4,8}(?![0-9])/;
  function codeIn(m) {
    if (m.code && m.text.includes(m.code)) return m.code;
    if (!CODE_WORDS.test(m.text)) return undefined;
    const hit = CODE.exec(m.text);
    return hit ? hit[0] : undefined;
  }

  async function copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Not a secure context (a LAN address over http): the old way still works.
      const area = el('textarea', { readonly: true });
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    button.textContent = tr('copy.done');
    setTimeout(() => (button.textContent = tr('copy.button')), 1500);
  }

  function messageText(m) {
    const box = el('div', { class: 'text', dir: 'auto' });
    const code = codeIn(m);
    const at = code ? m.text.indexOf(code) : -1;
    if (at < 0) {
      box.textContent = m.text;
      return box;
    }
    const button = el('button', { type: 'button', class: 'copy', title: tr('copy.title', { code }), text: tr('copy.button') });
    button.addEventListener('click', () => copy(code, button));
    box.append(document.createTextNode(m.text.slice(0, at)), el('mark', { class: 'otp', text: code }), button, document.createTextNode(m.text.slice(at + code.length)));
    return box;
  }

  function statusEl(status) {
    return el('span', { class: 'status', dataset: { status }, text: LABELS[`status.${status}`] === undefined ? status : tr(`status.${status}`) });
  }

  function messageItem(m) {
    const time = m.deliveredAt || m.scheduledAt || m.sentAt;
    const meta = [
      el('time', { datetime: time, text: fmt(time) }),
      ` · ${m.encoding} · ${count('count.parts', m.parts)} · ${count('count.credits', m.credits)} · `,
      statusEl(m.status),
    ];
    return el('li', { class: 'msg', dataset: { id: m.id, status: m.status, kind: m.kind }, title: tr('message.reference', { ref: m.ref }) }, [
      el('div', { class: 'from' }, [el('b', { text: m.sender }), el('span', { class: 'tag', text: providerName(m.provider) }), m.kind === 'otp' ? el('span', { class: 'tag', text: 'OTP' }) : null]),
      messageText(m),
      el('div', { class: 'meta' }, meta),
    ]);
  }

  function convItem(c) {
    const li = el('li', { role: 'option', dataset: { msisdn: c.msisdn }, 'aria-selected': c.msisdn === state.selected ? 'true' : 'false' }, [
      el('span', { class: 'num', text: c.msisdn }),
      el('span', { class: 'when', text: fmt(c.latest.deliveredAt || c.latest.sentAt) }),
      el('span', { class: 'preview', dir: 'auto', text: c.latest.text }),
      el('span', { class: 'unread', hidden: c.unread === 0 || c.msisdn === state.selected, text: String(c.unread) }),
    ]);
    li.addEventListener('click', () => select(c.msisdn));
    return li;
  }

  async function loadConversations() {
    const data = await api(`/__sandbox/conversations?${query({ limit: state.convLimit })}`);
    $('conv-count').textContent = data.total === 0 ? tr(state.q || state.provider ? 'conv.no_match' : 'conv.none') : count('count.numbers', data.total);
    $('conversations').replaceChildren(...data.conversations.map(convItem));
    $('more-convs').hidden = data.conversations.length >= data.total;
  }

  async function loadThread() {
    const head = $('thread-head');
    if (!state.selected) {
      head.replaceChildren();
      $('messages').replaceChildren();
      $('older').hidden = true;
      $('thread-empty').hidden = false;
      return;
    }
    const data = await api(`/__sandbox/conversations/${encodeURIComponent(state.selected)}?limit=${state.threadLimit}`);
    if (data.total === 0) {
      state.selected = undefined;
      return loadThread();
    }
    $('thread-empty').hidden = true;
    head.replaceChildren(el('span', { class: 'num', text: data.msisdn }), el('span', { class: 'count', text: count('count.messages', data.total) }));
    const list = $('messages');
    const stick = list.parentElement.scrollHeight - list.parentElement.scrollTop - list.parentElement.clientHeight < 40;
    list.replaceChildren(...data.messages.map(messageItem));
    $('older').hidden = !data.more;
    if (stick) list.parentElement.scrollTop = list.parentElement.scrollHeight;
    if (data.unread > 0) await api(`/__sandbox/conversations/${encodeURIComponent(state.selected)}/read`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  }

  function chips(counts) {
    return el('span', { class: 'chips' }, counts.map((c) => el('span', {}, [statusEl(c.status), ` ${number(c.count)}`])));
  }

  async function loadSends() {
    const data = await api(`/__sandbox/sends?${query({ limit: state.sendsLimit })}`);
    $('sends-count').textContent = data.total ? count('count.sends', data.total) : '';
    $('sends-empty').hidden = data.total > 0;
    $('sends').querySelector('tbody').replaceChildren(
      ...data.sends.map((s) =>
        el('tr', { dataset: { ref: s.ref } }, [
          el('td', { text: s.scheduledAt ? tr('sends.scheduled', { time: fmt(s.scheduledAt) }) : fmt(s.createdAt) }),
          el('td', { text: providerName(s.provider) + (s.kind === 'otp' ? ' OTP' : '') }),
          el('td', { class: 'ref', text: s.ref, title: s.uuid }),
          el('td', { text: s.sender }),
          el('td', { class: 'text', dir: 'auto', text: s.text, title: s.text }),
          el('td', { text: number(s.recipients) }),
          el('td', { text: tr('sends.encoding', { encoding: s.encoding, parts: count('count.parts', s.parts) }) }),
          el('td', { text: s.refundedCredits ? tr('sends.refunded', { credits: s.credits, n: s.refundedCredits }) : number(s.credits) }),
          el('td', {}, [chips(s.counts)]),
        ]),
      ),
    );
    $('more-sends').hidden = data.sends.length >= data.total;
    await loadWebhooks();
  }

  // The webhook delivery log exists only where the sandbox delivers webhooks: 404 hides it.
  async function loadWebhooks() {
    const data = await api('/__sandbox/webhooks/deliveries', { optional: true });
    $('webhooks').hidden = data === undefined;
    if (!data) return;
    const list = Array.isArray(data) ? data : data.deliveries || [];
    $('webhooks-empty').hidden = list.length > 0;
    $('webhook-table').querySelector('tbody').replaceChildren(
      ...list.map((d) => {
        const code = d.responseStatus ?? d.statusCode ?? d.status ?? d.response?.status;
        return el('tr', {}, [
          el('td', { text: fmt(d.at || d.deliveredAt || d.time) }),
          el('td', { text: String(d.event ?? d.type ?? '') }),
          el('td', { class: 'ref', text: String(d.url ?? '') }),
          el('td', { text: code === undefined || code === null ? String(d.error ?? '—') : String(code) }),
        ]);
      }),
    );
  }

  // One refresh at a time; changes that arrive during one make one more afterwards.
  async function refresh() {
    if (state.refreshing) {
      state.again = true;
      return;
    }
    state.refreshing = true;
    try {
      do {
        state.again = false;
        if (state.view === 'inbox') {
          await loadThread();
          await loadConversations();
        } else await loadSends();
      } while (state.again);
    } catch (e) {
      if (e instanceof Unauthorized) askToken();
      else console.warn(e);
    } finally {
      state.refreshing = false;
    }
  }

  let timer;
  const soon = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  };

  function select(msisdn) {
    state.selected = msisdn;
    state.threadLimit = THREAD_PAGE;
    for (const li of $('conversations').children) li.setAttribute('aria-selected', li.dataset.msisdn === msisdn ? 'true' : 'false');
    $('messages').parentElement.scrollTop = 1e9;
    refresh();
  }

  function show(view) {
    state.view = view;
    $('inbox-view').hidden = view !== 'inbox';
    $('sends-view').hidden = view !== 'sends';
    $('tab-inbox').setAttribute('aria-pressed', String(view === 'inbox'));
    $('tab-sends').setAttribute('aria-pressed', String(view === 'sends'));
    refresh();
  }

  function askToken() {
    const d = $('token-dialog');
    $('token-error').hidden = !token();
    if (!d.open) d.showModal();
  }

  // Server-Sent Events, read with fetch: EventSource cannot send the admin token. Lost streams
  // (a restarted server) are reopened after the server's `retry`; each (re)connect refetches.
  async function stream() {
    let retry = 1000;
    for (;;) {
      try {
        const res = await fetch('/__sandbox/events', { mode: 'same-origin', credentials: 'same-origin', cache: 'no-store', headers: headers({ Accept: 'text/event-stream' }) });
        if (res.status === 401) {
          askToken();
          throw new Error('unauthorized');
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let event = 'message';
            for (const line of frame.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('retry:')) retry = Number(line.slice(6)) || retry;
            }
            if (event === 'hello') {
              live('live');
              soon(0);
            } else if (event === 'change') soon(100);
          }
        }
      } catch {
        // fall through to reconnect
      }
      live('offline');
      await new Promise((r) => setTimeout(r, retry));
    }
  }

  function live(s) {
    const e = $('live');
    e.dataset.state = s;
    e.textContent = tr(s === 'live' ? 'live.live' : s === 'offline' ? 'live.offline' : 'live.connecting');
  }

  let searchTimer;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.q = $('search').value.trim();
      state.convLimit = state.sendsLimit = PAGE;
      refresh();
    }, 200);
  });
  $('provider').addEventListener('change', () => {
    state.provider = $('provider').value;
    state.convLimit = state.sendsLimit = PAGE;
    refresh();
  });
  $('tab-inbox').addEventListener('click', () => show('inbox'));
  $('tab-sends').addEventListener('click', () => show('sends'));
  $('more-convs').addEventListener('click', () => {
    state.convLimit += PAGE;
    refresh();
  });
  $('more-sends').addEventListener('click', () => {
    state.sendsLimit += PAGE;
    refresh();
  });
  $('older').addEventListener('click', () => {
    state.threadLimit += THREAD_PAGE;
    refresh();
  });
  $('reset').addEventListener('click', () => $('confirm-reset').showModal());
  $('confirm-reset-no').addEventListener('click', () => $('confirm-reset').close());
  $('confirm-reset-yes').addEventListener('click', async () => {
    $('confirm-reset').close();
    try {
      await api('/__sandbox/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    } catch (e) {
      if (e instanceof Unauthorized) return askToken();
      throw e;
    }
    state.selected = undefined;
    refresh();
  });
  const submitToken = () => {
    const t = $('token-input').value.trim();
    if (!t) return;
    sessionStorage.setItem(TOKEN_KEY, t);
    $('token-input').value = '';
    $('token-dialog').close();
    refresh();
  };
  $('token-ok').addEventListener('click', submitToken);
  $('token-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') submitToken();
  });

  refresh();
  stream();
})();
