// KafkaNet web console: one page, routed by the URL's hash, reading the JSON API under ./api.
'use strict';

const main = document.getElementById('main');
const errorBox = document.getElementById('error');

// ---- helpers ----

// Builds an element: h('td', { class: 'num' }, 'text', child, ...). Text always goes in as text, never as HTML.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function api(path, options) {
  const response = await fetch('api' + path, options);
  if (response.status === 204 || response.status === 201) return null;
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error + ': ' + body.message : 'HTTP ' + response.status);
    error.status = response.status;
    throw error;
  }
  return body;
}

function send(method, path, body) {
  return api(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

function table(headers, rows, emptyText) {
  const head = h('tr', {}, headers.map(c => h('th', { class: c.startsWith('#') ? 'num' : null }, c.replace(/^#/, ''))));
  const body = rows.length
    ? rows
    : [h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, emptyText || 'None.'))];
  return h('table', {}, h('thead', {}, head), h('tbody', {}, body));
}

const num = value => h('td', { class: 'num' }, value === null || value === undefined ? '–' : String(value));

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v === null || v === undefined || v === '' ? '–' : v))));
}

function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function configTable(configs) {
  return table(['Name', 'Value', 'Source'], configs.map(c => h('tr', {},
    h('td', {}, c.name),
    h('td', {}, c.sensitive ? h('span', { class: 'muted' }, '(sensitive)') : c.value === null ? h('span', { class: 'muted' }, 'null') : c.value),
    h('td', {}, h('span', { class: c.isDefault ? 'badge' : 'badge warn' }, c.source)))), 'No configs.');
}

const link = (href, text) => h('a', { href }, text);
const enc = encodeURIComponent;

// ---- record rendering ----

