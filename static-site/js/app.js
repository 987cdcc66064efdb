// The score-records page: wires the API, filters, table, charts, detail drawer, polling and export.
import { ApiClient } from './api.js';
import { $, h } from './dom.js';
import { initialLanguage, language, setLanguage, t, translateStatic } from './i18n.js';
import { loadSettings, saveSettings, forgetSettings } from './settings.js';
import { FilterBar, filtersFromUrl, isFiltered, writeFiltersToUrl } from './filters.js';
import { isPending, renderRows, renderSkeleton, updateRow } from './table.js';
import { renderHistogram, renderKpis, renderMetricMeans, renderTrend } from './charts.js';
import { DetailDrawer } from './detail.js';
import { Poller } from './poller.js';
import { EXPORT_CAP, collectRows, download, exportFilename, toCsv, toJson } from './export.js';
import { formatCount, formatScore, shortId, timeZone } from './format.js';

const MAX_CALLS_PER_PAGE = 10;

const state = {
  settings: loadSettings(),
  pageSize: readPageSize(),
  pageStarts: [null],
  pageIndex: 0,
  nextCursor: null,
  rows: [],
  gone: new Set(),
  stats: null,
  statsError: null,
  listError: null,
  loading: false,
  catalog: [],
  health: null,
  firstRowsMarked: false,
};

const api = new ApiClient(state.settings);
const tbody = $('#records-body');
let listAbort = null;
let statsAbort = null;
let statsTimer = 0;
let detailOpenedByLink = false;

setLanguage(initialLanguage());
translateStatic();

const filterBar = new FilterBar($('#filters'), filtersFromUrl(), (filters) => {
  writeFiltersToUrl(filters);
  resetPaging();
  loadPage();
  loadStats();
});

const drawer = new DetailDrawer($('#detail'), {
  onClose: () => {
    if (!location.hash.startsWith('#job=')) return;
    if (detailOpenedByLink) history.back();
    else history.replaceState(history.state, '', location.pathname + location.search);
    detailOpenedByLink = false;
  },
});

const poller = new Poller({
  pendingIds: () => {
    const ids = state.rows.filter((r) => isPending(r) && !state.gone.has(r.job_id)).map((r) => r.job_id);
    if (drawer.isOpen && isPending(drawer.record) && !ids.includes(drawer.jobId)) ids.push(drawer.jobId);
    return ids;
  },
  fetchOne: (id) => api.getJob(id).catch((e) => { if (e.kind === 'not_found') return null; throw e; }),
  onRecord: onRecordChanged,
});

renderStaticBits();
bindControls();
// Rows first: the figures, catalog and health are asked for once the first page is on its way back.
const firstPage = loadPage();
Promise.race([firstPage, new Promise((resolve) => setTimeout(resolve, 400))]).then(() => {
  loadStats();
  loadCatalog();
  loadHealth();
});
routeFromHash(false);

// ---- list -------------------------------------------------------------------------------

async function loadPage() {
  listAbort?.abort();
  const abort = new AbortController();
  listAbort = abort;
  const filters = filterBar.value;
  const start = state.pageStarts[state.pageIndex];
  state.loading = true;
  state.listError = null;
  $('#records-table').setAttribute('aria-busy', 'true');
  if (!state.rows.length) renderSkeleton(tbody);
  else tbody.classList.add('is-stale');
  renderPager();

  const items = [];
  let cursor = start;
  try {
    let calls = 0;
    do {
      const page = await api.listJobs(filters, { limit: state.pageSize - items.length, cursor, signal: abort.signal });
      items.push(...page.jobs);
      cursor = page.nextCursor;
      calls += 1;
      if (items.length && cursor && items.length < state.pageSize) showRows(items, cursor, { partial: true });
    } while (cursor && items.length < state.pageSize && calls < MAX_CALLS_PER_PAGE);
  } catch (error) {
    if (abort.signal.aborted) return;
    state.loading = false;
    state.listError = error;
    state.rows = [];
    poller.stop();
    renderListError(error);
    return;
  }
  if (abort.signal.aborted) return;
  showRows(items, cursor, { partial: false });
  announce(t('live.loaded', { n: formatCount(items.length) }));
}

