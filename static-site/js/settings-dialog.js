// The connection settings dialog: where the API lives and which key to send. Saving reloads the
// page, so every component starts again with the new client.
import { ApiClient } from './api.js';
import { t } from './i18n.js';
import { describeError } from './errors.js';
import { forgetSettings, normalizeBase, originOf, saveSettings } from './settings.js';
import { h } from './dom.js';
import { storageLabel } from './health.js';

export class SettingsDialog {
  #dialog; #form; #settings;

  /** settings: what loadSettings() returned for this visit. */
  constructor(dialog, { settings }) {
    this.#dialog = dialog;
    this.#form = dialog.querySelector('#settings-form');
    this.#settings = settings;
    this.#bind();
  }

  open() {
    const s = this.#settings;
    // The form edits what is saved; a ?api= of this visit only shows in the notice above it.
    this.#fill(s.saved);
    this.#renderOverride();
    this.#dialog.querySelector('#settings-result').textContent = '';
    this.#syncKeyField();
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  #fill({ apiBase, keyKind, key, rater = this.#form.elements.rater.value }) {
    const form = this.#form;
    form.elements.apiBase.value = apiBase;
    form.elements.rater.value = rater ?? '';
    for (const r of form.querySelectorAll('input[name="keyKind"]')) r.checked = r.value === keyKind;
    form.elements.key.value = key;
    this.#syncKeyField();
  }

  #renderOverride() {
    const s = this.#settings;
    const override = this.#dialog.querySelector('#settings-override');
    override.hidden = !s.overriddenByUrl;
    if (!s.overriddenByUrl) { override.replaceChildren(); return; }
    if (!s.keyWithheld) { override.replaceChildren(t('settings.overridden', { base: s.apiBase })); return; }
    // Connecting explicitly: the address's API goes into the form with no key; the reader types one for it.
    override.replaceChildren(
      h('span', {}, t('settings.withheld', { base: s.apiBase, saved: s.saved.keyOrigin })),
      ' ',
      h('button', { type: 'button', class: 'btn btn-small', id: 'settings-connect', onclick: () => {
        this.#fill({ apiBase: s.apiBase, keyKind: 'none', key: '' });
        this.#form.elements.apiBase.focus();
      } }, t('settings.connect', { base: s.apiBase })));
  }

  #fromForm() {
    const form = this.#form;
    return {
      apiBase: form.elements.apiBase.value,
      keyKind: form.querySelector('input[name="keyKind"]:checked')?.value ?? 'none',
      key: form.elements.key.value.trim(),
      rater: form.elements.rater.value.trim(),
    };
  }

  #syncKeyField() {
    this.#form.elements.key.disabled = this.#fromForm().keyKind === 'none';
  }

  async #test() {
    const result = this.#dialog.querySelector('#settings-result');
    result.className = 'test-result';
    result.textContent = t('settings.testing');
    const s = this.#fromForm();
    const base = normalizeBase(s.apiBase);
    const candidate = new ApiClient({ apiBase: base, keyKind: s.keyKind, key: s.keyKind === 'none' ? '' : s.key, keyOrigin: originOf(base) });
    try {
      const health = await candidate.health();
      await candidate.listJobs({}, { limit: 1 });
      result.classList.add('ok');
      result.textContent = t('settings.ok', {
        storage: storageLabel(health.storage), queue: storageLabel(health.queue),
        judge: health.judge?.configured ? health.judge.model ?? '✓' : t('health.judgeNone'),
      }) + (health.auth_required ? t('settings.okAuth') : '');
    } catch (error) {
      result.classList.add('bad');
      result.textContent = describeError(error, candidate.displayBase);
    }
  }

  #reloadWithoutApiOverride() {
    const url = new URL(location.href);
    url.searchParams.delete('api');
    location.replace(url);
  }

  #bind() {
    const $ = (selector) => this.#dialog.querySelector(selector);
    $('#settings-cancel').addEventListener('click', () => this.#dialog.close());
    $('#settings-test').addEventListener('click', () => this.#test());
    $('#settings-forget').addEventListener('click', () => {
      forgetSettings();
      this.#reloadWithoutApiOverride();
    });
    for (const r of this.#form.querySelectorAll('input[name="keyKind"]')) r.addEventListener('change', () => this.#syncKeyField());
    // The saved key belongs to its origin: pointing the form at another one empties it rather than carry it along.
    this.#form.elements.apiBase.addEventListener('input', () => {
      const { saved } = this.#settings;
      const key = this.#form.elements.key;
      if (saved.key && key.value === saved.key && originOf(normalizeBase(this.#form.elements.apiBase.value)) !== saved.keyOrigin) key.value = '';
    });
    this.#form.addEventListener('submit', (e) => {
      e.preventDefault();
      saveSettings(this.#fromForm());
      this.#reloadWithoutApiOverride();
    });
  }
}
