// Two runs side by side: each metric's mean in both and the change, falls first; then the samples
// that regressed and every sample's change. A sample opens in place with both jobs' scores and reasons.
import { h, replaceChildren } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatCount, formatDateTime, formatScore, scoreBand } from './format.js';
import { statusBadge } from './table.js';
import { metricReason } from './reasons.js';
import { stateContent } from './states.js';
import { routeHash } from './router.js';
import { WEIGHTED, aggregateLabel, deltaBadge, runName, verdictBadge } from './run-parts.js';

const SAMPLES_SHOWN = 100;

export class CompareView {
  #root; #api; #on;
  #key = null; #route = null; #comparison = null; #runs = {}; #error = null; #token = 0;
  #samplesShown = SAMPLES_SHOWN;
  #jobs = new Map();
  #els = {};
  #built = false;

  /** Callbacks: describeError(error). */
  constructor(root, { api, ...callbacks }) {
    this.#root = root;
    this.#api = api;
    this.#on = callbacks;
  }

  get root() { return this.#root; }

  show(route) {
    this.#ensureBuilt();
    const key = `${route.base}..${route.head}`;
    this.#route = route;
    if (key === this.#key && this.#comparison) return;
    this.#key = key;
    this.#comparison = null;
    this.#error = null;
    this.#samplesShown = SAMPLES_SHOWN;
    this.load();
  }

  hide() {}

  async load() {
    const token = ++this.#token;
    const { base, head } = this.#route;
    this.render();
    try {
      const [comparison, baseRun, headRun] = await Promise.all([
        this.#api.compareRuns(base, head),
        this.#api.getRun(base).catch(() => null),
        this.#api.getRun(head).catch(() => null),
      ]);
      if (token !== this.#token) return;
      this.#comparison = comparison;
      this.#runs = { base: baseRun, head: headRun };
    } catch (error) {
      if (token !== this.#token) return;
      this.#error = error;
    }
    this.render();
  }

  render() {
    if (!this.#built) return;
    const e = this.#els;
    if (this.#error || !this.#comparison) {
      e.body.hidden = true;
      e.state.hidden = false;
      e.state.replaceChildren(...(this.#error ? this.#errorState() : [h('div', { class: 'state-inline', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('compare.loading'))]));
      return;
    }
    e.body.hidden = false;
    e.state.hidden = true;
    this.#renderRuns();
    this.#renderMetrics();
    this.#renderRegressions();
    this.#renderSamples();
  }

  #renderRuns() {
    const { base, head } = this.#route;
    const side = (role, id, run) => h('div', { class: `compare-run compare-${role}` },
      h('span', { class: 'compare-role' }, t(`compare.${role}`)),
      h('a', { class: 'compare-run-name', href: routeHash({ view: 'run', runId: id }) }, run ? runName(run) : id),
      run ? h('p', { class: 'run-sub' }, formatDateTime(run.created_at), ' · ', t('runs.samples', { n: formatCount(run.samples ?? 0) })) : null,
      run ? h('div', { class: 'run-state' }, statusBadge(run.status), verdictBadge(run)) : null);
    const c = this.#comparison;
    this.#els.runs.replaceChildren(
      side('base', base, this.#runs.base),
      h('a', { class: 'btn btn-small compare-swap', href: routeHash({ view: 'compare', base: head, head: base }), title: t('compare.swap') }, h('span', { 'aria-hidden': 'true' }, '⇄ '), t('compare.swap')),
      side('head', head, this.#runs.head));
    const margin = typeof c.margin === 'number' ? c.margin : null;
    this.#els.summary.textContent = t('compare.summary', {
      regressions: formatCount(new Set((c.regressions ?? []).map((r) => String(r.sample_id))).size),
      samples: formatCount(c.samples?.length ?? 0),
    }) + (margin !== null ? ` ${t('compare.margin', { margin: formatScore(margin) })}` : '')
      + ((c.base_only?.length || c.head_only?.length) ? ` ${t('compare.unmatched', { base: formatCount(c.base_only?.length ?? 0), head: formatCount(c.head_only?.length ?? 0) })}` : '');
  }

  /** Metrics whose mean fell come first, the largest fall at the top. */
  #renderMetrics() {
    const rows = Object.entries(this.#comparison.metrics ?? {})
      .sort((a, b) => (a[1].delta ?? 0) - (b[1].delta ?? 0) || (a[0] === WEIGHTED ? -1 : b[0] === WEIGHTED ? 1 : a[0].localeCompare(b[0])));
    this.#els.metrics.replaceChildren(...rows.map(([name, m]) => {
      const kind = deltaKind(m.delta);
      return h('tr', { class: `delta-row delta-row-${kind}`, dataset: { metric: name } },
        h('th', { scope: 'row' }, aggregateLabel(name), name !== WEIGHTED && metricLabel(name) !== name ? h('code', { class: 'mono muted' }, ` ${name}`) : null),
        h('td', { class: 'num' }, formatScore(m.base_mean), h('span', { class: 'n' }, ` n=${formatCount(m.base_n ?? 0)}${failedNote(m.base_failed)}`)),
        h('td', { class: 'num' }, formatScore(m.head_mean), h('span', { class: 'n' }, ` n=${formatCount(m.head_n ?? 0)}${failedNote(m.head_failed)}`)),
        h('td', { class: 'num' }, deltaBadge(m.delta), significance(m)));
    }));
  }

  /** One line per sample that regressed, by its largest fall; it names every metric that fell. */
  #renderRegressions() {
    const bySample = new Map();
    for (const r of this.#comparison.regressions ?? []) {
      const key = String(r.sample_id);
      if (!bySample.has(key)) bySample.set(key, []);
      bySample.get(key).push(r);
    }
    const groups = [...bySample.values()].map((list) => list.sort((a, b) => a.delta - b.delta || (a.metric === WEIGHTED ? -1 : b.metric === WEIGHTED ? 1 : 0)))
      .sort((a, b) => a[0].delta - b[0].delta || String(a[0].sample_id).localeCompare(String(b[0].sample_id), undefined, { numeric: true }));
    const list = this.#els.regressions;
    if (!groups.length) {
      list.replaceChildren(h('li', { class: 'muted' }, t('compare.noRegressions')));
      return;
    }
    const samples = new Map((this.#comparison.samples ?? []).map((s) => [String(s.sample_id), s]));
    list.replaceChildren(...groups.map((fell) => {
      const r = fell.find((x) => x.metric === WEIGHTED) ?? fell[0];
      return this.#sampleItem(samples.get(String(r.sample_id)) ?? { sample_id: r.sample_id, scores: {} }, {
        metric: r.metric, base: r.base, head: r.head, delta: r.delta, baseJobId: r.base_job_id, headJobId: r.head_job_id, kind: 'regression',
        fell: fell.map((x) => x.metric).filter((m) => m !== r.metric),
      });
    }));
  }

  #renderSamples() {
    const all = [...(this.#comparison.samples ?? [])].sort((a, b) => headline(a)[1].delta - headline(b)[1].delta);
    this.#els.samples.replaceChildren(...all.slice(0, this.#samplesShown).map((s) => {
      const [metric, w] = headline(s);
      return this.#sampleItem(s, { metric, base: w.base, head: w.head, delta: w.delta, baseJobId: s.base_job_id, headJobId: s.head_job_id, kind: 'sample' });
    }));
    this.#els.samplesMore.hidden = all.length <= this.#samplesShown;
    this.#els.samplesMore.textContent = t('compare.moreSamples', { n: formatCount(all.length - this.#samplesShown) });
  }

