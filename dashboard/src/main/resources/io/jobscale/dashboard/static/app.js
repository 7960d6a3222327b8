'use strict';
// jobscale dashboard: plain JavaScript, no external assets. Polls the JSON API every 3 s while the tab is visible.
// Filled from /api/dashboard/config at start: the server's one list of job states.
let STATES = [];
let autoscalerBackend = 'local';
// States with work in progress; the Jobs tab opens on the fullest of them (else on all states).
const ACTIVE_STATES = ['PROCESSING', 'ENQUEUED', 'AWAITING', 'SCHEDULED'];
let session = { role: 'operator', signedIn: false, signInEnabled: false };
const view = { tab: 'overview', state: null, offset: 0, limit: 50, search: '', priority: '', label: '', updatedWithin: '', jobId: null, selected: new Set() };
const $ = (sel) => document.querySelector(sel);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const csrf = () => (document.cookie.split('; ').find((c) => c.startsWith('jobscale_csrf=')) || '').split('=')[1] || '';

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { 'X-CSRF-Token': csrf(), ...(options.headers || {}) } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && session.signInEnabled) location.assign('/signin');   // the session expired
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function toast(text, bad) {
  const el = $('#toast');
  el.textContent = text;
  el.className = bad ? 'bad' : '';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.add('hidden'), 3500);
}

