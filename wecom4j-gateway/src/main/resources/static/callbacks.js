'use strict';
// Reads /api/console/callbacks: callbacks per type, subscription health, dead letters.

function cell(tr, value) {
  const td = document.createElement('td');
  td.textContent = value === null || value === undefined || value === '' ? '—' : String(value);
  tr.appendChild(td);
  return td;
}

function renderTypes(byType) {
  const body = document.querySelector('#types tbody');
  body.replaceChildren();
  for (const [type, t] of Object.entries(byType)) {
    const tr = document.createElement('tr');
    tr.id = 'type-' + type;
    cell(tr, type);
    cell(tr, t.count);
    cell(tr, t.recent.map(e => e.from_user + ' @ ' + e.received_at).join(', '));
    body.appendChild(tr);
  }
}

function renderSubscriptions(subs) {
  const body = document.querySelector('#subscriptions tbody');
  body.replaceChildren();
  const dead = document.getElementById('dead-letters');
  dead.replaceChildren();
  for (const s of subs) {
    const h = s.health;
    const tr = document.createElement('tr');
    tr.id = 'subscription-' + s.name;
    tr.className = h.dead_letter > 0 ? 'error' : '';
    cell(tr, s.name);
    cell(tr, s.url);
    cell(tr, s.event_types.join(', '));
    cell(tr, h.queued + h.delivering).className = 'queued';
    cell(tr, h.delivered).className = 'delivered';
    cell(tr, h.dead_letter).className = 'dead';
    cell(tr, h.last_error ? h.last_error + ' (' + h.last_error_at + ')' : null).className = 'last-error';
    const action = document.createElement('td');
    if (h.dead_letter > 0) {
      const b = document.createElement('button');
      b.textContent = 'Re-drive dead letters';
      b.className = 'redrive';
      b.addEventListener('click', () => redrive(s.id));
      action.appendChild(b);
    }
    tr.appendChild(action);
    body.appendChild(tr);
    if (s.dead_letters.length > 0) {
      const h3 = document.createElement('h3');
      h3.textContent = 'Dead letters of ' + s.name;
      const ul = document.createElement('ul');
      ul.id = 'dead-' + s.name;
      for (const d of s.dead_letters) {
        const li = document.createElement('li');
        li.textContent = '#' + d.event_id + ' ' + d.type + ': ' + d.reason;
        ul.appendChild(li);
      }
      dead.append(h3, ul);
    }
  }
}

async function redrive(id) {
  const r = await fetch('/api/console/subscriptions/' + encodeURIComponent(id) + '/redrive', { method: 'POST' });
  const j = await r.json();
  const out = document.getElementById('redrive-result');
  out.textContent = r.ok ? 're-driven: ' + j.requeued : 'refused: ' + j.errmsg;
  refresh();
}

async function refresh() {
  const r = await fetch('/api/console/callbacks');
  const data = await r.json();
  renderTypes(data.by_type);
  renderSubscriptions(data.subscriptions);
}

refresh();
setInterval(refresh, 2000);
