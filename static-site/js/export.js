// Export of the records matching the current filters (or a run's), as CSV (UTF-8 with BOM, for Excel) or JSON.
import { recordMetrics } from './table.js';

export const EXPORT_CAP = 10000;
const PAGE = 500;

/** Follows next_cursor until the filters are exhausted or the cap is reached. */
export async function collectRows(api, filters, { cap = EXPORT_CAP, signal, onProgress } = {}) {
  const rows = [];
  let cursor = null;
  do {
    const page = await api.listJobs(filters, { limit: Math.min(PAGE, cap - rows.length), cursor, signal });
    rows.push(...page.jobs);
    cursor = page.nextCursor;
    onProgress?.(rows.length);
  } while (cursor && rows.length < cap);
  return { rows: rows.slice(0, cap), capped: Boolean(cursor) || rows.length > cap };
}

const BASE_COLUMNS = ['job_id', 'status', 'created_at', 'started_at', 'finished_at', 'question', 'answer', 'weighted_score'];
const TAIL_COLUMNS = ['skipped_metrics', 'latency_ms', 'judge_model', 'embedding_model', 'metadata', 'attempts', 'total_tokens', 'error'];

export function toCsv(rows, metricOrder = []) {
  const metrics = [];
  for (const name of metricOrder) metrics.push(name);
  for (const row of rows) for (const name of recordMetrics(row)) if (!metrics.includes(name)) metrics.push(name);
  const used = metrics.filter((name) => rows.some((row) => recordMetrics(row).includes(name)));
  // Jobs of a dataset run also say which run and which sample of it.
  const runColumns = rows.some((row) => row.run_id) ? ['run_id', 'sample_id'] : [];
  const header = [BASE_COLUMNS[0], ...runColumns, ...BASE_COLUMNS.slice(1), ...used, ...TAIL_COLUMNS];
  const lines = [header.map(cell).join(',')];
  for (const row of rows) {
    const s = row.request_summary ?? {};
    const values = [
      row.job_id, ...(runColumns.length ? [row.run_id, row.sample_id] : []), row.status, row.created_at, row.started_at, row.finished_at, s.question, s.answer, row.weighted_score,
      ...used.map((name) => row.scores?.[name]),
      (row.skipped_metrics ?? []).join(' '), row.latency_ms, s.judge_model, s.embedding_model,
      Object.entries(s.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join('; '),
      row.attempts, row.usage?.total_tokens, row.error,
    ];
    lines.push(values.map(cell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(rows, { filters, capped, run, exportedAt = new Date() } = {}) {
  return JSON.stringify({ exported_at: exportedAt.toISOString(), ...(run ? { run } : {}), filters, count: rows.length, capped: Boolean(capped), jobs: rows }, null, 2);
}

export function download(content, filename, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function exportFilename(ext, now = new Date(), prefix = 'score-records') {
  const pad = (n) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `${prefix}-${stamp}.${ext}`;
}

// The one place a CSV cell is written, so every column, present or added later, is guarded: text that a
// spreadsheet would run as a formula (a leading = + - @, tab or CR) gets a leading apostrophe. A JS number
// cannot hold a formula and stays a number.
export function cell(value) {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