function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (Math.abs(s) < 60) return s >= 0 ? `${s}s ago` : `in ${-s}s`;
  const m = Math.round(s / 60);
  if (Math.abs(m) < 60) return m >= 0 ? `${m}m ago` : `in ${-m}m`;
  const h = Math.round(m / 60);
  return h >= 0 ? `${h}h ago` : `in ${-h}h`;
}
const time = (iso) => (iso ? `<span title="${esc(iso)}">${esc(ago(iso))}</span>` : '<span class="muted">—</span>');
const badge = (state) => `<span class="badge ${esc(state)}">${esc(state.toLowerCase())}</span>`;
const seconds = (s) => (s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`);

// Charts: uPlot (vendored, see uplot.NOTICE.txt) on a real time axis, x in epoch seconds. One chart per element,
// created once and fed new data on every refresh.
const charts = {};
const PRIORITY_COLORS = ['#e03131', '#f08c00', '#1c7ed6', '#2f9e44', '#7950f2', '#0ca678', '#868e96', '#d6336c', '#495057', '#a61e4d'];
const epoch = (iso) => new Date(iso).getTime() / 1000;
const cssVar = (name) => getComputedStyle(document.body).getPropertyValue(name).trim();

function timeChart(key, el, series, data, range) {
  const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--line') }, ticks: { stroke: cssVar('--line') } };
  let chart = charts[key];
  if (!chart) {
    chart = { range };
    chart.plot = new uPlot({
      width: Math.max(300, el.clientWidth || 600), height: 200, series: [{}, ...series], axes: [axis, { ...axis, size: 50 }],
      scales: { x: { time: true, range: () => chart.range }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      cursor: { drag: { x: false, y: false } },
    }, data, el);
    charts[key] = chart;
    new ResizeObserver(() => { if (el.clientWidth) chart.plot.setSize({ width: el.clientWidth, height: 200 }); }).observe(el);
  }
  chart.range = range;   // the whole span always, so an idle hour looks idle rather than stretched
  chart.plot.setData(data);
  el.setAttribute('aria-label', `${key} chart from ${new Date(range[0] * 1000).toLocaleTimeString()} to ${new Date(range[1] * 1000).toLocaleTimeString()}`);
}

// A state's count from the overview; the server stops counting past its cap, and says so.
const stateCount = (o, s) => (o.countsCapped.includes(s) ? `${(o.counts[s] - 1).toLocaleString()}+` : (o.counts[s] ?? 0).toLocaleString());
const allCount = (o) => `${Object.values(o.counts).reduce((a, b) => a + b, 0).toLocaleString()}${o.countsCapped.length ? '+' : ''}`;

async function renderOverview() {
  const o = await api('/api/dashboard/overview');
  const count = (s) => stateCount(o, s);
  $('#state-cards').innerHTML = STATES.map((s) => `<a class="card ${s}" href="#jobs" data-state="${s}"><div class="n">${count(s)}</div><div class="l">${s.toLowerCase()}</div></a>`).join('');
  document.querySelectorAll('#state-cards .card').forEach((c) => c.addEventListener('click', () => { view.state = c.dataset.state; view.offset = 0; }));
  $('#priorities tbody').innerHTML = o.enqueuedByPriority.length
    ? o.enqueuedByPriority.map((p) => `<tr><td>${p.priority}</td><td>${p.count}</td><td>${seconds(p.latency)}</td></tr>`).join('')
    : '<tr><td colspan="3" class="empty">Queue is empty</td></tr>';
  $('#workers-summary').textContent = `${o.workers.occupiedWorkers} of ${o.workers.totalWorkers} workers busy (${Math.round(o.workers.usage * 100)}%)`;
  const now = epoch(o.now);
  const bars = uPlot.paths.bars({ size: [0.8, 40], align: 1 });
  timeChart('throughput', $('#throughput-chart'), [
    { label: 'succeeded', stroke: '#2f9e44', fill: '#2f9e4455', paths: bars, points: { show: false } },
    { label: 'failed', stroke: '#e03131', fill: '#e0313155', paths: bars, points: { show: false } }],
  [o.throughput.map((m) => epoch(m.minute)), o.throughput.map((m) => m.succeeded), o.throughput.map((m) => m.failed)], [now - 3600, now + 60]);
  const h = await api('/api/dashboard/history');
  const at = h.at.map(epoch);
  // Only priorities that had jobs in the hour; a new one appearing rebuilds the chart with one more series.
  const used = h.enqueuedByPriority.map((v, p) => p).filter((p) => h.enqueuedByPriority[p].some((n) => n > 0));
  const series = (unit) => used.map((p) => ({ label: `priority ${p}${unit}`, stroke: PRIORITY_COLORS[p % 10], width: 2,
    points: { show: at.length < 3 } }));
  const range = [epoch(h.from), epoch(h.to)];
  const key = used.join(',');
  if (charts.queue && charts.queue.key !== key) ['queue', 'latency'].forEach((k) => { charts[k].plot.destroy(); delete charts[k]; });
  timeChart('queue', $('#queue-chart'), series(''), [at, ...used.map((p) => h.enqueuedByPriority[p])], range);
  timeChart('latency', $('#latency-chart'), series(' (s)'), [at, ...used.map((p) => h.latencyByPriority[p])], range);
  charts.queue.key = key;
  charts.latency.key = key;
}

function busiestState(o) {
  const busiest = ACTIVE_STATES.filter((s) => (o.counts[s] ?? 0) > 0).sort((a, b) => o.counts[b] - o.counts[a])[0];
  return busiest || 'ALL';
}

async function renderJobs() {
  const o = await api('/api/dashboard/overview');
  if (!view.state) view.state = busiestState(o);
  if (!$('#state-filter').children.length) {
    // Built once: re-creating the buttons on every refresh would swallow clicks made in between.
    $('#state-filter').innerHTML = ['ALL', ...STATES].map((s) => `<button data-state="${s}">${s.toLowerCase()} <span class="count"></span></button>`).join('');
    document.querySelectorAll('#state-filter button').forEach((b) => b.addEventListener('click', () => { view.state = b.dataset.state; view.offset = 0; refresh(); }));
  }
  document.querySelectorAll('#state-filter button').forEach((b) => {
    b.classList.toggle('active', b.dataset.state === view.state);
    b.setAttribute('aria-pressed', String(b.dataset.state === view.state));
    b.querySelector('.count').textContent = b.dataset.state === 'ALL' ? allCount(o) : stateCount(o, b.dataset.state);
  });
  const params = new URLSearchParams({ ...jobFilter(), limit: view.limit, offset: view.offset });
  const page = await api(`/api/dashboard/jobs?${params}`);
  // The count of what a filter matches is known when it all fits on the first page.
  view.matching = view.offset === 0 && page.jobs.length < view.limit ? page.jobs.length : null;
  $('#bulk').classList.toggle('hidden', !filterActive() || view.matching === 0);
  $('#requeue-matching').classList.toggle('hidden', ['ENQUEUED', 'PROCESSING'].includes(view.state));
  $('#job-table tbody').innerHTML = page.jobs.length ? page.jobs.map((j) => `<tr class="clickable" data-id="${esc(j.id)}" tabindex="0"
      aria-label="${esc(j.name || j.id)}, ${esc(j.state.toLowerCase())}: open details">
      <td class="operator-only"><input type="checkbox" class="select-job" value="${esc(j.id)}" ${view.selected.has(j.id) ? 'checked' : ''}
        aria-label="Select ${esc(j.name || j.id)}"></td><td><div>${esc(j.name || j.id)}</div><div class="muted">${esc(j.id)}</div>${labels(j)}</td><td>${j.priority}</td><td>${badge(j.state)}</td>
      <td>${time(j.updatedAt)}</td><td>${time(j.scheduledAt)}</td></tr>`).join('')
    : `<tr><td colspan="6" class="empty">No ${view.state === 'ALL' ? '' : `${view.state.toLowerCase()} `}jobs${view.search || view.label ? ' matching the filter' : ''}</td></tr>`;
  document.querySelectorAll('#job-table tr.clickable').forEach((r) => {
    r.addEventListener('click', (e) => { if (!e.target.closest('.select-job')) location.hash = `#job/${r.dataset.id}`; });
    r.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.target === r) location.hash = `#job/${r.dataset.id}`; });
  });
  document.querySelectorAll('#job-table .select-job').forEach((c) => c.addEventListener('change', () => {
    if (c.checked) view.selected.add(c.value); else view.selected.delete(c.value);
    showSelection();
  }));
  $('#select-page').checked = page.jobs.length > 0 && page.jobs.every((j) => view.selected.has(j.id));
  showSelection();
  $('#page-info').textContent = `${view.offset + 1}–${view.offset + page.jobs.length}`;
  $('#prev').disabled = view.offset === 0;
  $('#next').disabled = page.jobs.length < view.limit;
}

