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

// Against real WeCom the console's API is for the listed admins only (401 not signed in, 403 not an
// admin): say so, instead of rendering an empty console.
function signInPrompt(status, body) {
  document.getElementById('console').hidden = true;
  document.getElementById('sign-in').hidden = false;
  const mode = document.getElementById('mode');
  mode.textContent = 'real WeCom';
  mode.className = 'mode real';
  document.getElementById('sign-in-why').textContent = status === 403
    ? 'You are signed in, but not as one of the console\'s administrators.'
    : 'You are not signed in.';
  if (status === 403) {
    document.getElementById('sign-in-link').textContent = 'Sign in as another member';
  }
}

let poller;

async function load() {
  const res = await fetch('/api/console/state');
  const body = await res.json();
  if (res.status === 401 || res.status === 403) {
    clearInterval(poller);
    signInPrompt(res.status, body);
    return;
  }
  render(body);
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

poller = setInterval(load, 5000);
load();
