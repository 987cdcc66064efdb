// The connection settings dialog: where the API lives and which key to send. Saving reloads the
// page, so every component starts again with the new client.
import { ApiClient } from './api.js';
import { t } from './i18n.js';
import { describeError } from './errors.js';
import { forgetSettings, normalizeBase, saveSettings } from './settings.js';

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
    const form = this.#form;
    const s = this.#settings;
    form.elements.apiBase.value = s.overriddenByUrl ? s.savedBase : s.apiBase;
    for (const r of form.querySelectorAll('input[name="keyKind"]')) r.checked = r.value === s.keyKind;
    form.elements.key.value = s.key;
    const override = this.#dialog.querySelector('#settings-override');
    override.hidden = !s.overriddenByUrl;
    override.textContent = s.overriddenByUrl ? t('settings.overridden', { base: s.apiBase }) : '';
    this.#dialog.querySelector('#settings-result').textContent = '';
    this.#syncKeyField();
    this.#dialog.showModal();
  }

  #fromForm() {
    const form = this.#form;
    return {
      apiBase: form.elements.apiBase.value,
      keyKind: form.querySelector('input[name="keyKind"]:checked')?.value ?? 'none',
      key: form.elements.key.value.trim(),
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
    const candidate = new ApiClient({ apiBase: normalizeBase(s.apiBase), keyKind: s.keyKind, key: s.keyKind === 'none' ? '' : s.key });
    try {
      const health = await candidate.health();
      await candidate.listJobs({}, { limit: 1 });
      result.classList.add('ok');
      result.textContent = t('settings.ok', {
        storage: health.storage ?? '?', queue: health.queue ?? '?',
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
    this.#form.addEventListener('submit', (e) => {
      e.preventDefault();
      saveSettings(this.#fromForm());
      this.#reloadWithoutApiOverride();
    });
  }
}
