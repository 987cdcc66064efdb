// The score-records page: creates each component on its part of the page and wires them together.
import { ApiClient } from './api.js';
import { $ } from './dom.js';
import { initialLanguage, language, setLanguage, t, translateStatic } from './i18n.js';
import { loadSettings } from './settings.js';
import { FilterBar, filtersFromUrl, writeFiltersToUrl } from './filters.js';
import { RecordsList } from './records-list.js';
import { Overview } from './overview.js';
import { DetailDrawer } from './detail.js';
import { LiveUpdates } from './live-updates.js';
import { ExportActions } from './export-actions.js';
import { SettingsDialog } from './settings-dialog.js';
import { HealthBadge } from './health.js';
import { LiveRegion, Toast } from './notices.js';
import { apiLabel, describeError } from './errors.js';
import { EXPORT_CAP, collectRows, toCsv, toJson } from './export.js';
import { formatCount, formatScore, shortId } from './format.js';

setLanguage(initialLanguage());
translateStatic();

const settings = loadSettings();
const api = new ApiClient(settings);
const explain = (error) => describeError(error, apiLabel(api));
const toast = new Toast($('#toast'));
const liveRegion = new LiveRegion($('#live'));
let metricNames = [];

const settingsDialog = new SettingsDialog($('#settings'), { settings });
const health = new HealthBadge($('#health'), { api });

const filterBar = new FilterBar($('#filters'), filtersFromUrl(), (filters) => {
  writeFiltersToUrl(filters);
  list.resetPaging();
  list.load();
  overview.load();
});

const list = new RecordsList($('#records'), {
  api,
  filters: () => filterBar.value,
  describeError: explain,
  onRows: (rows, { partial }) => {
    if (!partial) live.watch(rows);
    filterBar.setTagSuggestions(new Set(rows.flatMap((r) => Object.entries(r.request_summary?.metadata ?? {}).map(([k, v]) => `${k}:${v}`))));
  },
  onLoaded: (n) => liveRegion.announce(t('live.loaded', { n: formatCount(n) })),
  onError: () => live.stop(),
  onTag: (tag) => filterBar.addTag(tag),
  onRefresh: () => refreshAll(),
  onClearFilters: () => filterBar.clear(),
  onOpenSettings: () => settingsDialog.open(),
});

const overview = new Overview($('.overview'), { api, filters: () => filterBar.value, onStats: (stats) => list.setStats(stats) });

// #job={id} opens a record; closing it goes back if the address was followed, else just drops the hash.
let detailOpenedByLink = false;
const drawer = new DetailDrawer($('#detail'), {
  load: (jobId) => api.getJob(jobId),
  describeError: explain,
  onPending: (record) => live.watch([record]),
  onClose: () => {
    if (!location.hash.startsWith('#job=')) return;
    if (detailOpenedByLink) history.back();
    else history.replaceState(history.state, '', location.pathname + location.search);
    detailOpenedByLink = false;
  },
});

const live = new LiveUpdates({
  api, list, drawer,
  onStatusChange: (record) => {
    liveRegion.announce(record.status === 'completed' && typeof record.weighted_score === 'number'
      ? t('live.updatedScore', { id: shortId(record.job_id), score: formatScore(record.weighted_score) })
      : t('live.updated', { id: shortId(record.job_id), status: t(`status.${record.status}`) }));
    overview.loadSoon();
  },
});

new ExportActions($('#records-actions'), {
  toast,
  describeError: explain,
  begin: () => {
    const filters = filterBar.value;
    return {
      collect: async (onProgress) => ({ ...await collectRows(api, filters, { cap: EXPORT_CAP, onProgress }), cap: EXPORT_CAP }),
      csv: (rows) => toCsv(rows, metricNames),
      json: (rows, capped) => toJson(rows, { filters, capped }),
    };
  },
});

bindChrome();
// Rows first: the figures, catalog and health are asked for once the first page is on its way back.
const firstPage = list.load();
Promise.race([firstPage, new Promise((resolve) => setTimeout(resolve, 400))]).then(() => {
  overview.load();
  loadCatalog();
  health.load();
});
routeFromHash(false);

async function loadCatalog() {
  try {
    metricNames = (await api.metrics()).map((m) => m.name);
    filterBar.setMetrics(metricNames);
  } catch { /* the list's own error state says what is wrong */ }
}

function refreshAll() {
  list.load();
  overview.load();
  if (!metricNames.length) loadCatalog();
  health.load();
}

function routeFromHash(byLink) {
  const match = /^#job=(.+)$/.exec(location.hash);
  if (match) {
    detailOpenedByLink = byLink;
    drawer.open(decodeURIComponent(match[1]));
  } else if (drawer.isOpen) {
    drawer.close();
  }
}

function bindChrome() {
  $('#lang-toggle').addEventListener('click', () => {
    setLanguage(language() === 'zh-CN' ? 'en' : 'zh-CN', { remember: true });
    translateStatic();
    filterBar.render();
    list.render();
    overview.render();
    health.render();
    if (drawer.isOpen && drawer.record) drawer.show(drawer.record);
  });
  $('#settings-open').addEventListener('click', () => settingsDialog.open());
  $('#refresh').addEventListener('click', refreshAll);
  window.addEventListener('hashchange', () => routeFromHash(true));
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      $('#f-q').focus();
    }
  });
}