function decodeBase64(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

// A key that is not JSON shows as text, without the note a value gets.
function render(base64, format, quiet) {
  if (base64 === null) return h('span', { class: 'muted' }, 'null');
  const data = decodeBase64(base64);
  if (format === 'hex') {
    return h('pre', {}, Array.from(data, b => b.toString(16).padStart(2, '0')).join(' '));
  }
  const text = new TextDecoder('utf-8').decode(data);
  if (format === 'json') {
    try {
      return h('pre', {}, JSON.stringify(JSON.parse(text), null, 2));
    } catch {
      return h('pre', {}, text, quiet ? null : h('span', { class: 'muted' }, '  (not JSON)'));
    }
  }
  return h('pre', {}, text);
}

// ---- pages ----

async function brokersPage() {
  const cluster = await api('/brokers');
  return [
    h('h1', {}, 'Brokers'),
    facts([['Cluster id', cluster.clusterId], ['Controller', String(cluster.controllerId)], ['Serving this console', 'broker ' + cluster.servingNodeId]]),
    table(['#Id', 'Host', '#Port', 'Rack', 'State'], cluster.brokers.map(b => h('tr', {},
      h('td', { class: 'num' }, link('#/brokers/' + b.id, String(b.id))),
      h('td', {}, b.host), num(b.port), h('td', {}, b.rack || '–'),
      h('td', {}, h('span', { class: b.fenced ? 'badge warn' : 'badge ok' }, b.fenced ? 'fenced' : 'running'))))),
  ];
}

async function brokerPage(id) {
  const configs = await api('/brokers/' + enc(id) + '/configs');
  return [
    h('div', { class: 'crumbs' }, link('#/brokers', 'Brokers'), ' / ', id),
    h('h1', {}, 'Broker ' + id, h('span', { class: 'sub' }, configs.length + ' configs')),
    configTable(configs),
  ];
}

async function topicsPage() {
  const topics = await api('/topics');
  const form = h('form', { class: 'inline', id: 'create-topic' },
    h('label', {}, 'Name', h('input', { name: 'name', required: true, placeholder: 'orders' })),
    h('label', {}, 'Partitions', h('input', { name: 'partitions', type: 'number', min: 1, value: 1, required: true })),
    h('label', {}, 'Replication factor', h('input', { name: 'replicationFactor', type: 'number', min: 1, value: 1, required: true })),
    h('label', {}, 'Configs (name=value per line)', h('textarea', { name: 'configs', rows: 1, placeholder: 'retention.ms=86400000' })),
    h('button', { type: 'submit' }, 'Create topic'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(form);
    const configs = {};
    for (const line of String(data.get('configs')).split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) configs[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    const name = String(data.get('name')).trim();
    await run(async () => {
      await send('POST', '/topics', { name, partitions: Number(data.get('partitions')), replicationFactor: Number(data.get('replicationFactor')), configs });
      flash = 'Topic ' + name + ' created.';
      location.hash = '#/topics/' + enc(name);
    });
  });
  return [
    h('h1', {}, 'Topics', h('span', { class: 'sub' }, topics.length + ' topics')),
    h('div', { class: 'card' }, h('h2', {}, 'Create a topic'), form),
    table(['Name', '#Partitions', '#Replication factor', '#Size', ''], topics.map(t => h('tr', {},
      h('td', {}, link('#/topics/' + enc(t.name), t.name), t.internal ? h('span', { class: 'badge' }, 'internal') : null),
      num(t.partitions), num(t.replicationFactor), h('td', { class: 'num' }, bytes(t.size)),
      h('td', {}, link('#/topics/' + enc(t.name) + '/messages', 'Messages')))), 'No topics yet.'),
  ];
}

async function topicPage(name) {
  const topic = await api('/topics/' + enc(name));
  const confirmBox = h('span', { hidden: true },
    ' Delete ' + name + ' and all its records? ',
    h('button', { type: 'button', class: 'danger', id: 'confirm-delete', onclick: () => run(async () => {
      await send('DELETE', '/topics/' + enc(name));
      flash = 'Topic ' + name + ' deleted.';
      location.hash = '#/topics';
    }) }, 'Yes, delete'),
    ' ', h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; } }, 'Cancel'));
  return [
    h('div', { class: 'crumbs' }, link('#/topics', 'Topics'), ' / ', name),
    h('h1', {}, name, h('span', { class: 'sub' }, 'id ' + topic.topicId)),
    h('p', {}, link('#/topics/' + enc(name) + '/messages', 'Browse messages'), ' · ',
      h('button', { type: 'button', class: 'secondary', id: 'delete-topic', onclick: () => { confirmBox.hidden = false; } }, 'Delete topic'), confirmBox),
    h('h2', {}, 'Partitions'),
    table(['#Partition', '#Leader', 'Replicas', 'In-sync replicas', '#Start offset', '#End offset', '#Size'], topic.partitions.map(p => h('tr', {},
      num(p.partition), num(p.leader), h('td', {}, p.replicas.join(', ')), h('td', {}, p.isr.join(', ')),
      num(p.startOffset), num(p.endOffset), h('td', { class: 'num' }, bytes(p.size))))),
    h('h2', {}, 'Configs'),
    configTable(topic.configs),
  ];
}

