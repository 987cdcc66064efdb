// Where the API lives and how to authenticate: kept in localStorage, never in the page's files.
// A ?api= in the page address overrides the saved base for that visit.

const STORAGE_KEY = 'scorejobs.settings';
export const KEY_KINDS = ['none', 'bearer', 'functions'];

export function loadSettings(location = window.location) {
  const saved = readSaved();
  const fromUrl = new URLSearchParams(location.search).get('api');
  return {
    apiBase: normalizeBase(fromUrl ?? saved.apiBase ?? ''),
    keyKind: KEY_KINDS.includes(saved.keyKind) ? saved.keyKind : 'none',
    key: typeof saved.key === 'string' ? saved.key : '',
    overriddenByUrl: fromUrl !== null,
    savedBase: normalizeBase(saved.apiBase ?? ''),
  };
}

export function saveSettings({ apiBase, keyKind, key }) {
  const value = { apiBase: normalizeBase(apiBase), keyKind: KEY_KINDS.includes(keyKind) ? keyKind : 'none', key: key ?? '' };
  if (value.keyKind === 'none') value.key = '';
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify(value)); } catch { /* private mode: settings last this visit only */ }
  return value;
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

function readSaved() {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
