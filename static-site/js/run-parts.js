// Small pieces every runs view draws the same way: progress, the verdict against thresholds,
// figures per metric. Numbers are always written out; colour only repeats them.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatCount, formatPercent, formatScore, scoreBand, shortId } from './format.js';

export const WEIGHTED = 'weighted_score';
const ENDED = new Set(['completed', 'failed', 'cancelled']);

export const isActiveRun = (run) => !ENDED.has(run?.status);
export const runName = (run) => run?.name || t('run.unnamed', { id: shortId(run?.run_id ?? '') });
export const runMean = (run) => run?.aggregates?.[WEIGHTED]?.mean ?? null;
export const aggregateLabel = (name) => (name === WEIGHTED ? t('run.weighted') : metricLabel(name));

/** What has happened to the run's samples: ended ones (completed, failed, cancelled) and the rest. */
export function runProgress(run) {
  const c = run.counts ?? {};
  const total = run.samples ?? 0;
  const completed = c.completed ?? 0;
  const failed = c.failed ?? 0;
  const cancelled = c.cancelled ?? 0;
  const done = completed + failed + cancelled;
  return { total, completed, failed, cancelled, running: c.running ?? 0, queued: c.queued ?? 0, done, remaining: Math.max(0, total - done) };
}

/** A bar of completed / failed / cancelled / running samples out of all, with the same in words. */
export function progressBar(run, { compact = false } = {}) {
  const p = runProgress(run);
  const pct = (n) => (p.total ? `${(n / p.total) * 100}%` : '0%');
  const text = t('run.progress', { done: formatCount(p.done), total: formatCount(p.total), failed: formatCount(p.failed), remaining: formatCount(p.remaining) });
  return h('div', { class: `run-progress${compact ? ' run-progress-compact' : ''}` },
    h('div', {
      class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(p.total), 'aria-valuenow': String(p.done),
      'aria-valuetext': text, 'aria-label': t('run.progressLabel'), dataset: { done: String(p.done), total: String(p.total), failed: String(p.failed) },
    },
    ['completed', 'failed', 'cancelled', 'running'].filter((k) => p[k]).map((k) => h('span', { class: `progress-seg seg-${k}`, style: { width: pct(p[k]) }, title: `${t(`status.${k}`)}: ${formatCount(p[k])}` }))),
    h('p', { class: 'progress-text' }, text));
}

/**
 * Passed, below threshold, not decided until the run ends, or no thresholds (the API's passed is
 * then trivially true, which would say more than the run did).
 */
export function verdictBadge(run) {
  const thresholds = Object.keys(run.thresholds ?? {}).length;
  let kind;
  if (!thresholds) kind = 'none';
  else if (run.passed === true) kind = 'passed';
  else if (run.passed === false) kind = 'failed';
  else kind = 'pending';
  const icon = { passed: '✓', failed: '✗', none: '–', pending: '…' }[kind];
  return h('span', { class: `verdict verdict-${kind}`, dataset: { verdict: kind } },
    h('span', { 'aria-hidden': 'true' }, icon), t(`verdict.${kind}`));
}

/** A score with its bar, as in the records list; the bar is drawn in the score's band. */
export function meanScore(value) {
  const band = scoreBand(value);
  const pct = typeof value === 'number' ? Math.round(Math.max(0, Math.min(1, value)) * 100) : 0;
  return h('span', { class: `score score-${band}` },
    h('span', { class: 'score-value' }, formatScore(value)),
    h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { class: 'meter-fill', style: { width: `${pct}%` } })));
}

/** The run's aggregates, the weighted score first, then the metrics in the run's order. */
export function aggregateNames(run) {
  const names = Object.keys(run.aggregates ?? {});
  const order = [WEIGHTED, ...(run.metrics ?? [])];
  return names.sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
}

