'use strict';
// The console reads /api/console/state; it never receives a token or a secret.

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '—' : String(text);
  row.appendChild(td);
}

function fillTable(id, rows, columns) {
  const body = document.querySelector('#' + id + ' tbody');
  body.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement('tr');
    columns.forEach(c => cell(tr, typeof c === 'function' ? c(r) : r[c]));
    body.appendChild(tr);
  }
}

function render(state) {
  const mode = document.getElementById('mode');
  mode.textContent = state.mode;
  mode.className = 'mode ' + (state.emulated ? 'emulated' : 'real');
  document.getElementById('corp-id').textContent = state.corpId;
  fillTable('apps', state.apps, ['agentId', 'name']);
  fillTable('tokens', state.tokens, ['credential', r => r.cached ? 'yes' : 'no', 'expiresAt', 'remainingSeconds', 'fetches', 'lastErrcode']);
  const t = state.transport;
  document.getElementById('transport').textContent =
    `${t.calls} calls, ${t.attempts} attempts, ${t.retries} retries, ${t.systemBusy} "system busy" (-1), ${t.networkErrors} network errors, ${t.exhausted} gave up`;
}

async function load() {
  const res = await fetch('/api/console/state');
  render(await res.json());
}

document.getElementById('check').addEventListener('click', async () => {
  const out = document.getElementById('check-result');
  out.className = '';
  out.textContent = 'checking…';
  const res = await fetch('/api/console/tokens/refresh', { method: 'POST' });
  const body = await res.json();
  if (res.ok) {
    render(body);
    out.textContent = 'all credentials work';
  } else {
    out.className = 'error';
    out.textContent = `errcode ${body.errcode}: ${body.errmsg} — ${body.hint}`;
  }
});

load();
setInterval(load, 5000);