// The priority label has its own column; the others show under the job's name.
const labels = (j) => (j.labels || []).filter((l) => !/^priority:[0-9]$/.test(l)).map((l) => `<span class="job-label">${esc(l)}</span>`).join('');

// The list's filter as the API names it: the query of GET /api/dashboard/jobs, the "filter" of a bulk action.
function jobFilter() {
  const filter = { state: view.state };
  if (view.search) filter.search = view.search;
  if (view.priority) filter.priority = view.priority;
  if (view.label) filter.label = view.label;
  if (view.updatedWithin) filter.updatedWithin = view.updatedWithin;
  return filter;
}
const filterActive = () => Object.keys(jobFilter()).length > 1 || view.state !== 'ALL';

async function actOnMatching(action, verb, done) {
  const what = view.matching === null ? `every job matching this filter (more than ${view.limit}, at most 10000 at once)`
    : `the ${view.matching} job${view.matching === 1 ? '' : 's'} matching this filter`;
  if (!confirm(`${verb} ${what}?`)) return;
  try {
    const result = await api(`/api/dashboard/jobs/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filter: jobFilter(), confirm: true }) });
    const count = result.requeued ?? result.deleted;
    toast(`${count} ${done}${result.skipped ? `, ${result.skipped} skipped (running, gone or changed)` : ''}`
      + `${result.capped ? '; stopped at 10000 jobs, run it again for the rest' : ''}`);
    view.selected.clear();
  } catch (e) { toast(e.message, true); }
  refresh();
}

function showSelection() {
  $('#selection-actions').classList.toggle('hidden', view.selected.size === 0);
  $('#selection-count').textContent = `${view.selected.size} selected`;
}

async function actOnSelection(action, done) {
  const ids = [...view.selected];
  try {
    const result = await api(`/api/dashboard/jobs/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids }) });
    const count = result.requeued ?? result.deleted;
    toast(`${count} ${done}${result.skipped.length ? `, ${result.skipped.length} skipped (running, gone or changed)` : ''}`);
    view.selected.clear();
  } catch (e) { toast(e.message, true); }
  refresh();
}

// The open job's detail: re-drawn only when the job changed, re-read every second while it is not finished.
const openJob = { id: null, json: null, state: null, processingSince: null, quietUntil: 0 };