async function messagesPage(name, query) {
  const topic = await api('/topics/' + enc(name));
  const params = new URLSearchParams(query);
  const partition = params.get('partition') || '0';
  const mode = params.get('mode') || 'earliest';
  const at = params.get('at') || '';
  const format = params.get('format') || 'text';
  const form = h('form', { class: 'inline', id: 'browse' },
    h('label', {}, 'Partition', h('select', { name: 'partition' }, topic.partitions.map(p =>
      h('option', { value: p.partition, selected: String(p.partition) === partition }, String(p.partition))))),
    h('label', {}, 'Start', h('select', { name: 'mode' }, [['earliest', 'Earliest'], ['latest', 'Latest'], ['offset', 'At offset'], ['timestamp', 'At time']].map(([v, t]) =>
      h('option', { value: v, selected: v === mode }, t)))),
    h('label', {}, 'Offset or time (ISO 8601 or ms)', h('input', { name: 'at', value: at, placeholder: '0 or 2026-01-01T00:00:00Z' })),
    h('label', {}, 'Show as', h('select', { name: 'format' }, [['text', 'Text'], ['json', 'JSON'], ['hex', 'Hex']].map(([v, t]) =>
      h('option', { value: v, selected: v === format }, t)))),
    h('button', { type: 'submit' }, 'Load'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams(new FormData(form));
    location.hash = '#/topics/' + enc(name) + '/messages?' + next.toString();
  });
  const search = new URLSearchParams({ limit: '50' });
  if (mode === 'latest') search.set('from', 'latest');
  if (mode === 'offset' && at !== '') search.set('offset', at);
  if (mode === 'timestamp' && at !== '') search.set('timestamp', String(/^\d+$/.test(at) ? Number(at) : Date.parse(at)));
  const result = await api('/topics/' + enc(name) + '/partitions/' + enc(partition) + '/records?' + search.toString());
  const rows = result.records.map(r => h('tr', {},
    num(r.offset),
    h('td', {}, new Date(r.timestamp).toISOString(), h('div', { class: 'muted' }, r.timestampType)),
    h('td', { class: 'key' }, render(r.key, format, true)),
    h('td', { class: 'value' }, render(r.value, format)),
    h('td', { class: 'headers' }, r.headers.length ? r.headers.map(x => h('div', {}, h('strong', {}, x.key), ': ', render(x.value, format, true))) : h('span', { class: 'muted' }, '–'))));
  return [
    h('div', { class: 'crumbs' }, link('#/topics', 'Topics'), ' / ', link('#/topics/' + enc(name), name), ' / messages'),
    h('h1', {}, 'Messages of ' + name),
    h('div', { class: 'card' }, form),
    facts([['Partition', String(result.partition)], ['Log start', String(result.logStartOffset)], ['High watermark', String(result.highWatermark)],
      ['Showing from', String(result.from)], ['Records shown', String(result.records.length)]]),
    table(['#Offset', 'Timestamp', 'Key', 'Value', 'Headers'], rows, 'No records from here.'),
  ];
}

async function groupsPage() {
  const groups = await api('/groups');
  return [
    h('h1', {}, 'Consumer groups', h('span', { class: 'sub' }, groups.length + ' groups')),
    table(['Group', 'State', 'Protocol type', '#Members'], groups.map(g => h('tr', {},
      h('td', {}, link('#/groups/' + enc(g.groupId), g.groupId)), h('td', {}, stateBadge(g.state)), h('td', {}, g.protocolType || '–'), num(g.members))),
    'No consumer groups yet.'),
  ];
}

function stateBadge(state) {
  return h('span', { class: state === 'Stable' ? 'badge ok' : state === 'Empty' ? 'badge' : 'badge warn' }, state);
}

