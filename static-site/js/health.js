// The connection badge in the top bar: reachable or not, the storage and the judge.
import { h } from './dom.js';
import { t } from './i18n.js';

export class HealthBadge {
  #el; #api; #health = null;

  constructor(el, { api }) {
    this.#el = el;
    this.#api = api;
  }

  async load() {
    try {
      this.#health = await this.#api.health();
    } catch {
      this.#health = false;
    }
    this.render();
  }

  render() {
    const health = this.#health;
    const el = this.#el;
    if (health === null) return;
    el.hidden = false;
    if (!health) {
      el.className = 'health health-down';
      el.replaceChildren(h('i', { class: 'dot dot-failed', 'aria-hidden': 'true' }), h('span', {}, t('health.offline')));
      el.title = this.#api.displayBase;
      return;
    }
    const judge = health.judge?.configured ? t('health.judge', { model: health.judge.model ?? '' }) : t('health.judgeNone');
    el.className = 'health health-up';
    el.title = `${this.#api.displayBase} · ${health.storage ?? ''} · ${health.queue ?? ''}`;
    el.replaceChildren(
      h('i', { class: 'dot dot-completed', 'aria-hidden': 'true' }),
      h('span', {}, t('health.connected')),
      h('span', { class: 'health-extra' }, `· ${health.storage ?? '?'} · ${judge}`));
  }
}
