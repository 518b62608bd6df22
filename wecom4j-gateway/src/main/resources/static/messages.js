'use strict';
// Reads /api/console/messages: the outbox beside each member's emulator inbox.
let apiKey = null;

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value === null || value === undefined ? '—' : String(value);
  if (cls) el.className = cls;
  return el;
}

function render(data) {
  apiKey = data.demo_api_key;
  document.getElementById('demo-key').textContent = apiKey
    ? 'Emulated mode: demo API key ' + apiKey + ' (header X-API-Key)'
    : 'Callers need an API key from gateway.messages.api-keys.';
  document.getElementById('counts').textContent = 'calls by state: ' + JSON.stringify(data.calls_by_state);
  const body = document.querySelector('#outbox tbody');
  body.replaceChildren();
  for (const m of data.outbox) {
    const tr = document.createElement('tr');
    tr.className = 'message state-' + m.state;
    const errcodes = m.calls.map(c => c.errcode).filter(c => c !== null && c !== 0);
    [m.id.substring(0, 8), m.state, m.calls.length, errcodes.join(',') || null, m.invaliduser.join('|') || null, m.created_at]
      .forEach(v => tr.appendChild(text('td', v)));
    body.appendChild(tr);
  }
  const boxes = document.getElementById('inboxes');
  if (!data.inboxes) return;
  boxes.replaceChildren();
  for (const box of data.inboxes) {
    const div = document.createElement('div');
    div.className = 'inbox';
    div.id = 'inbox-' + box.userid;
    div.appendChild(text('h3', box.name + ' (' + box.userid + '): ' + box.count + ' received, ' + box.dropped + ' dropped'));
    const ul = document.createElement('ul');
    for (const msg of box.messages) {
      ul.appendChild(text('li', '[' + msg.msgtype + '] ' + msg.summary, msg.recalled ? 'recalled' : ''));
    }
    div.appendChild(ul);
    boxes.appendChild(div);
  }
}

async function refresh() {
  const r = await fetch('/api/console/messages');
  render(await r.json());
}

document.getElementById('send').addEventListener('click', async () => {
  const out = document.getElementById('send-result');
  const r = await fetch('/api/messages', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey || '' },
    body: document.getElementById('body').value
  });
  const j = await r.json();
  out.textContent = r.ok ? 'queued ' + j.id + ' (' + j.calls + ' call(s))' : 'refused: ' + j.errcode + ' ' + j.errmsg;
  out.className = r.ok ? '' : 'error';
  setTimeout(refresh, 500);
});

refresh();
setInterval(refresh, 2000);
