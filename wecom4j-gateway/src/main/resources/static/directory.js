'use strict';
// Reads the mirror through /api/console/directory*: state, tree, a department's members, a member.

function el(tag, value, attrs) {
  const e = document.createElement(tag);
  if (value !== undefined) e.textContent = value === null ? '—' : String(value);
  Object.assign(e, attrs || {});
  return e;
}

function set(id, value) {
  document.getElementById(id).textContent = value === null || value === undefined || value === '' ? '—' : String(value);
}

function renderStatus(s) {
  set('loaded', s.loaded ? 'yes, since ' + s.loadedAt + (s.details ? '' : ' (ids only: WeCom refuses details to this secret)') : 'no');
  set('counts', s.members + ' / ' + s.departments);
  set('last-reconcile', s.lastReconcileAt ? s.lastReconcileAt + ' (' + s.lastReconcileMs + ' ms)' : null);
  set('drift', s.lastReconcileAt ? s.lastDrift + ' rows (' + s.totalDrift + ' since the first load)' : null);
  set('drift-detail', s.lastDriftDetail);
  set('last-sync', s.lastSyncAt ? s.lastSyncAt + ': ' + s.lastSyncSummary : null);
  set('last-error', s.lastError);
}

function renderTree(nodes) {
  const ul = el('ul');
  for (const n of nodes) {
    const li = el('li');
    const b = el('button', n.name || '#' + n.id, {id: 'dept-' + n.id, type: 'button'});
    b.addEventListener('click', () => showMembers(n));
    li.appendChild(b);
    if (n.children.length) li.appendChild(renderTree(n.children));
    ul.appendChild(li);
  }
  return ul;
}

async function showMembers(dept) {
  document.querySelectorAll('#tree button.selected').forEach(b => b.classList.remove('selected'));
  document.getElementById('dept-' + dept.id).classList.add('selected');
  const page = await (await fetch('/api/console/directory/departments/' + dept.id + '/members')).json();
  set('members-title', 'Members of ' + (dept.name || '#' + dept.id) + ' (' + page.total + ')');
  const list = document.getElementById('members');
  list.replaceChildren();
  for (const m of page.items) {
    const b = el('button', m.name + ' (' + m.userId + ')', {id: 'member-' + m.userId, type: 'button'});
    b.addEventListener('click', () => showMember(m.userId));
    const li = el('li');
    li.appendChild(b);
    list.appendChild(li);
  }
}

async function showMember(userId) {
  const r = await fetch('/api/console/directory/members/' + encodeURIComponent(userId));
  const dl = document.getElementById('member');
  dl.replaceChildren();
  if (!r.ok) {
    dl.appendChild(el('dt', 'error'));
    dl.appendChild(el('dd', 'HTTP ' + r.status));
    return;
  }
  const m = await r.json();
  const departments = m.memberships.map(x => x.departmentId + (x.leader ? ' (leader)' : '')).join(', ');
  const rows = [['userid', m.userId], ['name', m.name], ['departments', departments], ['main department', m.mainDepartment],
    ['position', m.position], ['mobile', m.mobile], ['email', m.email], ['status', m.status]];
  for (const [k, v] of rows) {
    dl.appendChild(el('dt', k));
    dl.appendChild(el('dd', v, {id: 'detail-' + k.replace(' ', '-')}));
  }
}

async function load() {
  const data = await (await fetch('/api/console/directory')).json();
  renderStatus(data.status);
  const tree = document.getElementById('tree');
  tree.replaceChildren(data.tree.length ? renderTree(data.tree) : el('p', 'Not loaded yet.', {className: 'note'}));
}

document.getElementById('reconcile').addEventListener('click', async () => {
  set('reconcile-result', 'reconciling…');
  const r = await fetch('/api/console/directory/reconcile', {method: 'POST'});
  const body = await r.json();
  if (!r.ok) {
    set('reconcile-result', 'refused: ' + (body.errcode !== undefined ? body.errcode + ' ' + body.errmsg : r.status));
    return;
  }
  set('reconcile-result', body.ran ? 'done: drift ' + body.status.lastDrift : 'another instance is reconciling');
  await load();
});

load();
