// Web chat page: sends messages to /chat/api/messages and draws replies with textContent only.
(() => {
  const cfg = JSON.parse(document.getElementById('config').textContent);
  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const KEY = 'hoaban.chatId';
  let chatId = localStorage.getItem(KEY);
  const fresh = !chatId;
  if (!chatId) {
    chatId = crypto.randomUUID();
    localStorage.setItem(KEY, chatId);
  }

  function bubble(who, text) {
    const div = document.createElement('div');
    div.className = `msg ${who}`;
    const p = document.createElement('p');
    p.textContent = text;
    div.appendChild(p);
    log.appendChild(div);
    return div;
  }

  function draw(messages) {
    for (const m of messages) {
      const div = bubble('bot', m.text);
      if (m.phones.length) {
        const row = document.createElement('div');
        row.className = 'phones';
        for (const ph of m.phones) {
          const a = document.createElement('a');
          a.href = ph.href;
          a.textContent = `${cfg.strings.call} ${ph.number} — ${ph.label}`;
          row.appendChild(a);
        }
        div.appendChild(row);
      }
      for (const l of m.links) {
        const a = document.createElement('a');
        a.href = l.url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        a.textContent = l.label;
        div.appendChild(a);
      }
      if (m.buttons.length) {
        const row = document.createElement('div');
        row.className = 'buttons';
        m.buttons.forEach((b, i) => {
          const btn = document.createElement('button');
          btn.type = 'button';
          btn.textContent = `${i + 1}. ${b.label}`;
          btn.addEventListener('click', () => send({ action: b.id }, b.label));
          row.appendChild(btn);
        });
        div.appendChild(row);
      }
    }
    window.scrollTo(0, document.body.scrollHeight);
  }

  async function send(body, echo, silent) {
    if (echo) bubble('you', echo);
    try {
      const res = await fetch('/chat/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId, ...body }),
      });
      if (!res.ok) throw new Error(String(res.status));
      const data = await res.json();
      if (!silent) draw(data.messages);
    } catch {
      bubble('error', cfg.strings.error);
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text }, text);
  });

  document.getElementById('loc').addEventListener('click', () => {
    if (!navigator.geolocation) return bubble('error', cfg.strings.locationDenied);
    navigator.geolocation.getCurrentPosition(
      (pos) => send({ location: { lat: pos.coords.latitude, lon: pos.coords.longitude } }, '📍'),
      () => bubble('error', cfg.strings.locationDenied),
      { timeout: 15000 },
    );
  });

  async function poll() {
    try {
      const res = await fetch('/chat/api/poll', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId }),
      });
      if (res.ok) draw((await res.json()).messages);
    } catch {}
  }
  setInterval(poll, 15000);

  // The bot speaks the page's language: switch it quietly when the page's language changed.
  const LANG = 'hoaban.lang';
  (async () => {
    if (localStorage.getItem(LANG) !== cfg.locale) {
      await send({ action: `lang:${cfg.locale}` }, null, true);
      localStorage.setItem(LANG, cfg.locale);
    }
    if (fresh || cfg.unit) await send({ start: cfg.unit ? { payload: cfg.unit } : {} });
    else await send({ action: 'menu:home' });
  })();
  input.focus();
})();