async function renderJob() {
  const j = await api(`/api/dashboard/jobs/${encodeURIComponent(view.jobId)}`);
  const json = JSON.stringify(j);
  if (openJob.id === j.id && openJob.json === json) return showElapsed();
  if (openJob.id === j.id && openJob.state !== j.state && Date.now() > openJob.quietUntil) toast(`${j.name || 'Job'} is now ${j.state.toLowerCase()}`);
  Object.assign(openJob, { id: j.id, json, state: j.state });
  const processing = [...j.history].reverse().find((h) => h.state === 'PROCESSING');
  openJob.processingSince = j.state === 'PROCESSING' && processing ? processing.at : null;
  const focused = document.activeElement && document.activeElement.id;
  const failure = [...j.history].reverse().find((h) => h.stackTrace);
  const p = j.progress;
  $('#job-detail').innerHTML = `
    <div class="detail-head"><h1>${esc(j.name)}</h1>${badge(j.state)}
      <button id="job-requeue" class="secondary operator-only">Requeue</button>
      <button id="job-delete" class="danger operator-only">Delete</button></div>
    <div class="grid2"><div class="panel"><h2>Details</h2><dl>
      <dt>Id</dt><dd>${esc(j.id)}</dd><dt>Calls</dt><dd>${esc(j.signature)}</dd><dt>Priority</dt><dd>${j.priority}</dd>
      <dt>Labels</dt><dd>${esc(j.labels.join(', '))}</dd><dt>Retries used</dt><dd>${j.retriesUsed}</dd>
      ${openJob.processingSince ? '<dt>Running for</dt><dd id="job-elapsed"></dd>' : ''}
      ${p ? `<dt>Progress</dt><dd><progress id="job-progress" max="100" value="${p.percent}" aria-label="Progress"></progress>
        ${p.percent}% <span class="muted">(${p.succeeded}${p.failed ? ` done, ${p.failed} failed` : ''} of ${p.total})</span></dd>` : ''}
      <dt>Arguments</dt><dd>${j.arguments.map((a) => `${esc(a.type)}: ${esc(a.value)}`).join('<br>') || '—'}</dd></dl></div>
    <div class="panel"><h2>History</h2><ul class="timeline">${j.history.map((h) => `<li class="${esc(h.state)}">${badge(h.state)} ${time(h.at)}
      ${h.server ? `<span class="muted">on ${esc(h.server)}</span>` : ''}${h.scheduledAt ? `<span class="muted"> for ${esc(h.scheduledAt)}</span>` : ''}
      ${h.message ? `<div class="muted">${esc(h.message)}</div>` : ''}</li>`).join('')}</ul></div></div>
    ${j.log.length ? `<div class="panel"><h2>Log</h2><ol class="job-log" id="job-log">${j.log.map((l) => `<li class="${esc(l.level)}">
      <span class="muted">${esc(new Date(l.at).toLocaleTimeString())}</span> <strong>${esc(l.level)}</strong> ${esc(l.message)}</li>`).join('')}</ol></div>` : ''}
    ${failure ? `<div class="panel"><h2>${esc(failure.exceptionType)}: ${esc(failure.exceptionMessage)}</h2><pre class="stack" id="stack-trace">${esc(failure.stackTrace)}</pre></div>` : ''}`;
  $('#job-requeue').addEventListener('click', () => act(`/api/dashboard/jobs/${j.id}/requeue`, 'POST', 'Job requeued'));
  $('#job-delete').addEventListener('click', () => confirm('Delete this job?') && act(`/api/dashboard/jobs/${j.id}`, 'DELETE', 'Job deleted'));
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  showElapsed();
}

function showElapsed() {
  const el = $('#job-elapsed');
  if (el && openJob.processingSince) el.textContent = seconds(Math.max(0, Math.round((Date.now() - new Date(openJob.processingSince).getTime()) / 1000)));
}

async function renderServers() {
  const servers = await api('/api/dashboard/servers');
  $('#server-table tbody').innerHTML = servers.length ? servers.map((s) => `<tr><td>${esc(s.name)}${s.draining ? ' <strong title="marked by a drain-first scale-down: takes no new jobs">draining</strong>' : ''}<div class="muted">${esc(s.id)}</div></td>
      <td>${s.workers}</td><td>${s.occupiedWorkers}</td><td>${s.workers ? Math.round((100 * s.occupiedWorkers) / s.workers) : 0}%</td>
      <td>${time(s.lastHeartbeat)}</td><td>${time(s.firstHeartbeat)}</td></tr>`).join('')
    : '<tr><td colspan="6" class="empty">No live servers. Workers start on demand when the autoscaler sees work.</td></tr>';
}