function rank(order, name) {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/**
 * One metric's figures: the mean as a bar with the threshold marked, then median, p10, pass rate, how many samples
 * scored, and the coverage (marked when a thresholded metric scored fewer than the run's min_coverage of its samples).
 */
export function aggregateRow(name, agg = {}, threshold, minCoverage) {
  const mean = agg.mean;
  const band = typeof threshold === 'number' && typeof mean === 'number' ? (mean >= threshold ? 'good' : 'poor') : scoreBand(mean);
  const pct = typeof mean === 'number' ? Math.max(0, Math.min(1, mean)) * 100 : 0;
  const hasThreshold = typeof threshold === 'number';
  return h('li', { class: `agg agg-${band}`, dataset: { metric: name } },
    h('div', { class: 'agg-head' },
      h('span', { class: 'agg-name' }, aggregateLabel(name)),
      hasThreshold ? h('span', { class: `agg-verdict ${agg.passed === false ? 'is-below' : agg.passed ? 'is-met' : ''}` },
        agg.passed === false ? `✗ ${t('agg.below', { threshold: formatScore(threshold) })}`
          : agg.passed ? `✓ ${t('agg.met', { threshold: formatScore(threshold) })}` : t('agg.threshold', { threshold: formatScore(threshold) })) : null),
    h('div', { class: 'agg-bar', 'aria-hidden': 'true' },
      h('span', { class: 'agg-fill', style: { width: `${pct}%` } }),
      hasThreshold ? h('span', { class: 'agg-threshold', style: { left: `${Math.max(0, Math.min(1, threshold)) * 100}%` } }) : null),
    h('dl', { class: 'agg-figures' },
      figure(t('agg.mean'), formatScore(mean), 'mean'),
      figure(t('agg.median'), formatScore(agg.median), 'median'),
      figure(t('agg.p10'), formatScore(agg.p10), 'p10'),
      figure(t('agg.passRate'), typeof agg.pass_rate === 'number' ? formatPercent(agg.pass_rate, 1) : '—', 'pass-rate'),
      figure(t('agg.n'), formatCount(agg.n ?? 0), 'n'),
      coverageFigure(agg, hasThreshold ? minCoverage : undefined)));
}

// "98% · 2 failed": a mean over fewer samples than asked for reads as such.
function coverageFigure(agg, minCoverage) {
  if (typeof agg.coverage !== 'number') return null;
  const low = typeof minCoverage === 'number' && agg.coverage < minCoverage;
  const value = `${Math.round(agg.coverage * 100)}%${agg.failed ? ` · ${t('agg.failed', { n: formatCount(agg.failed) })}` : ''}`;
  return h('div', { class: `agg-figure${low ? ' is-low' : ''}`, title: low ? t('agg.lowCoverage', { min: `${Math.round(minCoverage * 100)}%` }) : '' },
    h('dt', {}, t('agg.coverage')), h('dd', { dataset: { figure: 'coverage' } }, low ? `✗ ${value}` : value));
}

function figure(label, value, key) {
  return h('div', { class: 'agg-figure' }, h('dt', {}, label), h('dd', { dataset: { figure: key } }, value));
}

/** A signed change with an arrow, so that a fall reads as one without its colour. */
export function deltaBadge(delta, { digits = 2 } = {}) {
  if (typeof delta !== 'number' || !Number.isFinite(delta)) return h('span', { class: 'delta delta-none' }, '—');
  const rounded = Number(delta.toFixed(digits));
  const kind = rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'same';
  const arrow = { up: '▲', down: '▼', same: '=' }[kind];
  const sign = kind === 'up' ? '+' : kind === 'down' ? '−' : '±';
  return h('span', { class: `delta delta-${kind}`, dataset: { delta: String(delta) }, title: t(`delta.${kind}`) },
    h('span', { class: 'delta-arrow', 'aria-hidden': 'true' }, arrow),
    h('span', { class: 'visually-hidden' }, `${t(`delta.${kind}`)} `),
    `${sign}${Math.abs(rounded).toFixed(digits)}`);
}
