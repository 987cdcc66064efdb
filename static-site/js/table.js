// The records table: one row per record, replaced in place when a pending record changes.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatDateTime, formatLatency, formatRelative, formatScore, scoreBand } from './format.js';

export const isPending = (job) => job?.status === 'queued' || job?.status === 'running';

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` },
    h('i', { class: `dot dot-${status}`, 'aria-hidden': 'true' }),
    t(`status.${status}`) === `status.${status}` ? status : t(`status.${status}`));
}

/** Why a queued job has not started (the daily judge budget is spent), or null when it is not held. */
export function waitingBadge(job) {
  if (!job?.waiting) return null;
  const key = `waiting.${job.waiting}`;
  return h('span', { class: 'badge badge-waiting', dataset: { waiting: job.waiting }, title: t(`${key}.hint`) === `${key}.hint` ? '' : t(`${key}.hint`) },
    t(key) === key ? job.waiting : t(key));
}

export function scoreMeter(value, { large = false } = {}) {
  const band = scoreBand(value);
  const pct = typeof value === 'number' ? Math.round(Math.max(0, Math.min(1, value)) * 100) : 0;
  return h('span', { class: `score score-${band}${large ? ' score-large' : ''}` },
    h('span', { class: 'score-value' }, formatScore(value)),
    h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { class: 'meter-fill', style: { width: `${pct}%` } })));
}

export function metricChip(name, job) {
  const score = job.scores?.[name];
  const skipped = job.skipped_metrics?.includes(name);
  const band = skipped ? 'none' : scoreBand(score);
  const label = metricLabel(name);
  let value;
  if (skipped) value = t('row.skipped');
  else if (typeof score === 'number') value = formatScore(score);
  else value = isPending(job) ? '…' : t('row.noScore');
  return h('li', { class: `chip chip-metric chip-${band}${skipped ? ' chip-skipped' : ''}`, title: name },
    h('span', { class: 'chip-label' }, label), h('span', { class: 'chip-value' }, value));
}

/** The metrics a record shows: those it asked for, then any others it has a score for. */
export function recordMetrics(job) {
  const names = [...(job.request_summary?.metrics ?? [])];
  for (const name of Object.keys(job.scores ?? {})) if (!names.includes(name)) names.push(name);
  for (const name of job.skipped_metrics ?? []) if (!names.includes(name)) names.push(name);
  return names;
}

/** hrefFor(job) names where a row's link goes (by default #job=ID); showRun adds a link to the job's run. */
export function renderRow(job, { onTag, hrefFor, showRun = true } = {}) {
  const summary = job.request_summary ?? {};
  const tags = Object.entries(summary.metadata ?? {}).map(([k, v]) => `${k}:${v}`);
  const href = hrefFor ? hrefFor(job) : `#job=${encodeURIComponent(job.job_id)}`;
  const origin = job.run_id && (showRun || job.sample_id != null)
    ? h('p', { class: 'row-origin' },
      showRun ? h('a', { class: 'chip chip-run', href: `#run=${encodeURIComponent(job.run_id)}`, title: t('row.openRun', { id: job.run_id }) }, t('row.run')) : null,
      job.sample_id != null ? h('span', { class: 'chip chip-sample' }, t('row.sample', { id: job.sample_id })) : null)
    : null;
  const row = h('tr', { class: `row row-${job.status}`, dataset: { jobId: job.job_id, status: job.status } },
    h('td', { class: 'col-status' }, statusBadge(job.status), waitingBadge(job)),
    h('td', { class: 'col-created' },
      h('time', { datetime: job.created_at, title: job.created_at }, formatDateTime(job.created_at)),
      h('span', { class: 'sub' }, formatRelative(job.created_at))),
    h('td', { class: 'col-question' },
      origin,
      h('a', { class: 'row-link', href, title: t('row.open', { id: job.job_id }) }, summary.question || '—'),
      summary.answer ? h('p', { class: 'answer-preview' }, summary.answer) : null,
      job.error ? h('p', { class: 'row-error' }, job.error) : null,
      tags.length ? h('ul', { class: 'row-tags' }, tags.map((tag) => h('li', {},
        h('button', { type: 'button', class: 'chip chip-tag chip-button', title: t('row.addTag', { tag }), 'aria-label': t('row.addTag', { tag }), onclick: (e) => { e.stopPropagation(); onTag?.(tag); } }, h('span', { class: 'chip-text' }, tag))))) : null),
    h('td', { class: 'col-score' }, scoreMeter(job.weighted_score)),
    h('td', { class: 'col-metrics' }, h('ul', { class: 'metric-chips' }, recordMetrics(job).map((name) => metricChip(name, job)))),
    h('td', { class: 'col-latency' }, isPending(job) ? h('span', { class: 'muted' }, '…') : formatLatency(job.latency_ms)));
  row.addEventListener('click', (e) => {
    if (e.target.closest('a, button, input, select')) return;
    if (window.getSelection()?.toString()) return;
    row.querySelector('.row-link').click();
  });
  return row;
}

export function renderRows(tbody, jobs, options) {
  tbody.replaceChildren(...jobs.map((job) => renderRow(job, options)));
}

export function updateRow(tbody, job, options) {
  const old = tbody.querySelector(`tr[data-job-id="${CSS.escape(job.job_id)}"]`);
  if (!old) return false;
  const hadFocus = old.contains(document.activeElement);
  const fresh = renderRow(job, options);
  fresh.classList.add('row-changed');
  old.replaceWith(fresh);
  if (hadFocus) fresh.querySelector('.row-link').focus();
  return true;
}

export function renderSkeleton(tbody, count = 8) {
  tbody.replaceChildren(...Array.from({ length: count }, () => h('tr', { class: 'row row-skeleton', 'aria-hidden': 'true' },
    ...['col-status', 'col-created', 'col-question', 'col-score', 'col-metrics', 'col-latency'].map((c) => h('td', { class: c }, h('span', { class: 'skeleton-bar' }))))));
}