  /** A sample as one line; opening it reads both jobs and shows their scores and reasons side by side. */
  #sampleItem(sample, { metric, base, head, delta, baseJobId, headJobId, kind, fell = [] }) {
    const body = h('div', { class: 'sample-body' });
    const details = h('details', { class: `sample sample-${deltaKind(delta)}`, dataset: { sampleId: String(sample.sample_id), metric } },
      h('summary', {},
        h('span', { class: 'chip chip-sample' }, t('row.sample', { id: sample.sample_id })),
        h('span', { class: 'sample-metric' }, aggregateLabel(metric)),
        fell.length ? h('span', { class: 'sample-fell' }, t('compare.alsoFell', { metrics: fell.map(aggregateLabel).join(', ') })) : null,
        h('span', { class: 'sample-scores' },
          h('span', { class: `score-${scoreBand(base)}` }, formatScore(base)), h('span', { 'aria-hidden': 'true' }, ' → '),
          h('span', { class: 'visually-hidden' }, ` ${t('compare.to')} `),
          h('span', { class: `score-${scoreBand(head)}` }, formatScore(head))),
        deltaBadge(delta)),
      body);
    details.addEventListener('toggle', () => {
      if (details.open && !body.childElementCount) this.#fillSample(body, sample, { baseJobId: baseJobId ?? sample.base_job_id, headJobId: headJobId ?? sample.head_job_id, focus: metric, kind });
    });
    return h('li', {}, details);
  }

  async #fillSample(body, sample, { baseJobId, headJobId, focus }) {
    body.replaceChildren(h('div', { class: 'state-inline', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('detail.loading')));
    const [baseJob, headJob] = await Promise.all([this.#job(baseJobId), this.#job(headJobId)]);
    const metrics = [...new Set([WEIGHTED, ...Object.keys(sample.scores ?? {}), ...Object.keys(baseJob?.scores ?? {}), ...Object.keys(headJob?.scores ?? {})])]
      .sort((a, b) => (a === focus ? -1 : b === focus ? 1 : a === WEIGHTED ? -1 : b === WEIGHTED ? 1 : a.localeCompare(b)));
    const question = headJob?.request?.question ?? baseJob?.request?.question ?? headJob?.request_summary?.question ?? baseJob?.request_summary?.question;
    replaceChildren(body,
      question ? h('p', { class: 'sample-question' }, question) : null,
      h('table', { class: 'sample-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('compare.metric')),
          h('th', { scope: 'col' }, this.#jobHead('base', baseJobId, baseJob)),
          h('th', { scope: 'col' }, this.#jobHead('head', headJobId, headJob)),
          h('th', { scope: 'col' }, t('compare.change')))),
        h('tbody', {}, metrics.map((name) => {
          const s = sample.scores?.[name] ?? {};
          const b = s.base ?? (name === WEIGHTED ? baseJob?.weighted_score : baseJob?.scores?.[name]);
          const hd = s.head ?? (name === WEIGHTED ? headJob?.weighted_score : headJob?.scores?.[name]);
          const d = s.delta ?? (typeof b === 'number' && typeof hd === 'number' ? hd - b : null);
          return h('tr', { dataset: { metric: name } },
            h('th', { scope: 'row' }, aggregateLabel(name)),
            h('td', {}, scoreWithReason(b, name === WEIGHTED ? null : reasonOf(baseJob, name), t('compare.base'))),
            h('td', {}, scoreWithReason(hd, name === WEIGHTED ? null : reasonOf(headJob, name), t('compare.head'))),
            h('td', { class: 'num' }, deltaBadge(d)));
        }))));
  }

  #jobHead(role, jobId, job) {
    const label = t(`compare.${role}`);
    if (!jobId) return label;
    return h('a', { href: routeHash({ ...this.#route, jobId }), title: t('row.open', { id: jobId }) }, label, job ? '' : ' (?)');
  }

  async #job(jobId) {
    if (!jobId) return null;
    if (!this.#jobs.has(jobId)) this.#jobs.set(jobId, this.#api.getJob(jobId).catch(() => null));
    return this.#jobs.get(jobId);
  }

  #errorState() {
    const notFound = this.#error?.kind === 'not_found';
    return stateContent({
      art: notFound ? 'search' : 'error',
      title: notFound ? t('compare.notFound') : t('compare.errorTitle'),
      body: notFound ? `${this.#route.base} · ${this.#route.head}` : this.#on.describeError(this.#error),
      alert: !notFound,
      actions: [
        h('a', { class: 'btn', href: routeHash({ view: 'runs' }) }, t('run.back')),
        notFound ? null : h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.load() }, t('state.retry')),
      ].filter(Boolean),
    });
  }

  // Built when first shown, so the records view starts with nothing of the others in the page.
  #ensureBuilt() {
    if (this.#built) return;
    this.#built = true;
    this.#build();
  }

  #build() {
    const e = this.#els;
    const heading = (id, key) => h('h2', { id, 'data-i18n': key }, t(key));
    e.state = h('div', { class: 'state', hidden: true });
    e.runs = h('div', { class: 'compare-runs' });
    e.summary = h('p', { class: 'section-note compare-summary', id: 'compare-summary' });
    e.metrics = h('tbody', { id: 'compare-metrics-body' });
    e.regressions = h('ol', { class: 'samples', id: 'compare-regressions' });
    e.samples = h('ol', { class: 'samples', id: 'compare-samples' });
    e.samplesMore = h('button', { type: 'button', class: 'btn', id: 'compare-more', hidden: true, onclick: () => { this.#samplesShown += SAMPLES_SHOWN; this.#renderSamples(); } });
    const col = (key, cls = '') => h('th', { scope: 'col', class: cls, 'data-i18n': key }, t(key));
    e.body = h('div', { class: 'compare-body', hidden: true },
      h('section', { class: 'card compare-hero', 'aria-labelledby': 'compare-title' },
        h('h2', { id: 'compare-title', 'data-i18n': 'compare.title', tabindex: '-1' }, t('compare.title')),
        e.runs, e.summary),
      h('section', { class: 'card run-section', 'aria-labelledby': 'compare-metrics-title' },
        heading('compare-metrics-title', 'compare.metrics'),
        h('p', { class: 'section-note', 'data-i18n': 'compare.metricsNote' }, t('compare.metricsNote')),
        h('div', { class: 'table-scroll' },
          h('table', { class: 'delta-table', id: 'compare-metrics', 'aria-labelledby': 'compare-metrics-title' },
            h('thead', {}, h('tr', {}, col('compare.metric'), col('compare.base', 'num'), col('compare.head', 'num'), col('compare.change', 'num'))),
            e.metrics))),
      h('section', { class: 'card run-section', 'aria-labelledby': 'compare-regressions-title' },
        heading('compare-regressions-title', 'compare.regressions'),
        h('p', { class: 'section-note', 'data-i18n': 'compare.regressionsNote' }, t('compare.regressionsNote')),
        e.regressions),
      h('section', { class: 'card run-section', 'aria-labelledby': 'compare-samples-title' },
        heading('compare-samples-title', 'compare.samples'),
        h('p', { class: 'section-note', 'data-i18n': 'compare.samplesNote' }, t('compare.samplesNote')),
        e.samples, e.samplesMore));
    this.#root.replaceChildren(
      h('p', { class: 'back-link' }, h('a', { href: routeHash({ view: 'runs' }) }, h('span', { 'aria-hidden': 'true' }, '← '), h('span', { 'data-i18n': 'run.back' }, t('run.back')))),
      e.state, e.body);
  }
}

const failedNote = (failed) => (failed ? ` · ${t('agg.failed', { n: formatCount(failed) })}` : '');

/** Whether a metric's change is beyond noise, in words: the server's paired test over the samples in both runs. */
function significance(m) {
  if (!m.change) return null;
  const signed = (v) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(3)}`;
  const detail = Array.isArray(m.ci95) && m.change !== 'inconclusive'
    ? t('compare.sigInterval', { low: signed(m.ci95[0]), high: signed(m.ci95[1]), p: m.p_value < 0.001 ? '<0.001' : formatScore(m.p_value, 3) })
    : m.change === 'inconclusive' ? t('compare.sigFewPairs', { n: formatCount(m.pairs ?? 0) }) : '';
  return h('span', { class: `sig sig-${m.change}`, dataset: { change: m.change } },
    t(`compare.sig.${m.change}`), detail ? h('span', { class: 'sig-detail' }, detail) : null);
}

function deltaKind(delta) {
  if (typeof delta !== 'number') return 'none';
  const rounded = Number(delta.toFixed(2));
  return rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'same';
}

/** The score a sample is listed by: its weighted score, else its metric that fell most. */
function headline(sample) {
  const scores = sample.scores ?? {};
  if (scores[WEIGHTED]) return [WEIGHTED, { ...scores[WEIGHTED], delta: scores[WEIGHTED].delta ?? 0 }];
  const [metric, value] = Object.entries(scores).sort((a, b) => (a[1]?.delta ?? 0) - (b[1]?.delta ?? 0))[0] ?? [WEIGHTED, {}];
  return [metric, { ...value, delta: value?.delta ?? 0 }];
}

function reasonOf(job, name) {
  const d = job?.details?.[name];
  return metricReason(d) || (d?.error ?? null);
}

/** role names the run where the table's header is not shown (a phone). */
function scoreWithReason(score, reason, role) {
  return h('div', { class: 'score-reason' },
    h('span', { class: 'cell-role' }, role),
    h('span', { class: `score-value score-${scoreBand(score)}` }, formatScore(score)),
    reason ? h('p', { class: 'reason' }, reason) : null);
}
