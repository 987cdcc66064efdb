// The connection badge in the top bar, honest about what the page can do: green only when the API answers and
// lets the page read records; red when it is unreachable or refuses the key (401/403); amber when it is there
// but cannot serve now (503). Storage and queue kinds are shown in the reader's language.
import { h } from './dom.js';
import { t } from './i18n.js';

export class HealthBadge {
  #el; #api; #state = null;

  constructor(el, { api }) {
    this.#el = el;
    this.#api = api;
  }

  async load() {
    try {
      const health = await this.#api.health();
      // Health may be open to anyone: reading one record says whether the key (or no key) is accepted.
      await this.#api.listJobs({}, { limit: 1 });
      this.#state = { kind: 'up', health };
    } catch (error) {
      this.#state = { kind: kindOf(error), error };
    }
    this.render();
  }

  render() {
    const state = this.#state;
    const el = this.#el;
    if (state === null) return;
    el.hidden = false;
    el.dataset.state = state.kind;
    if (state.kind !== 'up') {
      const { error } = state;
      const [tone, dot] = state.kind === 'unavailable' ? ['health-warn', 'dot-running'] : ['health-down', 'dot-failed'];
      el.className = `health ${tone}`;
      el.replaceChildren(h('i', { class: `dot ${dot}`, 'aria-hidden': 'true' }), h('span', {}, t(`health.${state.kind}`, { status: error?.status ?? '' })));
      el.title = [this.#api.displayBase, error?.message].filter(Boolean).join(' · ');
      return;
    }
    const { health } = state;
    el.className = 'health health-up';
    // Health shows the wiring only to a caller the API token admits (a Functions app shows it to no one): without
    // it the badge says connected and no more, rather than "no judge" for a judge it cannot see.
    const wiring = health.storage ? [storageLabel(health.storage),
      health.judge?.configured ? t('health.judge', { model: health.judge.model ?? '' }) : t('health.judgeNone')] : [];
    el.title = [this.#api.displayBase, ...(health.storage ? [storageLabel(health.storage), storageLabel(health.queue)] : [])].join(' · ');
    // The daily judge budget, when one is set: spent of limit today (UTC); amber once it is spent, as judge work then waits.
    const budget = health.budget?.limit != null ? health.budget : null;
    if (budget?.exhausted) el.className = 'health health-warn';
    el.dataset.budget = budget ? (budget.exhausted ? 'exhausted' : 'open') : '';
    el.replaceChildren(
      h('i', { class: `dot ${budget?.exhausted ? 'dot-running' : 'dot-completed'}`, 'aria-hidden': 'true' }),
      h('span', {}, t('health.connected')),
      ...(wiring.length ? [h('span', { class: 'health-extra' }, `· ${wiring.join(' · ')}`)] : []),
      ...(budget ? [h('span', { class: 'health-budget' }, `· ${t(budget.exhausted ? 'health.budgetSpent' : 'health.budget',
        { spent: formatMoney(budget.spent), limit: formatMoney(budget.limit) })}`)] : []));
    if (budget) el.title += ` · ${t('health.budgetHint')}`;
  }
}

function kindOf(error) {
  if (error?.kind === 'auth') return 'auth';
  if (error?.status === 503) return 'unavailable';
  if (error?.kind === 'network') return 'offline';
  return 'error';
}

/** "local-folder", "azure-blob", "in-process"…: translated where known, else as the server named it. */
export function storageLabel(name) {
  if (!name) return '?';
  const key = `storageKind.${name}`;
  const label = t(key);
  return label === key ? name : label;
}

function formatMoney(value) {
  return typeof value === 'number' ? value.toLocaleString(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 }) : '?';
}