async function groupPage(id) {
  const group = await api('/groups/' + enc(id));
  const inactive = group.state === 'Empty' || group.state === 'Dead';
  const topics = [...new Set(group.offsets.map(o => o.topic))];
  const form = h('form', { class: 'inline', id: 'reset-offsets' },
    h('label', {}, 'Topic', h('select', { name: 'topic' }, h('option', { value: '' }, 'All topics with offsets'), topics.map(t => h('option', { value: t }, t)))),
    h('label', {}, 'Reset to', h('select', { name: 'to' }, [['earliest', 'Earliest'], ['latest', 'Latest'], ['offset', 'Offset']].map(([v, t]) => h('option', { value: v }, t)))),
    h('label', {}, 'Offset', h('input', { name: 'offset', type: 'number', min: 0, placeholder: 'for Offset' })),
    h('button', { type: 'submit', disabled: !inactive }, 'Reset offsets'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(form);
    const to = String(data.get('to'));
    await run(async () => {
      const result = await send('POST', '/groups/' + enc(id) + '/reset-offsets', {
        topic: data.get('topic') || null, to, offset: to === 'offset' ? Number(data.get('offset')) : null,
      });
      flash = 'Offsets of ' + id + ' reset: ' + result.offsets.map(o => o.topic + '-' + o.partition + ' → ' + o.offset).join(', ') + '.';
      await route();
    });
  });
  return [
    h('div', { class: 'crumbs' }, link('#/groups', 'Consumer groups'), ' / ', id),
    h('h1', {}, id),
    facts([['State', stateBadge(group.state)], ['Protocol type', group.protocolType], ['Assignor', group.protocol],
      ['Members', String(group.members.length)], ['Total lag', String(group.totalLag)]]),
    h('h2', {}, 'Members'),
    table(['Member', 'Client id', 'Host', 'Assigned partitions'], group.members.map(m => h('tr', {},
      h('td', {}, m.memberId, m.groupInstanceId ? h('div', { class: 'muted' }, 'instance ' + m.groupInstanceId) : null),
      h('td', {}, m.clientId), h('td', {}, m.host),
      h('td', {}, m.assignment.map(a => a.topic + '-' + a.partition).join(', ') || '–'))), 'No members: the group is empty.'),
    h('h2', {}, 'Offsets and lag'),
    table(['Topic', '#Partition', '#Committed', '#End offset', '#Lag', 'Member'], group.offsets.map(o => h('tr', {},
      h('td', {}, link('#/topics/' + enc(o.topic), o.topic)), num(o.partition), num(o.committed), num(o.endOffset),
      h('td', { class: 'num lag' }, o.lag === null ? '–' : String(o.lag)), h('td', {}, o.memberId || '–'))), 'No committed offsets.'),
    h('h2', {}, 'Reset offsets'),
    h('div', { class: 'card' },
      h('p', { class: 'muted' }, inactive
        ? 'The group has no members, so its offsets can be reset.'
        : 'Offsets can only be reset while the group is empty (its state is ' + group.state + '): stop its consumers first.'),
      form),
  ];
}

async function securityPage() {
  const security = await api('/security');
  return [
    h('h1', {}, 'ACLs & quotas'),
    h('div', { class: 'notice', id: 'security-message' }, security.message),
    h('h2', {}, 'ACLs'),
    table(['Resource', 'Name', 'Pattern', 'Principal', 'Host', 'Operation', 'Permission'],
      security.acls.map(a => h('tr', {}, h('td', {}, a.resourceType), h('td', {}, a.resourceName), h('td', {}, a.patternType),
        h('td', {}, a.principal), h('td', {}, a.host), h('td', {}, a.operation), h('td', {}, a.permission))),
      security.authorizerEnabled ? 'No ACLs.' : 'No authorizer.'),
    h('h2', {}, 'Client quotas'),
    table(['Entity', 'Quota', '#Value'],
      security.quotas.map(q => h('tr', {}, h('td', {}, q.entity), h('td', {}, q.key), num(q.value))), 'No client quotas.'),
  ];
}

// ---- sign-in ----

// Who the console acts as (GET api/session): sign-in is required when the broker's listeners authenticate with SASL.
let session = null;

const mustSignIn = () => session && session.signInRequired && !session.signedIn;

function showUser() {
  const box = document.getElementById('user');
  if (!session || mustSignIn()) {
    box.replaceChildren();
  } else if (session.signInRequired) {
    box.replaceChildren(h('span', { id: 'principal' }, session.principal), ' ',
      h('button', { type: 'button', class: 'secondary small', id: 'sign-out', onclick: () => run(async () => {
        await send('DELETE', '/session');
        await start();
      }) }, 'Sign out'));
  } else {
    box.replaceChildren(h('span', { id: 'principal', title: session.message }, session.principal + ' · no sign-in'));
  }
}

