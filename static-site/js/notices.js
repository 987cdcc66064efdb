// Short messages: a toast for the reader's eyes, a polite live region for screen readers, and the key notice.
import { h } from './dom.js';
import { t } from './i18n.js';

export class Toast {
  #el; #timer = 0;

  constructor(el) {
    this.#el = el;
  }

  show(message, { sticky = false, error = false } = {}) {
    this.#el.textContent = message;
    this.#el.classList.toggle('toast-error', error);
    this.#el.hidden = false;
    clearTimeout(this.#timer);
    if (!sticky) this.#timer = setTimeout(() => { this.#el.hidden = true; }, 6000);
  }
}

export class LiveRegion {
  #el;

  constructor(el) {
    this.#el = el;
  }

  // Emptied first so that the same message twice is read twice.
  announce(message) {
    this.#el.textContent = '';
    requestAnimationFrame(() => { this.#el.textContent = message; });
  }
}

/** Says that a ?api= to another origin got no key, and offers the settings to connect to it explicitly. */
export class KeyNotice {
  #el; #settings; #onConnect;

  constructor(el, { settings, onConnect }) {
    this.#el = el;
    this.#settings = settings;
    this.#onConnect = onConnect;
    this.render();
  }

  render() {
    const s = this.#settings;
    this.#el.hidden = !s.keyWithheld;
    if (!s.keyWithheld) return;
    this.#el.replaceChildren(
      h('span', {}, t('keyNotice.text', { base: s.apiBase, saved: s.saved.keyOrigin })),
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => this.#onConnect() }, t('keyNotice.action')));
  }
}