async function renderRecurring() {
  const jobs = await api('/api/dashboard/recurring-jobs');
  // the table is redrawn every few seconds: keep the keyboard focus on the same row's same button
  const focused = document.activeElement && document.activeElement.closest('#recurring-table button[data-id]');
  const refocus = focused && { kind: focused.classList[1], id: focused.dataset.id };
  $('#recurring-table tbody').innerHTML = jobs.length ? jobs.map((r) => `<tr><td>${esc(r.id)}
      ${r.paused ? `<span class="badge paused-badge" title="paused since ${esc(r.pausedAt)}">Paused</span>` : ''}</td>
      <td>${esc(r.name)}</td><td><code>${esc(r.cron)}</code></td>
      <td class="next-runs">${r.paused ? `<span class="muted">paused</span> ${time(r.pausedAt)}`
        : (r.nextRuns || []).map((t) => `<div>${time(t)}</div>`).join('')}</td>
      <td class="last-run">${r.lastRun ? `${badge(r.lastRun.state)} ${time(r.lastRun.createdAt)}` : '<span class="muted">never</span>'}</td>
      <td><button class="secondary pause operator-only" data-id="${esc(r.id)}" data-action="${r.paused ? 'resume' : 'pause'}"
        aria-label="${r.paused ? 'Resume' : 'Pause'} recurring job ${esc(r.id)}">${r.paused ? 'Resume' : 'Pause'}</button>
      <button class="secondary trigger operator-only" data-id="${esc(r.id)}">Trigger now</button>
      <button class="danger remove operator-only" data-id="${esc(r.id)}">Delete</button></td></tr>`).join('')
    : '<tr><td colspan="6" class="empty">No recurring jobs</td></tr>';
  if (refocus) {
    [...document.querySelectorAll(`#recurring-table button.${refocus.kind}`)].find((b) => b.dataset.id === refocus.id)?.focus();
  }
  document.querySelectorAll('#recurring-table .pause').forEach((b) => b.addEventListener('click', () =>
    act(`/api/dashboard/recurring-jobs/${encodeURIComponent(b.dataset.id)}/${b.dataset.action}`, 'POST',
      b.dataset.action === 'pause' ? 'Recurring job paused' : 'Recurring job resumed')));
  document.querySelectorAll('#recurring-table .trigger').forEach((b) => b.addEventListener('click', () =>
    act(`/api/dashboard/recurring-jobs/${encodeURIComponent(b.dataset.id)}/trigger`, 'POST', 'Recurring job triggered')));
  document.querySelectorAll('#recurring-table .remove').forEach((b) => b.addEventListener('click', () =>
    confirm(`Delete recurring job ${b.dataset.id}?`) && act(`/api/dashboard/recurring-jobs/${encodeURIComponent(b.dataset.id)}`, 'DELETE', 'Recurring job deleted')));
}

async function renderAutoscaler() {
  let a;
  try { a = await api('/api/autoscaler'); } catch (e) {
    $('#autoscaler-objects').innerHTML = `<div class="panel empty">The autoscaler is not running in this process (${esc(e.message)}).</div>`;
    return;
  }
  $('#autoscaler-objects').innerHTML = (a.scaledObjects.length ? '' : '<div class="panel empty">Waiting for the first poll…</div>') +
    a.scaledObjects.map((o) => `<div class="panel so-panel" data-name="${esc(o.name)}"><h2>${esc(o.kind)} ${esc(o.name)}${scaled(o)}
      <span class="${o.active ? 'on' : 'off'}">${o.active ? 'active' : 'inactive'}</span></h2>
      <div class="so"><div><div class="muted">current → desired</div><div class="big">${o.currentReplicas ?? '?'} → ${o.desiredReplicas ?? '?'}</div>
        <div class="muted">min ${o.minReplicaCount}, max ${o.maxReplicaCount}, every ${o.pollingInterval}s · ${time(o.lastPoll)}</div>
        <div class="reason">${esc(o.reason || '')}</div>${whyNot(a.explanations[o.name])}</div>
      <table><thead><tr><th>Trigger</th><th>Value</th><th>Target</th><th>Active</th></tr></thead><tbody>${o.triggers.map((t) => `<tr>
        <td>${esc(t.metric)}</td><td>${t.error ? `<span class="error">${esc(t.error)}</span>` : esc(t.value)}</td><td>${esc(t.target)}</td>
        <td class="${t.active ? 'on' : 'off'}">${t.active ? 'yes' : 'no'}</td></tr>`).join('')}</tbody></table></div>
      ${o.error ? `<div class="error">${esc(o.error)}</div>` : ''}${o.warnings.map((w) => `<div class="warning">${esc(w)}</div>`).join('')}</div>`).join('') +
    `<div class="muted">${a.leader ? 'This web process leads the autoscaler.' : 'Another web replica leads the autoscaler; this one only shows it.'}</div>`;
  const events = a.events;
  $('#event-table tbody').innerHTML = events.length ? events.map((e) => `<tr><td>${time(e.occurredAt)}</td><td>${esc(e.scaledObject)}</td>
      <td>${e.kind === 'ScaledJob' ? `+${e.jobsCreated} jobs` : `${e.fromReplicas} → ${e.toReplicas}`}</td><td>${esc(e.reason)}</td></tr>`).join('')
    : '<tr><td colspan="4" class="empty">No scaling decisions yet</td></tr>';
  replicaChart(a.scaledObjects.filter((o) => o.kind === 'ScaledObject'), events);
  await loadWhatIfConfig();
  await triggerCharts();
}