function showRows(items, nextCursor, { partial }) {
  state.rows = items;
  state.nextCursor = nextCursor;
  state.loading = partial;
  state.gone.clear();
  tbody.classList.remove('is-stale');
  $('#records-table').setAttribute('aria-busy', String(partial));
  renderTable();
  renderPager();
  if (items.length && !state.firstRowsMarked) {
    state.firstRowsMarked = true;
    performance.mark('scorejobs:first-rows');
    document.documentElement.dataset.firstRows = String(Math.round(performance.now()));
  }
  if (!partial) poller.poke(items);
  filterBar.setTagSuggestions(new Set(items.flatMap((r) => Object.entries(r.request_summary?.metadata ?? {}).map(([k, v]) => `${k}:${v}`))));
}

function renderTable() {
  const stateEl = $('#state');
  if (state.listError) return renderListError(state.listError);
  if (!state.rows.length && !state.loading) {
    tbody.replaceChildren();
    $('#records-table').hidden = true;
    stateEl.hidden = false;
    stateEl.replaceChildren(...(isFiltered(filterBar.value) ? noMatchState() : emptyState()));
    return;
  }
  $('#records-table').hidden = false;
  stateEl.hidden = true;
  renderRows(tbody, state.rows, { onTag: (tag) => filterBar.addTag(tag) });
}

