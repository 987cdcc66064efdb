// Does the judge agree with people? One metric at a time from GET /api/score/agreement, over the records'
// filters that the route takes (status, dates, tags) and a run: kappa and Spearman with their intervals, the other
// figures, a judge-vs-human scatter, the confusion matrix, per judge, between raters, and the worst disagreements.
// A figure the server could not compute is null: it reads "—" with why, never 0.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatCount, formatDateTime, formatScore } from './format.js';
import { filtersFromUrl } from './filters.js';
import { renderScatter } from './charts.js';
import { routeHash } from './router.js';
import { stateContent } from './states.js';
import { runName } from './run-parts.js';

const EXTRA_METRICS = ['weighted_score', 'rating'];
const DEFAULT_THRESHOLD = '0.5';

export class AgreementView {
  #root; #api; #on; #els = {}; #built = false;
  #route = null; #report = null; #error = null; #token = 0; #catalog = []; #runs = []; #resize = null;

  /** Callbacks: describeError(error). */
  constructor(root, { api, ...callbacks }) {
    this.#root = root;
    this.#api = api;
    this.#on = callbacks;
  }

  get root() { return this.#root; }

  show(route) {
    this.#ensureBuilt();
    this.#route = { ...route, metric: route.metric || this.#els.metric.value || this.#catalog[0] || 'rating', threshold: route.threshold || DEFAULT_THRESHOLD };
    this.#fillControls();
    this.#loadRuns();
    return this.load();
  }

  hide() {}

  setCatalog(metrics) {
    this.#catalog = metrics.map((m) => m.name);
    if (this.#built) this.#fillControls();
  }

  /** The records' filters this route takes, with the run picked here. */
  #filters() {
    const { status, since, until, tags } = filtersFromUrl();
    return { status, since, until, tags, runId: this.#route.runId ?? '' };
  }

  async load() {
    const token = ++this.#token;
    this.#error = null;
    this.#els.results.setAttribute('aria-busy', 'true');
    try {
      const report = await this.#api.agreement(this.#filters(), { metric: this.#route.metric, threshold: this.#route.threshold });
      if (token !== this.#token) return;
      this.#report = report;
    } catch (error) {
      if (token !== this.#token) return;
      this.#report = null;
      this.#error = error;
    }
    this.#els.results.removeAttribute('aria-busy');
    this.render();
  }

  async #loadRuns() {
    if (this.#runs.length) return;
    try {
      this.#runs = (await this.#api.listRuns({ limit: 100 })).runs;
      this.#fillControls();
    } catch { /* the run choice stays "all"; the figures' own error says what is wrong */ }
  }

  render() {
    if (!this.#built) return;
    this.#fillControls();
    this.#renderScope();
    const e = this.#els;
    e.controlError.hidden = true;
    if (this.#error) {
      const bad = this.#error.status === 400 ? this.#error.problem?.errors : null;
      if (bad) {
        e.controlError.textContent = Object.entries(bad).map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`).join(' · ');
        e.controlError.hidden = false;
      }
      e.results.replaceChildren(h('div', { class: 'state' }, stateContent({
        art: 'error', title: t('agreement.errorTitle'), body: this.#on.describeError(this.#error), alert: true,
        actions: [h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.load() }, t('state.retry'))],
      })));
      return;
    }
    const r = this.#report;
    if (!r) return;
    if (!r.n) {
      e.results.replaceChildren(h('div', { class: 'state', id: 'agreement-empty' }, stateContent({
        art: 'empty', title: t('agreement.noPairs'), body: t('agreement.noPairsBody', { metric: metricLabel(r.metric) }),
      })));
      return;
    }
    e.results.replaceChildren(this.#figures(r), this.#charts(r), this.#tables(r));
  }

  #figures(r) {
    const few = r.n < 2;
    const why = (value) => (value === null || value === undefined ? t(few ? 'agreement.null.fewPairs' : 'agreement.null.noVariance') : null);
    const interval = (ci, value) => {
      if (Array.isArray(ci) && ci.length === 2) return t('agreement.ci', { lo: formatScore(ci[0]), hi: formatScore(ci[1]) });
      return value === null || value === undefined ? null : t('agreement.ciNone');
    };
    const card = (name, label, value, { ci, format = formatScore, hint } = {}) => h('div', { class: 'kpi agreement-kpi', dataset: { figure: name } },
      h('span', { class: 'kpi-label' }, label),
      h('span', { class: 'kpi-value', dataset: { value: name } }, value === null || value === undefined ? '—' : format(value)),
      why(value) ? h('span', { class: 'kpi-sub agreement-null', dataset: { reason: name } }, why(value)) : null,
      ci !== undefined && interval(ci, value) ? h('span', { class: 'kpi-sub', dataset: { ci: name } }, interval(ci, value)) : null,
      hint ? h('span', { class: 'kpi-sub muted' }, hint) : null);
    return h('div', { class: 'kpis agreement-kpis', id: 'agreement-figures' },
      card('n', t('agreement.n'), r.n, { format: formatCount, hint: t('agreement.nHint') }),
      card('kappa', t('agreement.kappa'), r.kappa, { ci: r.ci95?.kappa ?? null, hint: t('agreement.atThreshold', { threshold: formatScore(r.threshold) }) }),
      card('spearman', t('agreement.spearman'), r.spearman, { ci: r.ci95?.spearman ?? null }),
      card('pearson', t('agreement.pearson'), r.pearson),
      card('mean_abs_error', t('agreement.mae'), r.mean_abs_error),
      card('accuracy', t('agreement.accuracy'), r.accuracy, { format: (v) => `${(v * 100).toFixed(1)}%` }));
  }

  #charts(r) {
    const scatter = h('div', { class: 'chart-body', id: 'agreement-scatter' });
    const shown = r.disagreements?.length ?? 0;
    const figure = h('figure', { class: 'card chart-card' },
      h('figcaption', {},
        h('span', { class: 'chart-title' }, t('agreement.scatter')),
        h('span', { class: 'chart-desc' }, shown < r.n ? t('agreement.scatterSome', { shown: formatCount(shown), n: formatCount(r.n) }) : t('agreement.scatterAll', { n: formatCount(r.n) }))),
      scatter);
    const c = r.confusion ?? {};
    const cell = (key, value) => h('td', { dataset: { cell: key } }, formatCount(value ?? 0));
    const confusion = h('figure', { class: 'card chart-card agreement-confusion' },
      h('figcaption', {},
        h('span', { class: 'chart-title' }, t('agreement.confusion')),
        h('span', { class: 'chart-desc' }, t('agreement.confusionDesc', { threshold: formatScore(r.threshold) }))),
      h('table', { class: 'confusion', id: 'agreement-confusion' },
        h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, t('agreement.humanPass')), h('th', { scope: 'col' }, t('agreement.humanFail')))),
        h('tbody', {},
          h('tr', {}, h('th', { scope: 'row' }, t('agreement.judgePass')), cell('tp', c.tp), cell('fp', c.fp)),
          h('tr', {}, h('th', { scope: 'row' }, t('agreement.judgeFail')), cell('fn', c.fn), cell('tn', c.tn)))));
    const grid = h('div', { class: 'charts agreement-charts' }, figure, confusion);
    // Drawn at the figure's real width once it is in the page, and again when that width changes.
    let width = 0;
    let frame = 0;
    this.#resize?.disconnect();
    this.#resize = new ResizeObserver((entries) => {
      const now = Math.round(entries[0].contentRect.width);
      if (now === width) return;
      width = now;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => renderScatter(scatter, r.disagreements ?? [], { threshold: r.threshold }));
    });
    this.#resize.observe(scatter);
    return grid;
  }

  #tables(r) {
    const few = (n) => t(n < 2 ? 'agreement.null.fewPairs' : 'agreement.null.noVariance');
    const figure = (value, n) => (value === null || value === undefined
      ? h('span', { class: 'agreement-null' }, '— ', h('span', { class: 'muted' }, `(${few(n)})`))
      : formatScore(value));
    const raters = r.raters ?? {};
    const byJudge = h('section', { class: 'card agreement-section', 'aria-labelledby': 'agreement-judges' },
      h('h3', { id: 'agreement-judges' }, t('agreement.byJudge')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'agreement-table', id: 'agreement-by-judge' },
        h('thead', {}, h('tr', {}, ['judgeModel', 'promptVersion', 'n', 'spearman', 'kappa'].map((k) => h('th', { scope: 'col' }, t(`agreement.col.${k}`))))),
        h('tbody', {}, (r.by_judge ?? []).map((j) => h('tr', {},
          h('td', { class: 'mono' }, j.judge_model ?? '—'),
          h('td', { class: 'mono' }, j.prompt_version ?? '—'),
          h('td', { dataset: { col: 'n' } }, formatCount(j.n)),
          h('td', { dataset: { col: 'spearman' } }, figure(j.spearman, j.n)),
          h('td', { dataset: { col: 'kappa' } }, figure(j.kappa, j.n))))))));
    const ratersSection = h('section', { class: 'card agreement-section', 'aria-labelledby': 'agreement-raters' },
      h('h3', { id: 'agreement-raters' }, t('agreement.raters')),
      h('p', { id: 'agreement-raters-figures' },
        t('agreement.raterCount', { n: formatCount(raters.count ?? 0) }), ' · ', t('agreement.raterKappa'), ' ',
        raters.kappa_between_raters === null || raters.kappa_between_raters === undefined
          ? h('span', { class: 'agreement-null', dataset: { value: 'kappa_between_raters' } }, '— ', h('span', { class: 'muted' }, `(${t('agreement.null.raters')})`))
          : h('strong', { dataset: { value: 'kappa_between_raters' } }, formatScore(raters.kappa_between_raters))));
    const list = r.disagreements ?? [];
    const disagreements = h('section', { class: 'card agreement-section', 'aria-labelledby': 'agreement-disagreements' },
      h('h3', { id: 'agreement-disagreements' }, t('agreement.disagreements', { n: formatCount(list.length) })),
      h('p', { class: 'section-note' }, t('agreement.disagreementsDesc')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'agreement-table', id: 'agreement-disagreements-table' },
        h('thead', {}, h('tr', {}, ['job', 'judge', 'human', 'delta'].map((k) => h('th', { scope: 'col' }, t(`agreement.col.${k}`))))),
        h('tbody', {}, list.map((d) => h('tr', { dataset: { job: d.job_id } },
          h('td', { class: 'agreement-job' }, h('a', { class: 'mono', href: routeHash({ ...this.#route, jobId: d.job_id }) }, d.job_id)),
          h('td', { dataset: { col: 'judge' } }, formatScore(d.judge)),
          h('td', { dataset: { col: 'human' } }, formatScore(d.human)),
          h('td', { dataset: { col: 'delta' } }, `${d.delta > 0 ? '+' : d.delta < 0 ? '−' : ''}${formatScore(Math.abs(d.delta))}`)))))));
    return h('div', { class: 'agreement-tables' }, byJudge, ratersSection, disagreements);
  }

  #renderScope() {
    const f = this.#filters();
    const parts = [];
    if (f.status) parts.push(`${t('filters.status')}: ${t(`status.${f.status}`)}`);
    if (f.since) parts.push(`${t('filters.since')}: ${f.since}`);
    if (f.until) parts.push(`${t('filters.until')}: ${f.until}`);
    for (const tag of f.tags) parts.push(tag);
    this.#els.scope.replaceChildren(parts.length
      ? h('span', {}, t('agreement.scope'), ' ', h('span', { class: 'agreement-scope-list' }, parts.join(' · ')), ' ', h('a', { href: '#' }, t('agreement.scopeChange')))
      : t('agreement.scopeAll'));
  }

  #fillControls() {
    const e = this.#els;
    if (!this.#built || !this.#route) return;
    const names = [...new Set([...this.#catalog, ...EXTRA_METRICS, this.#route.metric])];
    e.metric.replaceChildren(...names.map((name) => h('option', { value: name, selected: name === this.#route.metric },
      name === 'rating' ? t('agreement.metricRating') : name === 'weighted_score' ? t('run.weighted') : metricLabel(name))));
    e.metric.value = this.#route.metric;
    if (document.activeElement !== e.threshold) e.threshold.value = this.#route.threshold;
    const runId = this.#route.runId ?? '';
    const runs = this.#runs.some((run) => run.run_id === runId) || !runId ? this.#runs : [{ run_id: runId }, ...this.#runs];
    e.run.replaceChildren(h('option', { value: '' }, t('agreement.allRecords')),
      ...runs.map((run) => h('option', { value: run.run_id }, run.name || run.created_at ? `${runName(run)}${run.created_at ? ` · ${formatDateTime(run.created_at)}` : ''}` : run.run_id)));
    e.run.value = runId;
  }

  #apply() {
    const e = this.#els;
    location.hash = routeHash({ view: 'agreement', metric: e.metric.value, threshold: e.threshold.value.trim() || DEFAULT_THRESHOLD, runId: e.run.value || null });
  }

  #ensureBuilt() {
    if (this.#built) return;
    this.#built = true;
    const e = this.#els;
    e.metric = h('select', { id: 'agreement-metric', name: 'metric' });
    e.threshold = h('input', { id: 'agreement-threshold', name: 'threshold', type: 'text', inputmode: 'decimal', autocomplete: 'off', size: 5, 'aria-describedby': 'agreement-control-error' });
    e.run = h('select', { id: 'agreement-run', name: 'run' });
    e.controlError = h('p', { class: 'field-error', id: 'agreement-control-error', role: 'alert', hidden: true });
    e.scope = h('p', { class: 'section-note', id: 'agreement-scope' });
    e.results = h('div', { class: 'agreement-results', id: 'agreement-results', 'aria-live': 'polite' });
    const field = (id, key, control) => h('div', { class: 'field' }, h('label', { for: id, 'data-i18n': key }, t(key)), control);
    const form = h('form', { class: 'card agreement-controls', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); this.#apply(); } },
      h('div', { class: 'agreement-fields' },
        field('agreement-metric', 'agreement.metric', e.metric),
        field('agreement-threshold', 'agreement.threshold', e.threshold),
        field('agreement-run', 'agreement.run', e.run),
        h('div', { class: 'field field-clear' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'agreement-apply', 'data-i18n': 'agreement.apply' }, t('agreement.apply')))),
      e.controlError);
    e.metric.addEventListener('change', () => this.#apply());
    e.run.addEventListener('change', () => this.#apply());
    this.#root.replaceChildren(
      h('section', { class: 'agreement', 'aria-labelledby': 'agreement-title' },
        h('div', { class: 'section-head' },
          h('h2', { id: 'agreement-title', tabindex: '-1', 'data-i18n': 'agreement.title' }, t('agreement.title')),
          h('p', { class: 'section-note', 'data-i18n': 'agreement.intro' }, t('agreement.intro'))),
        form, e.scope, e.results));
  }
}
