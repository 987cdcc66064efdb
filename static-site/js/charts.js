// Hand-drawn SVG charts sized to their container in CSS pixels, so text stays legible on a phone.
// Colours come from CSS classes (light and dark themes); every chart has a text summary for screen readers.
// Five: KPI cards, a histogram, a daily trend, the means per metric, and the judge-vs-people scatter.
import { h, svg } from './dom.js';
import { language, metricLabel, t } from './i18n.js';
import { formatCount, formatPercent, formatScore, scoreBand } from './format.js';

const STATUSES = ['completed', 'running', 'queued', 'failed', 'cancelled'];

export function renderKpis(container, stats) {
  const by = stats.by_status ?? {};
  const total = stats.total ?? 0;
  const pending = (by.queued ?? 0) + (by.running ?? 0);
  const mean = stats.mean_weighted_score;
  const statusBar = h('div', { class: 'status-bar', role: 'img', 'aria-label': STATUSES.map((s) => `${t(`status.${s}`)} ${by[s] ?? 0}`).join(', ') },
    STATUSES.filter((s) => by[s]).map((s) => h('span', { class: `status-seg seg-${s}`, style: { 'flex-grow': String(by[s]) }, title: `${t(`status.${s}`)}: ${formatCount(by[s])}` })));
  container.replaceChildren(
    h('div', { class: 'kpi kpi-total' },
      h('span', { class: 'kpi-label' }, t('kpi.total')),
      h('span', { class: 'kpi-value', dataset: { kpi: 'total' } }, formatCount(total)),
      total ? statusBar : h('span', { class: 'kpi-sub' }, ' ')),
    h('div', { class: `kpi kpi-mean kpi-${scoreBand(mean)}` },
      h('span', { class: 'kpi-label' }, t('kpi.mean')),
      h('span', { class: 'kpi-value', dataset: { kpi: 'mean' } }, formatScore(mean)),
      gauge(mean)),
    kpiCard('completed', t('kpi.completed'), by.completed ?? 0, t('kpi.rate', { pct: formatPercent(by.completed ?? 0, total) })),
    kpiCard('pending', t('kpi.pending'), pending, t('kpi.pendingDetail', { queued: formatCount(by.queued ?? 0), running: formatCount(by.running ?? 0) })),
    kpiCard('failed', t('kpi.failed'), by.failed ?? 0, t('kpi.rate', { pct: formatPercent(by.failed ?? 0, total) })),
  );
  container.removeAttribute('aria-busy');
}

function kpiCard(kind, label, value, sub) {
  return h('div', { class: `kpi kpi-${kind}` },
    h('span', { class: 'kpi-label' }, h('i', { class: `dot dot-${kind === 'pending' ? 'running' : kind}`, 'aria-hidden': 'true' }), label),
    h('span', { class: 'kpi-value', dataset: { kpi: kind } }, formatCount(value)),
    h('span', { class: 'kpi-sub' }, sub));
}

function gauge(value) {
  const r = 16; const c = 2 * Math.PI * r;
  const v = typeof value === 'number' ? Math.max(0, Math.min(1, value)) : 0;
  return svg('svg', { class: `gauge gauge-${scoreBand(value)}`, viewBox: '0 0 40 40', 'aria-hidden': 'true' },
    svg('circle', { cx: 20, cy: 20, r, class: 'gauge-track' }),
    svg('circle', { cx: 20, cy: 20, r, class: 'gauge-fill', 'stroke-dasharray': `${(v * c).toFixed(2)} ${c.toFixed(2)}`, transform: 'rotate(-90 20 20)' }));
}

function emptyChart(body) {
  body.replaceChildren(h('p', { class: 'chart-empty' }, t('chart.empty')));
}

