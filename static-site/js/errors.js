// What an API failure means for the reader, in the interface language.
import { t } from './i18n.js';

/** How messages name the API: its address, or "this site (origin)" when it is same-origin. */
export function apiLabel(api) {
  return api.base || `${t('state.sameOrigin')} (${location.origin})`;
}

/** A sentence for an ApiError; `base` is how to name the API that failed. */
export function describeError(error, base) {
  switch (error?.kind) {
    case 'network': return t('state.networkBody', { base });
    case 'auth': return t('state.authBody', { status: error.status });
    case 'bad_response': return t('state.badBody', { detail: error.message });
    case 'not_found': return t('state.badBody', { detail: `HTTP 404 ${error.url ?? ''}`.trim() });
    default: return t('state.httpBody', { status: error?.status ?? '?', detail: error?.message ?? String(error) });
  }
}
