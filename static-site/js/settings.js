// Where the API lives and how to authenticate: kept in localStorage, never in the page's files.
// A saved key is bound to the origin it was saved for (keyOrigin) and sent nowhere else: a ?api= in the
// page address overrides the saved base for that visit, but to another origin it goes without a key, and the
// page asks the reader to connect to it explicitly (a link must never be able to carry a key away).

const STORAGE_KEY = 'scorejobs.settings';
export const KEY_KINDS = ['none', 'bearer', 'functions'];
/** The contract's rater names: 1-64 of [A-Za-z0-9._@-]. */
export const RATER_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export function loadSettings(location = window.location) {
  const saved = readSaved();
  const fromUrl = new URLSearchParams(location.search).get('api');
  const savedBase = normalizeBase(saved.apiBase ?? '');
  const apiBase = normalizeBase(fromUrl ?? savedBase);
  const keyKind = KEY_KINDS.includes(saved.keyKind) ? saved.keyKind : 'none';
  const key = keyKind !== 'none' && typeof saved.key === 'string' ? saved.key : '';
  // A setting saved before keys were bound names no origin: its key belongs to the base it was saved with.
  const keyOrigin = typeof saved.keyOrigin === 'string' && saved.keyOrigin ? saved.keyOrigin : originOf(savedBase, location);
  const origin = originOf(apiBase, location);
  const keyWithheld = Boolean(key) && origin !== keyOrigin;
  const rater = typeof saved.rater === 'string' ? saved.rater : '';
  return {
    rater,
    apiBase,
    keyKind: keyWithheld ? 'none' : keyKind,
    key: keyWithheld ? '' : key,
    keyOrigin: keyWithheld ? origin : keyOrigin,
    overriddenByUrl: fromUrl !== null,
    keyWithheld,
    savedBase,
    saved: { apiBase: savedBase, keyKind, key, keyOrigin, rater },
  };
}

export function saveSettings({ apiBase, keyKind, key, rater = '' }, location = window.location) {
  const base = normalizeBase(apiBase);
  const value = { apiBase: base, keyKind: KEY_KINDS.includes(keyKind) ? keyKind : 'none', key: key ?? '', keyOrigin: originOf(base, location) };
  if (value.keyKind === 'none') value.key = '';
  if (String(rater ?? '').trim()) value.rater = String(rater).trim();
  write(value);
  return value;
}

/** The name labels are saved under, kept with the other settings; the rest of what is saved stays as it is. */
export function saveRater(rater) {
  write({ ...readSaved(), rater: String(rater ?? '').trim() });
}

function write(value) {
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify(value)); } catch { /* private mode: settings last this visit only */ }
}

export function forgetSettings() {
  try { localStorage.removeItem(STORAGE_KEY); } catch { /* nothing saved */ }
}

/** "https://x.net/api/" and "https://x.net" both mean the site root https://x.net; "" is same origin. */
export function normalizeBase(base) {
  let value = String(base ?? '').trim();
  if (!value) return '';
  value = value.replace(/\/+$/, '');
  value = value.replace(/\/api$/i, '');
  return value;
}

/** The origin requests to `base` go to ("" is the page's own); a base that is no URL is its own, unmatched origin. */
export function originOf(base, location = window.location) {
  try {
    return new URL(base || '/', location.href).origin;
  } catch {
    return `invalid:${base}`;
  }
}

function readSaved() {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