// What-if: filled once with the live config, then left to the person editing it (refreshes do not overwrite it).
async function loadWhatIfConfig() {
  if ($('#what-if').dataset.loaded) return;
  const config = await api('/api/autoscaler/config');
  $('#what-if-yaml').value = config.yaml;
  $('#what-if-minutes').max = config.maxMinutes;
  $('#what-if').dataset.loaded = 'true';
  $('#what-if').classList.remove('hidden');
}

async function compareWhatIf() {
  const error = $('#what-if-error');
  error.classList.add('hidden');
  let answer;
  try {
    answer = await api('/api/autoscaler/what-if', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ yaml: $('#what-if-yaml').value, minutes: Number($('#what-if-minutes').value) }) });
  } catch (e) {
    error.textContent = e.message;
    error.classList.remove('hidden');
    return;
  }
  Object.keys(charts).filter((k) => k.startsWith('whatif:')).forEach((k) => { charts[k].plot.destroy(); delete charts[k]; });
  const el = $('#what-if-results');
  el.innerHTML = (answer.scaledObjects.length ? answer.scaledObjects.map((c, i) => whatIfTable(c, i)).join('')
    : '<div class="empty">The edited config has no ScaledObject</div>')
    + (answer.scaledJobsSkipped ? `<div class="muted">${answer.scaledJobsSkipped} ScaledJob(s) skipped: the what-if compares ScaledObjects only.</div>` : '');
  const range = [epoch(answer.from), epoch(answer.to)];
  answer.scaledObjects.forEach((c, i) => {
    if (!c.live.result && !c.edited.result) return;
    const points = (c.live.result || c.edited.result).replicas;
    const at = points.map((p) => epoch(p.at));
    const series = (side) => (side.result ? side.result.replicas.map((p) => p.replicas) : at.map(() => null));
    const step = { paths: uPlot.paths.stepped({ align: 1 }), points: { show: false }, width: 2 };
    timeChart(`whatif:${c.scaledObject}`, $(`#what-if-chart-${i}`), [
      { ...step, label: 'live config', stroke: PRIORITY_COLORS[2] },
      { ...step, label: 'edited config', stroke: PRIORITY_COLORS[1], dash: [6, 4] }],
    [at, series(c.live), series(c.edited)], range);
  });
}

