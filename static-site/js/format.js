// Numbers, scores and times as people read them, in the interface language and the browser's time zone.
import { language, t } from './i18n.js';

export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

// Building an Intl formatter costs far more than using one: keep one per language and options.
const formatters = new Map();
function cached(Kind, options) {
  const key = `${Kind.name}|${language()}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Kind(language(), options)));
  return formatter;
}

export function formatDateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return cached(Intl.DateTimeFormat, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(date);
}

export function formatRelative(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return '';
  const rtf = cached(Intl.RelativeTimeFormat, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(seconds, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 26 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return '';
}

export function formatScore(value, digits = 2) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function formatCount(n) {
  return typeof n === 'number' ? cached(Intl.NumberFormat, {}).format(n) : '—';
}

export function formatPercent(part, whole) {
  if (!whole) return '—';
  return cached(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);
}

export function formatLatency(ms) {
  if (typeof ms !== 'number' || ms <= 0) return '—';
  if (ms < 1000) return t('unit.ms', { n: Math.round(ms) });
  const seconds = ms / 1000;
  return t('unit.s', { n: cached(Intl.NumberFormat, { maximumFractionDigits: seconds < 10 ? 1 : 0 }).format(seconds) });
}

/** 'good' | 'fair' | 'poor' | 'none': the band a score is drawn in (always shown with its number too). */
export function scoreBand(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'none';
  if (value >= 0.7) return 'good';
  if (value >= 0.4) return 'fair';
  return 'poor';
}

export const shortId = (id) => (id && id.length > 10 ? `${id.slice(0, 10)}…` : id ?? '');