function niceScale(max, ticks = 4) {
  if (!max || max <= 0) return { max: 1, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const stepInt = Math.max(1, step);
  return { max: Math.ceil(max / stepInt) * stepInt, step: stepInt };
}

export function renderHistogram(body, histogram = []) {
  const total = histogram.reduce((s, b) => s + (b.count ?? 0), 0);
  if (!histogram.length || total === 0) return emptyChart(body);
  const width = Math.max(260, body.clientWidth || 360);
  const height = 210;
  const m = { top: 18, right: 8, bottom: 26, left: 34 };
  const iw = width - m.left - m.right; const ih = height - m.top - m.bottom;
  const { max, step } = niceScale(Math.max(...histogram.map((b) => b.count)));
  const slot = iw / histogram.length; const bw = Math.max(4, slot - Math.min(8, slot * 0.18));
  const y = (v) => m.top + ih - (v / max) * ih;
  const nodes = [];
  for (let v = 0; v <= max; v += step) {
    nodes.push(svg('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }));
    nodes.push(svg('text', { class: 'axis', x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, compact(v)));
  }
  histogram.forEach((b, i) => {
    const x = m.left + i * slot + (slot - bw) / 2;
    const band = scoreBand((b.from + b.to) / 2);
    const hgt = Math.max(b.count ? 2 : 0, (b.count / max) * ih);
    nodes.push(svg('rect', { class: `bar bar-${band}`, x, y: m.top + ih - hgt, width: bw, height: hgt, rx: 3 },
      svg('title', {}, `${formatScore(b.from, 1)}–${formatScore(b.to, 1)}: ${formatCount(b.count)} (${formatPercent(b.count, total)})`)));
    if (b.count && bw >= 18) nodes.push(svg('text', { class: 'bar-label', x: x + bw / 2, y: m.top + ih - hgt - 5, 'text-anchor': 'middle' }, compact(b.count)));
  });
  for (let i = 0; i <= histogram.length; i += 2) {
    nodes.push(svg('text', { class: 'axis', x: m.left + i * slot, y: height - 8, 'text-anchor': i === 0 ? 'start' : i === histogram.length ? 'end' : 'middle' }, (i / histogram.length).toFixed(1)));
  }
  const summary = histogram.filter((b) => b.count).map((b) => `${formatScore(b.from, 1)}–${formatScore(b.to, 1)}: ${b.count}`).join('; ');
  body.replaceChildren(svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('chart.histogramAria', { summary }) }, nodes));
}

/** Days from the first to the last in the data, gaps filled with zero-count days; at most the last 90. */
export function fillDays(daily = []) {
  if (!daily.length) return [];
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const first = Date.parse(`${daily[0].date}T00:00:00Z`);
  const last = Date.parse(`${daily[daily.length - 1].date}T00:00:00Z`);
  const start = Math.max(first, last - 89 * 86400000);
  const days = [];
  for (let ms = start; ms <= last; ms += 86400000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    days.push(byDate.get(date) ?? { date, count: 0, mean_weighted_score: null });
  }
  return days;
}

export function renderTrend(body, daily = []) {
  const days = fillDays(daily);
  if (!days.length || days.every((d) => !d.count)) return emptyChart(body);
  const width = Math.max(280, body.clientWidth || 560);
  const height = 210;
  const m = { top: 18, right: 34, bottom: 26, left: 34 };
  const iw = width - m.left - m.right; const ih = height - m.top - m.bottom;
  const { max, step } = niceScale(Math.max(...days.map((d) => d.count)));
  const slot = iw / days.length; const bw = Math.max(2, Math.min(28, slot * 0.62));
  const yCount = (v) => m.top + ih - (v / max) * ih;
  const yScore = (v) => m.top + ih - v * ih;
  const cx = (i) => m.left + i * slot + slot / 2;
  const nodes = [];
  for (let v = 0; v <= max; v += step) {
    nodes.push(svg('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: yCount(v), y2: yCount(v) }));
    nodes.push(svg('text', { class: 'axis', x: m.left - 6, y: yCount(v) + 4, 'text-anchor': 'end' }, compact(v)));
  }
  for (const v of [0, 0.5, 1]) nodes.push(svg('text', { class: 'axis axis-score', x: width - m.right + 6, y: yScore(v) + 4 }, v.toFixed(1)));
  const dateFmt = new Intl.DateTimeFormat(language(), { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  days.forEach((d, i) => {
    const hgt = Math.max(d.count ? 2 : 0, (d.count / max) * ih);
    nodes.push(svg('rect', { class: 'bar bar-count', x: cx(i) - bw / 2, y: m.top + ih - hgt, width: bw, height: hgt, rx: Math.min(3, bw / 3) },
      svg('title', {}, `${d.date}: ${formatCount(d.count)} · ${t('chart.mean')} ${formatScore(d.mean_weighted_score)}`)));
  });
  const labelEvery = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(iw / 56))));
  days.forEach((d, i) => {
    if (i % labelEvery !== 0 && i !== days.length - 1) return;
    if (i !== days.length - 1 && days.length - 1 - i < labelEvery / 2 && i !== 0) return;
    nodes.push(svg('text', { class: 'axis', x: cx(i), y: height - 8, 'text-anchor': 'middle' }, dateFmt.format(new Date(`${d.date}T00:00:00Z`))));
  });
  const points = days.map((d, i) => (typeof d.mean_weighted_score === 'number' ? [cx(i), yScore(d.mean_weighted_score), d] : null));
  let path = ''; let pen = false;
  for (const p of points) {
    if (!p) { pen = false; continue; }
    path += `${pen ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
    pen = true;
  }
  if (path) nodes.push(svg('path', { class: 'line-score', d: path }));
  for (const p of points) {
    if (p) nodes.push(svg('circle', { class: 'dot-score', cx: p[0], cy: p[1], r: days.length > 45 ? 2 : 3.2 },
      svg('title', {}, `${p[2].date}: ${t('chart.mean')} ${formatScore(p[2].mean_weighted_score)}`)));
  }
  const recent = days.slice(-7).filter((d) => d.count).map((d) => `${d.date} ${d.count} / ${formatScore(d.mean_weighted_score)}`).join('; ');
  body.replaceChildren(
    svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('chart.trendAria', { summary: recent }) }, nodes),
    h('div', { class: 'legend', 'aria-hidden': 'true' },
      h('span', { class: 'legend-item' }, h('i', { class: 'swatch swatch-count' }), t('chart.count')),
      h('span', { class: 'legend-item' }, h('i', { class: 'swatch swatch-line' }), t('chart.mean'))));
}

export function renderMetricMeans(body, metrics = {}) {
  const rows = Object.entries(metrics).filter(([, v]) => v && v.count > 0).sort((a, b) => a[0].localeCompare(b[0]));
  if (!rows.length) return emptyChart(body);
  const list = h('ul', { class: 'hbars', role: 'img', 'aria-label': t('chart.metricsAria', { summary: rows.map(([n, v]) => `${metricLabel(n)} ${formatScore(v.mean)}`).join('; ') }) },
    rows.map(([name, v]) => {
      const pct = typeof v.mean === 'number' ? Math.round(v.mean * 100) : 0;
      return h('li', { class: 'hbar', title: `${name}: ${formatScore(v.mean, 3)} (n=${formatCount(v.count)})` },
        h('span', { class: 'hbar-label' }, metricLabel(name)),
        h('span', { class: 'hbar-track' }, h('span', { class: `hbar-fill fill-${scoreBand(v.mean)}`, style: { width: `${pct}%` } })),
        h('span', { class: 'hbar-value' }, formatScore(v.mean)),
        h('span', { class: 'hbar-count' }, `n=${compact(v.count)}`));
    }));
  body.replaceChildren(list);
}

/**
 * Judge (y) against people (x), both 0-1, one dot per pair; the diagonal is full agreement and the threshold lines
 * split the square into the confusion matrix's four cells. A dot on the wrong side of a line is marked by shape too.
 */
export function renderScatter(body, pairs = [], { threshold = 0.5 } = {}) {
  if (!pairs.length) return emptyChart(body);
  const width = Math.max(240, Math.min(body.clientWidth || 360, 420));
  const m = { top: 26, right: 14, bottom: 36, left: 40 };
  const side = width - m.left - m.right;
  const height = side + m.top + m.bottom;
  const x = (v) => m.left + v * side;
  const y = (v) => m.top + side - v * side;
  const nodes = [];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    nodes.push(svg('line', { class: 'grid', x1: x(0), x2: x(1), y1: y(v), y2: y(v) }));
    nodes.push(svg('line', { class: 'grid', x1: x(v), x2: x(v), y1: y(0), y2: y(1) }));
    nodes.push(svg('text', { class: 'axis', x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, v.toFixed(2).replace(/0$/, '')));
    nodes.push(svg('text', { class: 'axis', x: x(v), y: m.top + side + 14, 'text-anchor': v === 0 ? 'start' : v === 1 ? 'end' : 'middle' }, v.toFixed(2).replace(/0$/, '')));
  }
  nodes.push(svg('line', { class: 'scatter-diagonal', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }));
  nodes.push(svg('line', { class: 'scatter-threshold', x1: x(threshold), x2: x(threshold), y1: y(0), y2: y(1) }));
  nodes.push(svg('line', { class: 'scatter-threshold', x1: x(0), x2: x(1), y1: y(threshold), y2: y(threshold) }));
  // Axis titles stay horizontal: rotated Chinese reads sideways.
  nodes.push(svg('text', { class: 'axis axis-title', x: x(1), y: height - 4, 'text-anchor': 'end' }, `${t('chart.scatterX')} →`));
  nodes.push(svg('text', { class: 'axis axis-title', x: 4, y: 12, 'text-anchor': 'start' }, `↑ ${t('chart.scatterY')}`));
  for (const p of pairs) {
    const agree = (p.judge >= threshold) === (p.human >= threshold);
    const title = svg('title', {}, `${p.job_id}: ${t('chart.scatterY')} ${formatScore(p.judge)} · ${t('chart.scatterX')} ${formatScore(p.human)}`);
    const cx = x(Math.max(0, Math.min(1, p.human))); const cy = y(Math.max(0, Math.min(1, p.judge)));
    nodes.push(agree
      ? svg('circle', { class: 'scatter-dot scatter-agree', cx, cy, r: 4.5, 'data-job': p.job_id }, title)
      : svg('rect', { class: 'scatter-dot scatter-disagree', x: cx - 4.5, y: cy - 4.5, width: 9, height: 9, transform: `rotate(45 ${cx} ${cy})`, 'data-job': p.job_id }, title));
  }
  const summary = pairs.slice(0, 10).map((p) => `${formatScore(p.judge)}/${formatScore(p.human)}`).join('; ');
  body.replaceChildren(
    svg('svg', { class: 'chart chart-scatter', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('chart.scatterAria', { n: pairs.length, summary }) }, nodes),
    h('div', { class: 'legend', 'aria-hidden': 'true' },
      h('span', { class: 'legend-item' }, h('i', { class: 'swatch swatch-agree' }), t('chart.scatterAgree')),
      h('span', { class: 'legend-item' }, h('i', { class: 'swatch swatch-disagree' }), t('chart.scatterDisagree'))));
}

const compactFormats = new Map();
function compact(n) {
  const key = `${language()}|${n >= 10000}`;
  if (!compactFormats.has(key)) compactFormats.set(key, new Intl.NumberFormat(language(), { notation: n >= 10000 ? 'compact' : 'standard', maximumFractionDigits: 1 }));
  return compactFormats.get(key).format(n);
}
