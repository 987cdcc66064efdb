// A metric's reason in the page's language: offline metrics give theirs as a code with parameters
// (details.{metric}.reason_code, reason_params) beside the English text, which is shown for any code the page
// does not know and for judge metrics (whose judge writes in the material's language).
import { hasText, t } from './i18n.js';
import { formatCount } from './format.js';

/** An offline metric's reason from its code and parameters, in the page's language; else the stored text. */
export function metricReason(d) {
  if (!d) return '';
  const code = d.reason_code;
  if (!code || !hasText(`reason.${code}`)) return d.reason ?? '';
  const params = { ...(d.reason_params ?? {}) };
  for (const name of ['first', 'second', 'text']) if (params[name]) params[name] = t(`reason.text.${params[name]}`);
  let text = t(`reason.${code}`, params);
  if (params.capped && hasText(`reason.capped.${params.capped}`)) {
    text += t(`reason.capped.${params.capped}`, { cap: formatCount(Number(params.cap)), unit: t(`reason.unit.${params.cap_unit}`) });
  }
  return text;
}
