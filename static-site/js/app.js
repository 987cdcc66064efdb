// The score-records page: creates each view and shared component on its part of the page, wires
// them together, and shows the view the address names (js/router.js).
import { ApiClient } from './api.js';
import { $ } from './dom.js';
import { initialLanguage, language, setLanguage, t, translateStatic } from './i18n.js';
import { loadSettings, saveRater } from './settings.js';
import { parseRoute, routeHash, withJob } from './router.js';
import { RecordsView } from './records-view.js';
import { RunsView } from './runs-view.js';
import { RunDetailView } from './run-detail.js';
import { CompareView } from './compare-view.js';
import { NewRunView } from './new-run.js';
import { DetailDrawer } from './detail.js';
import { LabelPanel } from './label-panel.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { AgreementView } from './agreement-view.js';
import { SettingsDialog } from './settings-dialog.js';
import { HealthBadge } from './health.js';
import { KeyNotice, LiveRegion, Toast } from './notices.js';
import { apiLabel, describeError } from './errors.js';
import { formatCount } from './format.js';
import { runName } from './run-parts.js';

setLanguage(initialLanguage());
translateStatic();

const settings = loadSettings();
const api = new ApiClient(settings);
const explain = (error) => describeError(error, apiLabel(api));
const toast = new Toast($('#toast'));
const liveRegion = new LiveRegion($('#live'));
const settingsDialog = new SettingsDialog($('#settings'), { settings });
const health = new HealthBadge($('#health'), { api });
const keyNotice = new KeyNotice($('#key-notice'), { settings, onConnect: () => settingsDialog.open() });
const confirmDialog = new ConfirmDialog($('#confirm'));
const announceRun = (run) => liveRegion.announce(t('live.runUpdated', { name: runName(run), status: t(`status.${run.status}`) }));

// #job=ID opens a record over the current view; closing it goes back if the address was followed, else drops the job.
let route = null;
let detailOpenedByLink = false;
const drawer = new DetailDrawer($('#detail'), {
  load: (jobId) => api.getJob(jobId),
  describeError: explain,
  onPending: (record) => views.records.watch([record]),
  labels: new LabelPanel({
    api, describeError: explain,
    rater: () => settings.rater,
    onRater: (name) => { settings.rater = name; saveRater(name); },
    onChanged: (record) => {
      drawer.refresh(record);
      if (route?.view === 'agreement') views.agreement.load();
    },
  }),
  remove: async (record) => {
    const yes = await confirmDialog.ask({ title: t('delete.jobTitle'), body: t('delete.jobBody'), confirm: t('delete.confirm') });
    if (!yes) return false;
    await api.deleteJob(record.job_id);
    toast.show(t('delete.jobDone'));
    views.records.reload();
    if (route?.view === 'agreement') views.agreement.load();
    return true;
  },
  onClose: () => {
    if (!route?.jobId) return;
    if (detailOpenedByLink) history.back();
    else history.replaceState(history.state, '', location.pathname + location.search + withJob(route, null));
    route = { ...route, jobId: null };
    detailOpenedByLink = false;
  },
});

const views = {
  records: new RecordsView($('#records-view'), {
    api, drawer, toast, liveRegion, describeError: explain,
    onOpenSettings: () => settingsDialog.open(),
    onRefresh: () => refreshAll(),
  }),
  runs: new RunsView($('#runs-view'), { api, describeError: explain, onStatusChange: announceRun, onOpenSettings: () => settingsDialog.open() }),
  run: new RunDetailView($('#run-view'), {
    api, toast, describeError: explain, onStatusChange: announceRun,
    confirmDelete: () => confirmDialog.ask({ title: t('delete.runTitle'), body: t('delete.runBody'), confirm: t('delete.confirm') }),
    onDeleted: () => {
      toast.show(t('delete.runDone'));
      views.records.reload();
      location.hash = routeHash({ view: 'runs' });
    },
  }),
  compare: new CompareView($('#compare-view'), { api, describeError: explain }),
  agreement: new AgreementView($('#agreement-view'), { api, describeError: explain }),
  'new-run': new NewRunView($('#new-run-view'), {
    api, describeError: explain,
    onStarted: (accepted) => {
      toast.show(t('newRun.started', { n: formatCount(accepted.samples ?? 0) }));
      location.hash = routeHash({ view: 'run', runId: accepted.run_id });
    },
  }),
};

bindChrome();
const firstView = showRoute(false);
Promise.resolve(firstView).then(() => {
  loadCatalog();
  health.load();
});

/** Shows the view the address names; returns what the view's show() returned (the records' first page). */
function showRoute(byLink) {
  const next = parseRoute();
  const viewKey = (r) => r && routeHash({ ...r, jobId: null }) + r.view;
  const changedView = !route || route.view !== next.view;
  let shown;
  if (viewKey(next) !== viewKey(route)) {
    if (changedView) {
      route && views[route.view].hide();
      for (const [name, view] of Object.entries(views)) view.root.hidden = name !== next.view;
      for (const tab of document.querySelectorAll('.view-tabs a')) {
        const on = tab.dataset.tab === (['records', 'agreement'].includes(next.view) ? next.view : 'runs');
        if (on) tab.setAttribute('aria-current', 'page');
        else tab.removeAttribute('aria-current');
      }
    }
    shown = views[next.view].show(next);
    if (byLink && changedView) {
      window.scrollTo(0, 0);
      views[next.view].root.querySelector('h2[tabindex="-1"]')?.focus({ preventScroll: true });
    }
  }
  route = next;
  if (next.jobId) {
    detailOpenedByLink = byLink;
    if (drawer.jobId !== next.jobId || !drawer.isOpen) drawer.open(next.jobId);
  } else if (drawer.isOpen) {
    drawer.close();
  }
  return shown;
}

async function loadCatalog() {
  try {
    const metrics = await api.metrics();
    views.records.setCatalog(metrics);
    views['new-run'].setCatalog(metrics);
    views.agreement.setCatalog(metrics);
    return metrics;
  } catch {
    return null; /* each view's own error state says what is wrong */
  }
}

function refreshAll() {
  views.records.refresh();
  loadCatalog();
  health.load();
}

function bindChrome() {
  $('#lang-toggle').addEventListener('click', () => {
    setLanguage(language() === 'zh-CN' ? 'en' : 'zh-CN', { remember: true });
    translateStatic();
    for (const view of Object.values(views)) view.render();
    health.render();
    keyNotice.render();
    drawer.rerender();
  });
  $('#settings-open').addEventListener('click', () => settingsDialog.open());
  window.addEventListener('hashchange', () => showRoute(true));
  // The skip link jumps to the view on screen, without changing the address (the hash names views).
  $('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    const view = views[route.view].root;
    const target = route.view === 'records' ? view.querySelector('#records') : view.querySelector('h2[tabindex="-1"]');
    target?.focus();
    target?.scrollIntoView({ block: 'start' });
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && route.view === 'records' && !e.ctrlKey && !e.metaKey && !e.altKey && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      views.records.focusSearch();
    }
  });
}
