// One dataset run: progress and verdict, per-metric aggregates against thresholds, the score
// distribution, the worst samples with their reasons, the run's jobs, cancel, retry and export.
// While the run is in flight it re-reads it (js/poller.js backs off) and, every few seconds at
// most, the parts drawn from its jobs.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { Poller } from './poller.js';
import { formatCount, formatDateTime, formatScore, scoreBand } from './format.js';
import { renderRows, statusBadge } from './table.js';
import { renderHistogram } from './charts.js';
import { metricReason } from './reasons.js';
import { stateContent } from './states.js';
import { routeHash } from './router.js';
import { ExportActions } from './export-actions.js';
import { EXPORT_CAP, collectRows, toCsv, toJson } from './export.js';
import { aggregateLabel, aggregateNames, aggregateRow, isActiveRun, progressBar, runName, verdictBadge } from './run-parts.js';

const WORST = 10;
const JOBS_PAGE = 50;
const SECTIONS_EVERY_MS = 4000;
const SECTION_RETRIES = 5;

export class RunDetailView {
  #root; #api; #on;
  #runId = null; #run = null; #error = null; #shown = false;
  #jobs = []; #jobsCursor = null; #stats = null; #worst = null; #failedJobs = [];
  #otherRuns = [];
  #poller; #sectionsTimer = 0; #sectionsAt = 0; #loadToken = 0; #sectionRetries = 0;
  #els = {};
  #built = false;