// One ScaledObject's figures, live config against edited, with the change.
function whatIfTable(c, i) {
  const figure = (side, f) => (side.result ? f(side.result) : null);
  const row = (label, f, format) => {
    const live = figure(c.live, f);
    const edited = figure(c.edited, f);
    const change = live != null && edited != null && live !== 0 ? `${edited >= live ? '+' : ''}${Math.round((edited - live) / live * 100)}%` : '';
    return `<tr><td>${esc(label)}</td><td>${live == null ? '—' : esc(format(live))}</td><td>${edited == null ? '—' : esc(format(edited))}</td><td>${esc(change)}</td></tr>`;
  };
  const metric = (c.edited.result || c.live.result || {}).loadMetric || 'first trigger';
  const maxReplicas = (r) => Math.max(0, ...r.replicas.map((p) => p.replicas));
  const errors = [['live', c.live], ['edited', c.edited]].filter(([, s]) => s.error)
    .map(([name, s]) => `<div class="warning">${esc(name)} config: ${esc(s.error)}</div>`).join('');
  return `<div class="what-if-object" data-name="${esc(c.scaledObject)}"><h3>${esc(c.scaledObject)} <span class="muted">· ${c.samples} samples</span></h3>
    <table class="what-if-table"><thead><tr><th></th><th>Live config</th><th>Edited config</th><th>Change</th></tr></thead><tbody>
    ${row('Pod-seconds', (r) => r.podSeconds, (v) => String(v))}
    ${row(`${metric} per replica (time-weighted mean)`, (r) => r.loadPerReplica, (v) => v.toFixed(2))}
    ${row('Seconds a trigger was active with no replica', (r) => r.secondsActiveWithoutReplicas, (v) => String(v))}
    ${row('Most replicas', maxReplicas, (v) => String(v))}</tbody></table>${errors}
    <div id="what-if-chart-${i}" class="chart" role="img"></div></div>`;
}

// One chart per trigger: its value against its target over the last hour, from the readings the autoscaler's leader
// samples (GET /api/autoscaler/samples). A failed reading leaves a gap.
async function triggerCharts() {
  const now = Date.now() / 1000;
  const range = [now - 3600, now];
  const samples = await api(`/api/autoscaler/samples?since=${new Date(range[0] * 1000).toISOString()}`);
  const triggers = new Map();
  for (const s of samples) {
    s.readings.forEach((r, i) => {
      const repeated = s.readings.filter((o) => o.metric === r.metric).length > 1;
      const key = `${s.scaledObject} · ${r.metric}${repeated ? ` #${i}` : ''}`;
      if (!triggers.has(key)) triggers.set(key, { at: [], value: [], target: [] });
      const t = triggers.get(key);
      t.at.push(epoch(s.sampledAt));
      t.value.push(r.value);
      t.target.push(r.target);
    });
  }
  const el = $('#trigger-charts');
  const keys = [...triggers.keys()];
  if (el.dataset.keys !== keys.join('|')) {
    Object.keys(charts).filter((k) => k.startsWith('trigger:'))
      .forEach((k) => { charts[k].plot.destroy(); delete charts[k]; });
    el.innerHTML = keys.length
      ? keys.map((k, i) => `<div><h3>${esc(k)}</h3><div id="trigger-chart-${i}" class="chart" role="img"></div></div>`)
        .join('')
      : '<div class="empty">No trigger readings sampled in the last hour</div>';
    el.dataset.keys = keys.join('|');
  }
  keys.forEach((k, i) => {
    const t = triggers.get(k);
    timeChart(`trigger:${k}`, $(`#trigger-chart-${i}`), [
      { label: 'value', stroke: PRIORITY_COLORS[2], width: 2, points: { show: t.at.length < 3 } },
      { label: 'target', stroke: cssVar('--muted'), width: 1, dash: [6, 4], points: { show: false } }],
    [t.at, t.value, t.target], range);
  });
}

// Replicas change only at decisions: a step function from each decision to the next, drawn on to now.
function replicaChart(objects, events) {
  const now = Date.now() / 1000;
  const range = [now - 3600, now];
  const names = objects.map((o) => o.name);
  const history = [...events].reverse().filter((e) => e.kind !== 'ScaledJob' && names.includes(e.scaledObject));
  const times = [...new Set([range[0], ...history.map((e) => epoch(e.occurredAt)).filter((t) => t > range[0]), now])].sort((x, y) => x - y);
  const replicasAt = (name, t) => {
    let value = null;
    for (const e of history) {
      if (e.scaledObject !== name) continue;
      if (epoch(e.occurredAt) <= t) value = e.toReplicas;
      else if (value === null) value = e.fromReplicas;   // before the first recorded decision
    }
    return value ?? objects.find((o) => o.name === name).currentReplicas ?? 0;
  };
  const key = `replicas:${names.join(',')}`;
  if (!charts[key]) { $('#replica-chart').innerHTML = ''; Object.keys(charts).filter((k) => k.startsWith('replicas:')).forEach((k) => delete charts[k]); }
  timeChart(key, $('#replica-chart'), names.map((n, i) => ({ label: n, stroke: PRIORITY_COLORS[(i + 2) % 10], width: 2,
    paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } })), [times, ...names.map((n) => times.map((t) => replicasAt(n, t)))], range);
}