function signInPage() {
  const form = h('form', { id: 'sign-in', class: 'stacked' },
    h('label', {}, 'User name', h('input', { name: 'userName', autocomplete: 'username', required: true, autofocus: true })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(form);
    await run(async () => {
      session = await send('POST', '/session', { userName: String(data.get('userName')), password: String(data.get('password')) });
      await start();
    });
  });
  return [
    h('h1', {}, 'Sign in'),
    h('div', { class: 'card sign-in' },
      h('p', { class: 'notice', id: 'session-message' }, session.message),
      h('p', { class: 'muted' }, 'The console then acts as User:<name>: the broker\'s ACLs decide what it may see and do, as for a Kafka client of that user.'),
      form),
  ];
}

// ---- routing ----

const routes = [
  [/^\/brokers\/?$/, 'brokers', () => brokersPage()],
  [/^\/brokers\/([^/]+)$/, 'brokers', m => brokerPage(decodeURIComponent(m[1]))],
  [/^\/topics\/?$/, 'topics', () => topicsPage()],
  [/^\/topics\/([^/]+)\/messages$/, 'topics', (m, q) => messagesPage(decodeURIComponent(m[1]), q)],
  [/^\/topics\/([^/]+)$/, 'topics', m => topicPage(decodeURIComponent(m[1]))],
  [/^\/groups\/?$/, 'groups', () => groupsPage()],
  [/^\/groups\/([^/]+)$/, 'groups', m => groupPage(decodeURIComponent(m[1]))],
  [/^\/security\/?$/, 'security', () => securityPage()],
];

let flash = '';
// A page still loading when the hash changes again must not replace the newer one.
let routeSeq = 0;

async function run(action) {
  try {
    showError('');
    await action();
  } catch (e) {
    showError(e.message);
  }
}

async function route() {
  if (mustSignIn()) {
    document.querySelectorAll('.bar nav a').forEach(a => a.classList.remove('active'));
    main.replaceChildren(...signInPage());
    main.dataset.page = 'sign-in';
    return;
  }
  const hash = location.hash.replace(/^#/, '') || '/brokers';
  const [path, query] = hash.split('?');
  const found = routes.map(([pattern, section, page]) => [path.match(pattern), section, page]).find(([m]) => m);
  document.querySelectorAll('.bar nav a').forEach(a => a.classList.toggle('active', !!found && a.dataset.section === found[1]));
  showError('');
  if (!found) {
    main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'No page at ', hash, '. ', link('#/brokers', 'Back to brokers')));
    return;
  }
  const [match, , page] = found;
  const seq = ++routeSeq;
  try {
    const content = await page(match, query || '');
    if (seq !== routeSeq) return;
    const note = flash ? h('div', { class: 'success', id: 'flash' }, flash) : null;
    flash = '';
    main.replaceChildren(...[note, content].flat().filter(Boolean));
    main.dataset.page = path;
  } catch (e) {
    if (seq !== routeSeq) return;
    if (e.status === 401) {
      // The session ended (signed out elsewhere, expired): sign in again, then come back to this page.
      await start();
      return;
    }
    main.replaceChildren(h('h1', {}, 'Could not load this page'));
    showError(e.message);
  }
}

async function showCluster() {
  try {
    const cluster = await api('/brokers');
    document.getElementById('cluster').textContent = 'cluster ' + cluster.clusterId + ' · ' + cluster.brokers.length + ' broker(s)';
  } catch {
    // The page itself reports what failed.
  }
}

// Asks who the console acts as, then shows the page of the URL, or the sign-in form first.
async function start() {
  try {
    session = await api('/session');
  } catch (e) {
    showError(e.message);
    return;
  }
  showUser();
  await route();
  if (mustSignIn()) {
    document.getElementById('cluster').textContent = '';
  } else {
    await showCluster();
  }
}

window.addEventListener('hashchange', route);
start();
