// Short messages: a toast for the reader's eyes and a polite live region for screen readers.

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
