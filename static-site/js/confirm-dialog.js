// Asks before something that cannot be undone, in the page's own modal style (a <dialog>, as the settings are),
// so the question reads in the page's language and can be driven like the rest of the page.
import { h } from './dom.js';
import { t } from './i18n.js';

export class ConfirmDialog {
  #dialog; #title; #body; #confirm; #resolve = null;

  constructor(dialog) {
    this.#dialog = dialog;
    this.#title = h('h2', { id: 'confirm-title' });
    this.#body = h('p', { class: 'confirm-body' });
    this.#confirm = h('button', { type: 'submit', class: 'btn btn-danger', id: 'confirm-yes', value: 'yes' });
    const cancel = h('button', { type: 'button', class: 'btn', id: 'confirm-no', onclick: () => this.#dialog.close('no') }, t('confirm.cancel'));
    cancel.dataset.i18n = 'confirm.cancel';
    dialog.replaceChildren(h('form', { method: 'dialog', class: 'modal-inner' },
      this.#title, this.#body,
      h('div', { class: 'modal-actions' }, h('span', { class: 'spacer' }), cancel, this.#confirm)));
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.setAttribute('aria-describedby', 'confirm-body');
    this.#body.id = 'confirm-body';
    dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close('no'); });
    dialog.addEventListener('close', () => {
      const answer = dialog.returnValue === 'yes';
      this.#resolve?.(answer);
      this.#resolve = null;
    });
  }

  /** Resolves true when the reader confirms; Esc, Cancel or a click outside answer false. */
  ask({ title, body, confirm }) {
    this.#resolve?.(false);
    this.#title.textContent = title;
    this.#body.textContent = body;
    this.#confirm.textContent = confirm;
    this.#dialog.returnValue = '';
    this.#dialog.showModal();
    this.#dialog.querySelector('#confirm-no').focus();
    return new Promise((resolve) => { this.#resolve = resolve; });
  }
}