// "Why not scaling now": the decision asked again after the last poll acted, over that poll's readings.
function whyNot(x) {
  if (!x) return '';
  const verdict = x.desiredReplicas === x.currentReplicas ? `stays at ${x.currentReplicas}`
    : `would go ${x.currentReplicas} → ${x.desiredReplicas} at the next poll`;
  return `<div class="why-not"><span class="muted">Why not scaling now:</span> ${esc(verdict)} — ${esc(x.reason)}</div>`;
}

// The local backend runs worker processes on this machine whatever Deployment the ScaledObject names.
function scaled(o) {
  if (!o.target) return '';
  if (autoscalerBackend !== 'local') return ` → ${esc(o.target)}`;
  return ` → local worker processes <span class="muted" title="The local backend starts worker processes on this machine;`
    + ` ${esc(o.target)} is scaled by the Kubernetes backend only">(not ${esc(o.target)})</span>`;
}

async function act(path, method, done) {
  openJob.quietUntil = Date.now() + 3000;   // the toast says what the action did; the detail need not say it again
  try { await api(path, { method }); toast(done); } catch (e) { toast(e.message, true); }
  refresh();
}

const renderers = { overview: renderOverview, jobs: renderJobs, job: renderJob, servers: renderServers, recurring: renderRecurring, autoscaler: renderAutoscaler };

async function refresh() {
  try {
    await renderers[view.tab]();
    $('#live').classList.remove('stale');
    $('#live').textContent = 'live';
  } catch (e) {
    $('#live').classList.add('stale');
    $('#live').textContent = `offline: ${e.message}`;
  }
}

function route() {
  const [tab, id] = (location.hash.substring(1) || 'overview').split('/');
  view.tab = renderers[tab] ? tab : 'overview';
  view.jobId = id || null;
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === view.tab));
  document.querySelectorAll('#tabs a').forEach((a) => {
    const active = a.dataset.tab === (view.tab === 'job' ? 'jobs' : view.tab);
    a.classList.toggle('active', active);
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  refresh();
}

$('#search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  view.search = $('#search').value.trim();
  view.priority = $('#priority-filter').value;
  view.updatedWithin = $('#time-filter').value;
  view.label = $('#label-filter').value.trim();
  view.offset = 0;
  refresh();
});
['#priority-filter', '#time-filter'].forEach((id) => $(id).addEventListener('change', () => $('#search-form').requestSubmit()));
$('#select-page').addEventListener('change', () => {
  document.querySelectorAll('#job-table .select-job').forEach((c) => {
    c.checked = $('#select-page').checked;
    if (c.checked) view.selected.add(c.value); else view.selected.delete(c.value);
  });
  showSelection();
});
$('#requeue-selected').addEventListener('click', () => actOnSelection('requeue', 'requeued'));
$('#delete-selected').addEventListener('click', () => confirm(`Delete ${view.selected.size} selected jobs?`) && actOnSelection('delete', 'deleted'));
$('#prev').addEventListener('click', () => { view.offset = Math.max(0, view.offset - view.limit); refresh(); });
$('#next').addEventListener('click', () => { view.offset += view.limit; refresh(); });
$('#requeue-matching').addEventListener('click', () => actOnMatching('requeue', 'Requeue', 'requeued'));
$('#delete-matching').addEventListener('click', () => actOnMatching('delete', 'Delete', 'deleted'));
$('#what-if-compare').addEventListener('click', compareWhatIf);
window.addEventListener('hashchange', route);
setInterval(() => { if (!document.hidden && view.tab !== 'job') refresh(); }, 3000);
// An open job that is not finished yet is followed every second; a finished one no longer changes by itself.
setInterval(() => { if (!document.hidden && view.tab === 'job' && ACTIVE_STATES.includes(openJob.state)) refresh(); }, 1000);

async function start() {
  try { session = await api('/api/session'); } catch (e) { /* an older server: act as before */ }
  const config = await api('/api/dashboard/config');
  STATES = config.states;
  autoscalerBackend = config.autoscalerBackend;
  // A viewer's page leaves out what the server would refuse (403) anyway.
  document.body.dataset.role = session.role;
  $('#user').textContent = session.signedIn ? `${session.user} (${session.role})` : '';
  $('#sign-out').classList.toggle('hidden', !session.signedIn);
  route();
}
start();