function emptyState() {
  const base = api.base || location.origin;
  const example = `curl -X POST ${base}/api/score/async \\\n  -H 'Content-Type: application/json' \\\n  -d '{"question":"What is RAG?","answer":"Retrieval-augmented generation","ground_truth":"Retrieval-augmented generation","metrics":["token_f1","rouge_l"],"metadata":{"app":"demo"}}'`;
  return [
    illustration('empty'),
    h('h3', { class: 'state-title' }, t('state.emptyTitle')),
    h('p', {}, t('state.emptyBody')),
    h('pre', { class: 'code state-code' }, example),
    h('div', { class: 'state-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => refreshAll() }, t('records.refresh'))),
  ];
}

function noMatchState() {
  return [
    illustration('search'),
    h('h3', { class: 'state-title' }, t('state.noMatchTitle')),
    h('p', {}, t('state.noMatchBody')),
    h('div', { class: 'state-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => $('#f-clear').click() }, t('filters.clear'))),
  ];
}

function renderListError(error) {
  const stateEl = $('#state');
  tbody.replaceChildren();
  tbody.classList.remove('is-stale');
  $('#records-table').hidden = true;
  $('#records-table').setAttribute('aria-busy', 'false');
  stateEl.hidden = false;
  stateEl.replaceChildren(
    illustration('error'),
    h('h3', { class: 'state-title' }, t('state.errorTitle')),
    h('p', { role: 'alert' }, errorText(error)),
    h('div', { class: 'state-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => refreshAll() }, t('state.retry')),
      h('button', { type: 'button', class: 'btn', onclick: () => openSettings() }, t('state.openSettings'))));
  renderPager();
}

function errorText(error) {
  const base = api.base || `${t('state.sameOrigin')} (${location.origin})`;
  switch (error?.kind) {
    case 'network': return t('state.networkBody', { base });
    case 'auth': return t('state.authBody', { status: error.status });
    case 'bad_response': return t('state.badBody', { detail: error.message });
    case 'not_found': return t('state.badBody', { detail: `HTTP 404 ${error.url ?? ''}`.trim() });
    default: return t('state.httpBody', { status: error?.status ?? '?', detail: error?.message ?? String(error) });
  }
}

function illustration(kind) {
  const paths = {
    empty: 'M14 22h36v26a4 4 0 0 1-4 4H18a4 4 0 0 1-4-4Zm0 0 6-10h24l6 10M24 32h16',
    search: 'M29 44a15 15 0 1 1 0-30 15 15 0 0 1 0 30Zm10.6-4.4L50 50M23 29h12',
    error: 'M32 12 54 50H10Zm0 14v10m0 6v1',
  };
  const el = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  el.setAttribute('viewBox', '0 0 64 64');
  el.setAttribute('class', `state-art state-art-${kind}`);
  el.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', paths[kind]);
  el.append(p);
  return el;
}

function renderPager() {
  const from = state.pageIndex * state.pageSize + (state.rows.length ? 1 : 0);
  const to = state.pageIndex * state.pageSize + state.rows.length;
  const total = state.stats?.total;
  $('#pager-range').textContent = state.rows.length
    ? (typeof total === 'number' && !state.stats?.truncated ? t('pager.rangeOf', { from: formatCount(from), to: formatCount(to), total: formatCount(total) }) : t('pager.range', { from: formatCount(from), to: formatCount(to) }))
    : '';
  $('#pager-page').textContent = t('pager.page', { page: formatCount(state.pageIndex + 1) });
  $('#page-prev').disabled = state.pageIndex === 0 || state.loading;
  $('#page-next').disabled = !state.nextCursor || state.loading;
  $('#pager').hidden = Boolean(state.listError) || (!state.rows.length && state.pageIndex === 0 && !state.loading);
}

function resetPaging() {
  state.pageStarts = [null];
  state.pageIndex = 0;
  state.nextCursor = null;
}

function goToPage(delta) {
  if (delta > 0) {
    if (!state.nextCursor) return;
    state.pageStarts[state.pageIndex + 1] = state.nextCursor;
    state.pageIndex += 1;
  } else {
    if (state.pageIndex === 0) return;
    state.pageIndex -= 1;
  }
  loadPage();
  $('#records').scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

// ---- live updates -----------------------------------------------------------------------

function onRecordChanged(record, id) {
  if (!record) {
    state.gone.add(id);
    return;
  }
  const index = state.rows.findIndex((r) => r.job_id === record.job_id);
  const before = index >= 0 ? state.rows[index] : drawer.record;
  if (index >= 0) {
    state.rows[index] = record;
    updateRow(tbody, record, { onTag: (tag) => filterBar.addTag(tag) });
  }
  if (drawer.isOpen && drawer.jobId === record.job_id) drawer.show(record);
  if (before?.status !== record.status) {
    announce(record.status === 'completed' && typeof record.weighted_score === 'number'
      ? t('live.updatedScore', { id: shortId(record.job_id), score: formatScore(record.weighted_score) })
      : t('live.updated', { id: shortId(record.job_id), status: t(`status.${record.status}`) }));
    clearTimeout(statsTimer);
    statsTimer = setTimeout(loadStats, 1200);
  }
}

// ---- overview ---------------------------------------------------------------------------

async function loadStats() {
  statsAbort?.abort();
  const abort = new AbortController();
  statsAbort = abort;
  try {
    const stats = await api.stats(filterBar.value, { signal: abort.signal });
    if (abort.signal.aborted) return;
    state.stats = stats;
    state.statsError = null;
  } catch (error) {
    if (abort.signal.aborted) return;
    state.stats = null;
    state.statsError = error;
  }
  renderOverview();
  renderPager();
}

function renderOverview() {
  const stats = state.stats;
  const count = $('#records-count');
  const note = $('#overview-note');
  // Without figures (the API failed: the list says why) or with nothing stored, the overview would be empty cards.
  $('.overview').hidden = !stats && Boolean(state.statsError);
  $('.charts').hidden = !stats || !stats.total;
  if (!stats) {
    count.hidden = true;
    return;
  }
  count.hidden = false;
  count.textContent = t('records.count', { n: formatCount(stats.total ?? 0) });
  note.textContent = stats.truncated ? t('overview.truncated') : t('overview.filtered');
  note.classList.toggle('warn', Boolean(stats.truncated));
  renderKpis($('#kpis'), stats);
  renderCharts();
}

function renderCharts() {
  if (!state.stats) return;
  renderHistogram($('#chart-histogram .chart-body'), state.stats.histogram);
  renderTrend($('#chart-trend .chart-body'), state.stats.daily);
  renderMetricMeans($('#chart-metrics .chart-body'), state.stats.metrics);
}

async function loadCatalog() {
  try {
    state.catalog = await api.metrics();
    filterBar.setMetrics(state.catalog.map((m) => m.name));
  } catch { /* the list's own error state says what is wrong */ }
}

async function loadHealth() {
  const el = $('#health');
  try {
    state.health = await api.health();
  } catch {
    state.health = false;
  }
  renderHealth(el);
}

function renderHealth(el = $('#health')) {
  const health = state.health;
  if (health === null) return;
  el.hidden = false;
  if (!health) {
    el.className = 'health health-down';
    el.replaceChildren(h('i', { class: 'dot dot-failed', 'aria-hidden': 'true' }), h('span', {}, t('health.offline')));
    el.title = api.displayBase;
    return;
  }
  const judge = health.judge?.configured ? t('health.judge', { model: health.judge.model ?? '' }) : t('health.judgeNone');
  el.className = 'health health-up';
  el.title = `${api.displayBase} · ${health.storage ?? ''} · ${health.queue ?? ''}`;
  el.replaceChildren(
    h('i', { class: 'dot dot-completed', 'aria-hidden': 'true' }),
    h('span', {}, t('health.connected')),
    h('span', { class: 'health-extra' }, `· ${health.storage ?? '?'} · ${judge}`));
}

// ---- detail -----------------------------------------------------------------------------

async function openDetail(jobId) {
  drawer.showLoading(jobId);
  try {
    const record = await api.getJob(jobId);
    if (drawer.jobId !== jobId) return;
    drawer.show(record);
    if (isPending(record)) poller.poke([record]);
  } catch (error) {
    if (drawer.jobId !== jobId) return;
    drawer.showError(jobId, error.kind === 'not_found' ? t('detail.notFound') : errorText(error));
  }
}

function routeFromHash(byLink) {
  const match = /^#job=(.+)$/.exec(location.hash);
  if (match) {
    detailOpenedByLink = byLink;
    openDetail(decodeURIComponent(match[1]));
  } else if (drawer.isOpen) {
    drawer.close();
  }
}

// ---- export -----------------------------------------------------------------------------

async function runExport(kind) {
  const buttons = [$('#export-csv'), $('#export-json')];
  buttons.forEach((b) => { b.disabled = true; });
  const filters = filterBar.value;
  toast(t('export.running', { n: 0 }), { sticky: true });
  try {
    const { rows, capped } = await collectRows(api, filters, { cap: EXPORT_CAP, onProgress: (n) => toast(t('export.running', { n: formatCount(n) }), { sticky: true }) });
    if (!rows.length) { toast(t('export.none')); return; }
    if (kind === 'csv') download(toCsv(rows, state.catalog.map((m) => m.name)), exportFilename('csv'), 'text/csv;charset=utf-8');
    else download(toJson(rows, { filters, capped }), exportFilename('json'), 'application/json');
    toast(capped ? t('export.capped', { n: formatCount(rows.length), cap: formatCount(EXPORT_CAP) }) : t('export.done', { n: formatCount(rows.length) }));
  } catch (error) {
    toast(t('export.failed', { message: errorText(error) }), { error: true });
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---- settings ---------------------------------------------------------------------------

function openSettings() {
  const dialog = $('#settings');
  const form = $('#settings-form');
  const s = state.settings;
  form.elements.apiBase.value = s.overriddenByUrl ? s.savedBase : s.apiBase;
  for (const r of form.querySelectorAll('input[name="keyKind"]')) r.checked = r.value === s.keyKind;
  form.elements.key.value = s.key;
  const override = $('#settings-override');
  override.hidden = !s.overriddenByUrl;
  override.textContent = s.overriddenByUrl ? t('settings.overridden', { base: s.apiBase }) : '';
  $('#settings-result').textContent = '';
  syncKeyField();
  dialog.showModal();
}

function settingsFromForm() {
  const form = $('#settings-form');
  return {
    apiBase: form.elements.apiBase.value,
    keyKind: form.querySelector('input[name="keyKind"]:checked')?.value ?? 'none',
    key: form.elements.key.value.trim(),
  };
}

function syncKeyField() {
  const none = settingsFromForm().keyKind === 'none';
  $('#s-key').disabled = none;
}

async function testSettings() {
  const result = $('#settings-result');
  result.className = 'test-result';
  result.textContent = t('settings.testing');
  const candidate = new ApiClient(saveSettingsPreview(settingsFromForm()));
  try {
    const health = await candidate.health();
    await candidate.listJobs({}, { limit: 1 });
    result.classList.add('ok');
    result.textContent = t('settings.ok', {
      storage: health.storage ?? '?', queue: health.queue ?? '?',
      judge: health.judge?.configured ? health.judge.model ?? '✓' : t('health.judgeNone'),
    }) + (health.auth_required ? t('settings.okAuth') : '');
  } catch (error) {
    result.classList.add('bad');
    result.textContent = errorText(error).replace(api.base || `${t('state.sameOrigin')} (${location.origin})`, candidate.displayBase);
  }
}

function saveSettingsPreview(s) {
  const base = String(s.apiBase ?? '').trim().replace(/\/+$/, '').replace(/\/api$/i, '');
  return { apiBase: base, keyKind: s.keyKind, key: s.keyKind === 'none' ? '' : s.key };
}

// ---- chrome -----------------------------------------------------------------------------

function bindControls() {
  $('#lang-toggle').addEventListener('click', () => {
    setLanguage(language() === 'zh-CN' ? 'en' : 'zh-CN', { remember: true });
    rerenderAll();
  });
  $('#settings-open').addEventListener('click', openSettings);
  $('#settings-cancel').addEventListener('click', () => $('#settings').close());
  $('#settings-test').addEventListener('click', testSettings);
  $('#settings-forget').addEventListener('click', () => {
    forgetSettings();
    const url = new URL(location.href);
    url.searchParams.delete('api');
    location.replace(url);
  });
  for (const r of document.querySelectorAll('#settings-form input[name="keyKind"]')) r.addEventListener('change', syncKeyField);
  $('#settings-form').addEventListener('submit', (e) => {
    e.preventDefault();
    saveSettings(settingsFromForm());
    const url = new URL(location.href);
    url.searchParams.delete('api');
    location.replace(url);
  });
  $('#refresh').addEventListener('click', refreshAll);
  $('#export-csv').addEventListener('click', () => runExport('csv'));
  $('#export-json').addEventListener('click', () => runExport('json'));
  $('#page-prev').addEventListener('click', () => goToPage(-1));
  $('#page-next').addEventListener('click', () => goToPage(1));
  $('#page-size').value = String(state.pageSize);
  $('#page-size').addEventListener('change', (e) => {
    state.pageSize = Number(e.target.value) || 50;
    try { localStorage.setItem('scorejobs.pageSize', String(state.pageSize)); } catch { /* not kept */ }
    resetPaging();
    loadPage();
  });
  window.addEventListener('hashchange', () => routeFromHash(true));
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      $('#f-q').focus();
    }
  });
  let frame = 0;
  let lastWidth = 0;
  new ResizeObserver((entries) => {
    const width = Math.round(entries[0].contentRect.width);
    if (width === lastWidth) return;
    lastWidth = width;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(renderCharts);
  }).observe($('#chart-trend .chart-body'));
}

function refreshAll() {
  loadPage();
  loadStats();
  if (!state.catalog.length) loadCatalog();
  loadHealth();
}

function rerenderAll() {
  translateStatic();
  renderStaticBits();
  filterBar.render();
  if (state.listError) renderListError(state.listError);
  else if (!state.loading || state.rows.length) renderTable();
  renderPager();
  renderOverview();
  renderHealth();
  if (drawer.isOpen && drawer.record) drawer.show(drawer.record);
}

function renderStaticBits() {
  $('#tz-note').textContent = t('time.zone', { zone: timeZone() });
}

function readPageSize() {
  try {
    const n = Number(localStorage.getItem('scorejobs.pageSize'));
    return [25, 50, 100].includes(n) ? n : 50;
  } catch {
    return 50;
  }
}

let toastTimer = 0;
function toast(message, { sticky = false, error = false } = {}) {
  const el = $('#toast');
  el.textContent = message;
  el.classList.toggle('toast-error', error);
  el.hidden = false;
  clearTimeout(toastTimer);
  if (!sticky) toastTimer = setTimeout(() => { el.hidden = true; }, 6000);
}

function announce(message) {
  const el = $('#live');
  el.textContent = '';
  requestAnimationFrame(() => { el.textContent = message; });
}
