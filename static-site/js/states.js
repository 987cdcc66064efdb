// The empty, no-match and error states: a small drawing, a title, a sentence and actions.
import { h } from './dom.js';

const ART = {
  empty: 'M14 22h36v26a4 4 0 0 1-4 4H18a4 4 0 0 1-4-4Zm0 0 6-10h24l6 10M24 32h16',
  search: 'M29 44a15 15 0 1 1 0-30 15 15 0 0 1 0 30Zm10.6-4.4L50 50M23 29h12',
  error: 'M32 12 54 50H10Zm0 14v10m0 6v1',
};

export function stateArt(kind) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  el.setAttribute('viewBox', '0 0 64 64');
  el.setAttribute('class', `state-art state-art-${kind}`);
  el.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', ART[kind]);
  el.append(p);
  return el;
}

/** The children of a `.state` block; `alert` marks the body as an error to announce. */
export function stateContent({ art, title, body, alert = false, extra = null, actions = [] }) {
  return [
    stateArt(art),
    h('h3', { class: 'state-title' }, title),
    body ? h('p', alert ? { role: 'alert' } : {}, body) : null,
    extra,
    actions.length ? h('div', { class: 'state-actions' }, actions) : null,
  ].filter(Boolean);
}