  /** Callbacks: describeError(error), toast, onStatusChange(run), confirmDelete() -> Promise<bool>, onDeleted(runId). */
  constructor(root, { api, toast, ...callbacks }) {
    this.#root = root;
    this.#api = api;
    this.#on = { toast, ...callbacks };
    this.#poller = new Poller({
      pendingIds: () => (this.#shown && this.#run && isActiveRun(this.#run) ? [this.#run.run_id] : []),
      fetchOne: (id) => this.#api.getRun(id),
      idOf: (run) => run.run_id,
      fingerprint: (run) => JSON.stringify([run.status, run.counts, run.passed, run.cancel_requested, run.retries]),
      onRecord: (run) => this.#updated(run),
    });
  }

  get root() { return this.#root; }
  get run() { return this.#run; }

  show({ runId }) {
    this.#ensureBuilt();
    this.#shown = true;
    if (runId !== this.#runId) {
      this.#runId = runId;
      this.#run = null;
      this.#error = null;
      this.#jobs = [];
      this.#stats = null;
      this.#worst = null;
      this.#failedJobs = [];
      this.#sectionRetries = 0;
    }
    this.load();
  }

  hide() {
    this.#shown = false;
    this.#poller.stop();
    clearTimeout(this.#sectionsTimer);
  }

  async load() {
    const token = ++this.#loadToken;
    const runId = this.#runId;
    if (!this.#run) this.#renderLoading();
    try {
      const run = await this.#api.getRun(runId);
      if (token !== this.#loadToken) return;
      this.#run = run;
      this.#error = null;
    } catch (error) {
      if (token !== this.#loadToken) return;
      this.#error = error;
      this.render();
      return;
    }
    this.render();
    this.#poller.poke([this.#run]);
    this.#loadSections();
    this.#loadOtherRuns();
  }

  render() {
    if (!this.#built) return;
    if (this.#error) return this.#renderError();
    if (!this.#run) return this.#renderLoading();
    this.#els.body.hidden = false;
    this.#els.state.hidden = true;
    this.#renderHeader();
    this.#renderAggregates();
    this.#renderDistribution();
    this.#renderWorst();
    this.#renderJobs();
    this.#renderCompare();
  }

  #updated(run) {
    const before = this.#run;
    this.#run = run;
    this.#renderHeader();
    this.#renderAggregates();
    if (before?.status !== run.status) this.#on.onStatusChange?.(run);
    // The parts read from the run's jobs cost several calls: redrawn every few seconds at most, and when it ends.
    const wait = isActiveRun(run) ? Math.max(0, this.#sectionsAt + SECTIONS_EVERY_MS - Date.now()) : 0;
    clearTimeout(this.#sectionsTimer);
    this.#sectionsTimer = setTimeout(() => this.#loadSections(), wait);
  }

  async #loadSections() {
    const runId = this.#runId;
    this.#sectionsAt = Date.now();
    const filters = { runId };
    const [jobs, stats, failed] = await Promise.allSettled([
      this.#api.listJobs(filters, { limit: JOBS_PAGE }),
      this.#api.stats(filters),
      this.#api.listJobs({ runId, status: 'failed' }, { limit: 5 }),
    ]);
    if (runId !== this.#runId) return;
    if (jobs.status === 'fulfilled') {
      this.#jobs = jobs.value.jobs;
      this.#jobsCursor = jobs.value.nextCursor;
    }
    if (stats.status === 'fulfilled') this.#stats = stats.value;
    if (failed.status === 'fulfilled') this.#failedJobs = failed.value.jobs;
    this.#renderDistribution();
    this.#renderJobs();
    const worst = stats.status === 'fulfilled' ? await this.#loadWorst(stats.value).catch(() => null) : null;
    if (runId !== this.#runId) return;
    // A call that failed (a slow server, a dropped connection) leaves what was shown and is tried again shortly,
    // rather than saying "no worst samples" or listing them without their reasons.
    if (worst) this.#worst = worst;
    this.#renderWorst();
    const incomplete = !worst || worst.some((job) => !job.details) || jobs.status !== 'fulfilled' || failed.status !== 'fulfilled';
    if (incomplete && this.#shown && this.#sectionRetries++ < SECTION_RETRIES) {
      clearTimeout(this.#sectionsTimer);
      this.#sectionsTimer = setTimeout(() => this.#loadSections(), SECTIONS_EVERY_MS);
    }
  }

  /**
   * The lowest weighted scores, with each one's reasons. The histogram says below which score the
   * worst ten lie, so only those jobs are listed, then read whole for their per-metric reasons.
   */
  async #loadWorst(stats) {
    const buckets = [...(stats?.histogram ?? [])].sort((a, b) => a.from - b.from);
    let seen = 0;
    let cutoff = null;
    for (const b of buckets) {
      seen += b.count ?? 0;
      cutoff = b.to;
      if (seen >= WORST) break;
    }
    if (cutoff === null || seen === 0) return [];
    const { rows } = await collectRows(this.#api, { runId: this.#runId, status: 'completed', maxScore: String(cutoff) }, { cap: 500 });
    const worst = rows.filter((r) => typeof r.weighted_score === 'number')
      .sort((a, b) => a.weighted_score - b.weighted_score || String(a.sample_id).localeCompare(String(b.sample_id), undefined, { numeric: true }))
      .slice(0, WORST);
    return Promise.all(worst.map((row) => this.#api.getJob(row.job_id).catch(() => row)));
  }

  async #loadOtherRuns() {
    try {
      const page = await this.#api.listRuns({ limit: 50 });
      this.#otherRuns = page.runs.filter((r) => r.run_id !== this.#runId);
    } catch {
      this.#otherRuns = [];
    }
    this.#renderCompare();
  }

  async #loadMoreJobs() {
    if (!this.#jobsCursor) return;
    const page = await this.#api.listJobs({ runId: this.#runId }, { limit: JOBS_PAGE, cursor: this.#jobsCursor }).catch((error) => {
      this.#on.toast.show(this.#on.describeError(error), { error: true });
      return null;
    });
    if (!page) return;
    this.#jobs.push(...page.jobs);
    this.#jobsCursor = page.nextCursor;
    this.#renderJobs();
  }

  // A run still running is cancelled by the server first (202); its jobs go with it.
  async #delete() {
    if (!await this.#on.confirmDelete()) return;
    this.#els.delete.disabled = true;
    try {
      await this.#api.deleteRun(this.#runId);
      this.#poller.stop();
      this.#run = null;
      this.#on.onDeleted(this.#runId);
    } catch (error) {
      this.#on.toast.show(t('delete.runFailed', { message: this.#on.describeError(error) }), { error: true });
    } finally {
      this.#els.delete.disabled = false;
    }
  }

  async #act(kind) {
    const button = kind === 'cancel' ? this.#els.cancel : this.#els.retry;
    button.disabled = true;
    try {
      // Both answer with the run as it now is.
      const run = await (kind === 'cancel' ? this.#api.cancelRun(this.#runId) : this.#api.retryRun(this.#runId));
      this.#on.toast.show(kind === 'cancel' ? t('run.cancelled') : t('run.retried'));
      if (run?.run_id === this.#runId) {
        this.#updated(run);
        this.#poller.poke([run]);
      } else {
        await this.load();
      }
    } catch (error) {
      this.#on.toast.show(t(kind === 'cancel' ? 'run.cancelFailed' : 'run.retryFailed', { message: this.#on.describeError(error) }), { error: true });
      this.#renderHeader();
    }
  }

  #renderLoading() {
    this.#els.body.hidden = true;
    this.#els.state.hidden = false;
    this.#els.state.replaceChildren(h('div', { class: 'state-inline', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('run.loading')));
  }

  #renderError() {
    this.#els.body.hidden = true;
    this.#els.state.hidden = false;
    const notFound = this.#error?.kind === 'not_found';
    this.#els.state.replaceChildren(...stateContent({
      art: notFound ? 'search' : 'error',
      title: notFound ? t('run.notFound') : t('run.errorTitle'),
      body: notFound ? this.#runId : this.#on.describeError(this.#error),
      alert: !notFound,
      actions: [
        h('a', { class: 'btn', href: routeHash({ view: 'runs' }) }, t('run.back')),
        notFound ? null : h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.load() }, t('state.retry')),
      ].filter(Boolean),
    }));
  }

  #renderHeader() {
    const run = this.#run;
    const active = isActiveRun(run);
    this.#els.title.textContent = runName(run);
    this.#els.sub.replaceChildren(
      statusBadge(run.status), verdictBadge(run),
      h('code', { class: 'mono', title: run.run_id }, run.run_id));
    const thresholds = Object.entries(run.thresholds ?? {});
    const usage = run.usage;
    const facts = [
      [t('detail.created'), formatDateTime(run.created_at), run.created_at],
      [t('detail.started'), formatDateTime(run.started_at), run.started_at],
      [t('detail.finished'), formatDateTime(run.finished_at), run.finished_at],
      [t('run.samples'), formatCount(run.samples ?? 0)],
      [t('run.metrics'), (run.metrics ?? []).map(metricLabel).join(', ') || '—'],
      [t('run.thresholds'), thresholds.length ? thresholds.map(([m, v]) => `${aggregateLabel(m)} ≥ ${formatScore(v)}`).join(', ') : t('run.noThresholds')],
      [t('detail.tokens'), usage?.total_tokens ? t('detail.tokensValue', {
        total: formatCount(usage.total_tokens), prompt: formatCount(usage.prompt_tokens ?? 0),
        completion: formatCount(usage.completion_tokens ?? 0), calls: formatCount(usage.judge_calls ?? 0),
      }) : '—'],
    ];
    if (usage?.cost != null) facts.push([t('run.cost'), `${usage.cost} ${usage.currency ?? ''}`.trim()]);
    // Calls paid for by attempts a crash cut short: counted in the figures above, and said apart.
    if (usage?.cut_off_calls) facts.push([t('run.cutOff'), t('run.cutOffValue', { calls: formatCount(usage.cut_off_calls) })]);
    if (usage?.redone_calls) facts.push([t('run.redone'), t('run.redoneValue', { calls: formatCount(usage.redone_calls), tokens: formatCount((usage.redone_prompt_tokens ?? 0) + (usage.redone_completion_tokens ?? 0)) })]);
    if (run.passed === false && run.passed_reason) facts.push([t('run.passedReason'), run.passed_reason]);
    // A batch-mode run's judge calls go through the Batch API first: its state while the jobs wait for it.
    if (run.batch) {
      facts.push([t('run.batch'), t('run.batchValue', {
        state: batchStateLabel(run.batch.state), round: run.batch.round ?? 1,
        completed: formatCount(run.batch.completed ?? 0), requests: formatCount(run.batch.requests ?? 0), failed: formatCount(run.batch.failed ?? 0),
      })]);
    }
    this.#els.facts.replaceChildren(...facts.map(([k, v, iso]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, iso ? h('time', { datetime: iso, title: iso }, v) : v))));
    this.#els.progress.replaceChildren(progressBar(run));
    this.#els.error.hidden = !run.error;
    this.#els.error.textContent = run.error ?? '';
    this.#els.cancel.disabled = !active || Boolean(run.cancel_requested);
    this.#els.cancel.title = run.cancel_requested ? t('run.cancelRequested') : '';
    // Whether any sample has something to retry is the server's to say; it answers when there is nothing.
    this.#els.retry.disabled = active;
    this.#els.agreement.href = routeHash({ view: 'agreement', runId: run.run_id });
  }

  #renderAggregates() {
    const run = this.#run;
    const names = aggregateNames(run);
    this.#els.aggregates.replaceChildren(...(names.length
      ? names.map((name) => aggregateRow(name, run.aggregates[name], run.thresholds?.[name] ?? run.aggregates[name]?.threshold, run.min_coverage))
      : [h('li', { class: 'muted' }, t('run.noAggregates'))]));
  }

  #renderDistribution() {
    const body = this.#els.histogram;
    if (!this.#stats) {
      body.replaceChildren(h('p', { class: 'chart-empty' }, '…'));
      return;
    }
    renderHistogram(body, this.#stats.histogram);
  }

  #renderWorst() {
    const list = this.#els.worst;
    const failed = this.#failedJobs;
    const worst = this.#worst;
    const items = [];
    for (const job of failed) {
      items.push(h('li', { class: 'worst-item worst-failed', dataset: { jobId: job.job_id, sampleId: String(job.sample_id ?? '') } },
        h('div', { class: 'worst-head' },
          h('span', { class: 'chip chip-sample' }, t('row.sample', { id: job.sample_id ?? '?' })),
          statusBadge(job.status),
          h('a', { class: 'worst-question', href: this.#jobHref(job) }, job.request_summary?.question || '—')),
        h('p', { class: 'worst-reason row-error' }, job.error || t('detail.noReason'))));
    }
    for (const job of worst ?? []) {
      const metrics = Object.entries(job.scores ?? {})
        .sort((a, b) => (a[1] ?? 2) - (b[1] ?? 2));
      items.push(h('li', { class: 'worst-item', dataset: { jobId: job.job_id, sampleId: String(job.sample_id ?? '') } },
        h('div', { class: 'worst-head' },
          h('span', { class: 'chip chip-sample' }, t('row.sample', { id: job.sample_id ?? '?' })),
          h('span', { class: `worst-score score-${scoreBand(job.weighted_score)}` }, formatScore(job.weighted_score)),
          h('a', { class: 'worst-question', href: this.#jobHref(job) }, job.request?.question ?? job.request_summary?.question ?? '—')),
        h('ul', { class: 'worst-metrics' }, metrics.map(([name, score]) => h('li', { class: 'worst-metric' },
          h('span', { class: `chip chip-metric chip-${scoreBand(score)}` }, h('span', { class: 'chip-label' }, metricLabel(name)), h('span', { class: 'chip-value' }, formatScore(score))),
          h('span', { class: 'worst-why' }, metricReason(job.details?.[name]) || (job.details?.[name]?.error ?? '')))))));
    }
    if (!items.length) {
      list.replaceChildren(h('li', { class: 'muted' }, worst === null ? '…' : t('run.noWorst')));
      return;
    }
    list.replaceChildren(...items);
  }

  #renderJobs() {
    const tbody = this.#els.jobs;
    renderRows(tbody, this.#jobs, { hrefFor: (job) => this.#jobHref(job), showRun: false });
    this.#els.jobsEmpty.hidden = this.#jobs.length > 0;
    this.#els.jobsMore.hidden = !this.#jobsCursor;
    this.#els.jobsCount.textContent = this.#run ? t('run.jobsCount', { shown: formatCount(this.#jobs.length), total: formatCount(this.#run.samples ?? 0) }) : '';
  }

  #renderCompare() {
    const select = this.#els.compareWith;
    const current = select.value;
    select.replaceChildren(
      h('option', { value: '' }, t('run.compareChoose')),
      ...this.#otherRuns.map((r) => h('option', { value: r.run_id }, `${runName(r)} · ${formatDateTime(r.created_at)}`)));
    select.value = this.#otherRuns.some((r) => r.run_id === current) ? current : '';
    this.#els.compareGo.disabled = !select.value;
  }

  #compare() {
    const other = this.#otherRuns.find((r) => r.run_id === this.#els.compareWith.value);
    if (!other || !this.#run) return;
    const [base, head] = String(other.created_at) <= String(this.#run.created_at) ? [other, this.#run] : [this.#run, other];
    location.hash = routeHash({ view: 'compare', base: base.run_id, head: head.run_id });
  }

  #jobHref(job) {
    return routeHash({ view: 'run', runId: this.#runId, jobId: job.job_id });
  }

  // Built when first shown, so the records view starts with nothing of the others in the page.
  #ensureBuilt() {
    if (this.#built) return;
    this.#built = true;
    this.#build();
  }

  #build() {
    const e = this.#els;
    e.title = h('h2', { id: 'run-title', tabindex: '-1' });
    e.sub = h('div', { class: 'run-sub-line' });
    e.facts = h('dl', { class: 'facts' });
    e.progress = h('div', { class: 'run-detail-progress' });
    e.error = h('p', { class: 'callout callout-error', role: 'alert', hidden: true });
    e.cancel = h('button', { type: 'button', class: 'btn', id: 'run-cancel', onclick: () => this.#act('cancel') }, h('span', { 'data-i18n': 'run.cancel' }, t('run.cancel')));
    e.retry = h('button', { type: 'button', class: 'btn', id: 'run-retry', onclick: () => this.#act('retry') }, h('span', { 'data-i18n': 'run.retry' }, t('run.retry')));
    const exportCsv = h('button', { type: 'button', class: 'btn', id: 'run-export-csv', dataset: { export: 'csv' } }, h('span', { 'data-i18n': 'records.exportCsv' }, t('records.exportCsv')));
    const exportJson = h('button', { type: 'button', class: 'btn', id: 'run-export-json', dataset: { export: 'json' } }, h('span', { 'data-i18n': 'records.exportJson' }, t('records.exportJson')));
    e.delete = h('button', { type: 'button', class: 'btn btn-danger-quiet', id: 'run-delete', onclick: () => this.#delete() }, h('span', { 'data-i18n': 'delete.run' }, t('delete.run')));
    e.agreement = h('a', { class: 'btn', id: 'run-agreement', href: '#agreement' }, h('span', { 'data-i18n': 'run.agreement' }, t('run.agreement')));
    const actions = h('div', { class: 'section-actions run-actions' }, e.cancel, e.retry, exportCsv, exportJson, e.agreement, e.delete);
    e.compareWith = h('select', { id: 'run-compare-with', onchange: () => { e.compareGo.disabled = !e.compareWith.value; } });
    e.compareGo = h('button', { type: 'button', class: 'btn', id: 'run-compare-go', disabled: true, onclick: () => this.#compare() }, h('span', { 'data-i18n': 'runs.compare' }, t('runs.compare')));
    e.aggregates = h('ul', { class: 'aggs', id: 'run-aggregates' });
    e.histogram = h('div', { class: 'chart-body' });
    e.worst = h('ol', { class: 'worst', id: 'run-worst' });
    e.jobs = h('tbody', { id: 'run-jobs-body' });
    e.jobsEmpty = h('p', { class: 'muted run-jobs-empty', 'data-i18n': 'run.noJobs' }, t('run.noJobs'));
    e.jobsMore = h('button', { type: 'button', class: 'btn', id: 'run-jobs-more', hidden: true, onclick: () => this.#loadMoreJobs() }, h('span', { 'data-i18n': 'runs.more' }, t('runs.more')));
    e.jobsCount = h('p', { class: 'pager-range' });
    e.state = h('div', { class: 'state', hidden: true });
    const heading = (id, key) => h('h2', { id, 'data-i18n': key }, t(key));
    const col = (cls, key) => h('th', { scope: 'col', class: cls, 'data-i18n': key }, t(key));
    e.body = h('div', { class: 'run-body', hidden: true },
      h('section', { class: 'card run-hero', 'aria-labelledby': 'run-title' },
        h('div', { class: 'run-hero-head' }, h('div', { class: 'run-heading' }, e.title, e.sub), actions),
        e.progress, e.error, e.facts,
        h('div', { class: 'run-compare-with' },
          h('label', { for: 'run-compare-with', 'data-i18n': 'run.compareWith' }, t('run.compareWith')), e.compareWith, e.compareGo)),
      h('div', { class: 'run-grid' },
        h('section', { class: 'card run-section', 'aria-labelledby': 'run-aggs-title' },
          heading('run-aggs-title', 'run.aggregates'), h('p', { class: 'section-note', 'data-i18n': 'run.aggregatesNote' }, t('run.aggregatesNote')), e.aggregates),
        h('figure', { class: 'card chart-card run-section', id: 'run-histogram' },
          h('figcaption', {}, h('span', { class: 'chart-title', 'data-i18n': 'run.distribution' }, t('run.distribution')), h('span', { class: 'chart-desc', 'data-i18n': 'chart.histogramDesc' }, t('chart.histogramDesc'))),
          e.histogram)),
      h('section', { class: 'card run-section', 'aria-labelledby': 'run-worst-title' },
        heading('run-worst-title', 'run.worst'), h('p', { class: 'section-note', 'data-i18n': 'run.worstNote' }, t('run.worstNote')), e.worst),
      h('section', { class: 'run-section-plain', 'aria-labelledby': 'run-jobs-title' },
        h('div', { class: 'section-head' }, heading('run-jobs-title', 'run.jobs'), e.jobsCount),
        h('div', { class: 'card table-card' },
          h('div', { class: 'table-wrap' },
            h('table', { class: 'records-table run-jobs', 'aria-labelledby': 'run-jobs-title' },
              h('thead', {}, h('tr', {},
                col('col-status', 'col.status'), col('col-created', 'col.created'), col('col-question', 'col.question'),
                col('col-score', 'col.score'), col('col-metrics', 'col.metrics'), col('col-latency', 'col.latency'))),
              e.jobs),
            e.jobsEmpty),
          h('div', { class: 'pager' }, e.jobsMore))));
    this.#root.replaceChildren(
      h('p', { class: 'back-link' }, h('a', { href: routeHash({ view: 'runs' }) }, h('span', { 'aria-hidden': 'true' }, '← '), h('span', { 'data-i18n': 'run.back' }, t('run.back')))),
      e.state, e.body);

    new ExportActions(actions, {
      toast: this.#on.toast,
      describeError: (error) => this.#on.describeError(error),
      prefix: () => `run-${this.#run.run_id.slice(0, 12)}`,
      begin: () => {
        const run = this.#run;
        const filters = { run_id: run.run_id };
        return {
          collect: async (onProgress) => ({ ...await collectRows(this.#api, { runId: run.run_id }, { cap: EXPORT_CAP, onProgress }), cap: EXPORT_CAP }),
          csv: (rows) => toCsv(rows, run.metrics ?? []),
          json: (rows, capped) => toJson(rows, { filters, capped, run }),
        };
      },
    });
  }
}

/** A batch state in the reader's language; a state the page does not know is shown as the API says it. */
function batchStateLabel(state) {
  const key = `batchState.${state}`;
  const label = t(key);
  return label === key ? state : label;
}
