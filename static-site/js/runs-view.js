// The dataset runs, newest first: progress, the verdict against thresholds and the mean weighted
// score of each. While the view is shown it re-reads the first page, backing off from 1 s to 30 s
// as js/poller.js does (a new run appears, a running one moves), and two runs can be picked to compare.
import { h } from './dom.js';
import { t } from './i18n.js';
import { Poller } from './poller.js';
import { formatDateTime, formatCount, formatRelative } from './format.js';
import { statusBadge } from './table.js';
import { stateContent } from './states.js';
import { routeHash } from './router.js';
import { meanScore, progressBar, runMean, runName, verdictBadge } from './run-parts.js';

const PAGE = 50;

export class RunsView {
  #root; #api; #on;
  #runs = []; #nextCursor = null; #error = null; #loaded = false; #shown = false;
  #selected = new Set();
  #poller;
  #list; #state; #more; #compare; #selection;
  #built = false;

  /** Callbacks: describeError(error), onStatusChange(run), onOpenSettings(). */
  constructor(root, { api, ...callbacks }) {
    this.#root = root;
    this.#api = api;
    this.#on = callbacks;
    this.#poller = new Poller({
      pendingIds: () => (this.#shown && !this.#error ? ['runs'] : []),
      fetchOne: () => this.#api.listRuns({ limit: PAGE }),
      idOf: () => 'runs',
      fingerprint: (page) => JSON.stringify(page.runs.map((r) => [r.run_id, r.status, r.counts, r.passed, r.aggregates?.weighted_score?.mean])),
      onRecord: (page) => this.#merge(page),
    });
  }

  get root() { return this.#root; }

  show() {
    this.#ensureBuilt();
    this.#shown = true;
    this.load();
  }

  hide() {
    this.#shown = false;
    this.#poller.stop();
  }

  async load() {
    this.#root.querySelector('.run-list').setAttribute('aria-busy', 'true');
    try {
      const page = await this.#api.listRuns({ limit: PAGE });
      this.#error = null;
      this.#runs = page.runs;
      this.#nextCursor = page.nextCursor;
      this.#poller.poke([page]);
    } catch (error) {
      this.#error = error;
      this.#poller.stop();
    }
    this.#loaded = true;
    this.render();
  }

  render() {
    if (!this.#built) return;
    const list = this.#list;
    list.setAttribute('aria-busy', String(!this.#loaded));
    this.#more.hidden = !this.#nextCursor || Boolean(this.#error);
    if (this.#error || (this.#loaded && !this.#runs.length)) {
      list.replaceChildren();
      list.hidden = true;
      this.#state.hidden = false;
      this.#state.replaceChildren(...(this.#error ? this.#errorState() : this.#emptyState()));
      this.#renderSelection();
      return;
    }
    list.hidden = false;
    this.#state.hidden = true;
    const focused = document.activeElement?.closest?.('.run-item');
    const focusKey = focused && [focused.dataset.runId, document.activeElement.dataset.focusKey];
    list.replaceChildren(...this.#runs.map((run) => this.#item(run)));
    if (focusKey) list.querySelector(`.run-item[data-run-id="${CSS.escape(focusKey[0])}"] [data-focus-key="${focusKey[1]}"]`)?.focus();
    this.#renderSelection();
  }

  #merge(page) {
    const before = new Map(this.#runs.map((r) => [r.run_id, r]));
    const fresh = new Set(page.runs.map((r) => r.run_id));
    const last = page.runs.at(-1);
    // Runs beyond the first page were loaded with "More" and stay; the first page is replaced.
    const older = page.runs.length < PAGE ? [] : this.#runs.filter((r) => !fresh.has(r.run_id) && last && r.created_at < last.created_at);
    this.#runs = [...page.runs, ...older];
    if (page.runs.length < PAGE) this.#nextCursor = page.nextCursor;
    for (const run of page.runs) {
      const was = before.get(run.run_id);
      if (was && was.status !== run.status) this.#on.onStatusChange?.(run);
    }
    this.render();
  }

  async #loadMore() {
    if (!this.#nextCursor) return;
    this.#more.disabled = true;
    try {
      const page = await this.#api.listRuns({ limit: PAGE, cursor: this.#nextCursor });
      const known = new Set(this.#runs.map((r) => r.run_id));
      this.#runs.push(...page.runs.filter((r) => !known.has(r.run_id)));
      this.#nextCursor = page.nextCursor;
      this.render();
    } catch (error) {
      this.#error = error;
      this.render();
    } finally {
      this.#more.disabled = false;
    }
  }

  #item(run) {
    const href = routeHash({ view: 'run', runId: run.run_id });
    const selected = this.#selected.has(run.run_id);
    const metrics = (run.metrics ?? []).length;
    return h('li', { class: `run-item${selected ? ' is-selected' : ''}`, dataset: { runId: run.run_id, status: run.status } },
      h('label', { class: 'run-select', title: t('runs.select', { name: runName(run) }) },
        h('input', {
          type: 'checkbox', checked: selected, dataset: { focusKey: 'select' }, 'aria-label': t('runs.select', { name: runName(run) }),
          onchange: (e) => this.#toggle(run.run_id, e.target.checked),
        })),
      h('div', { class: 'run-main' },
        h('a', { class: 'run-name', href, dataset: { focusKey: 'open' } }, runName(run)),
        h('p', { class: 'run-sub' },
          h('time', { datetime: run.created_at, title: run.created_at }, formatDateTime(run.created_at)),
          ` · ${formatRelative(run.created_at)} · `,
          t('runs.samples', { n: formatCount(run.samples ?? 0) }),
          metrics ? ` · ${t('runs.metrics', { n: formatCount(metrics) })}` : '')),
      h('div', { class: 'run-state' }, statusBadge(run.status), verdictBadge(run)),
      h('div', { class: 'run-bar' }, progressBar(run, { compact: true })),
      h('div', { class: 'run-score' }, h('span', { class: 'run-score-label' }, t('runs.mean')), meanScore(runMean(run))));
  }

  #toggle(runId, on) {
    if (on) {
      this.#selected.add(runId);
      // Two at most: picking a third lets go of the first picked.
      if (this.#selected.size > 2) this.#selected.delete(this.#selected.values().next().value);
    } else {
      this.#selected.delete(runId);
    }
    for (const item of this.#list.querySelectorAll('.run-item')) {
      const on2 = this.#selected.has(item.dataset.runId);
      item.classList.toggle('is-selected', on2);
      item.querySelector('input[type="checkbox"]').checked = on2;
    }
    this.#renderSelection();
  }

  #renderSelection() {
    const picked = this.#runs.filter((r) => this.#selected.has(r.run_id));
    this.#compare.disabled = picked.length !== 2;
    this.#selection.textContent = picked.length === 2 ? t('runs.comparePicked', { base: runName(olderFirst(picked)[0]), head: runName(olderFirst(picked)[1]) })
      : t('runs.compareHint', { n: picked.length });
  }

  #compareSelected() {
    const picked = olderFirst(this.#runs.filter((r) => this.#selected.has(r.run_id)));
    if (picked.length !== 2) return;
    location.hash = routeHash({ view: 'compare', base: picked[0].run_id, head: picked[1].run_id });
  }

  #emptyState() {
    return stateContent({
      art: 'empty', title: t('runs.emptyTitle'), body: t('runs.emptyBody'),
      actions: [h('a', { class: 'btn btn-primary', href: routeHash({ view: 'new-run' }) }, t('runs.new'))],
    });
  }

  #errorState() {
    return stateContent({
      art: 'error', title: t('runs.errorTitle'), body: this.#on.describeError(this.#error), alert: true,
      actions: [
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.load() }, t('state.retry')),
        h('button', { type: 'button', class: 'btn', onclick: () => this.#on.onOpenSettings?.() }, t('state.openSettings')),
      ],
    });
  }

  // Built when first shown, so the records view starts with nothing of the others in the page.
  #ensureBuilt() {
    if (this.#built) return;
    this.#built = true;
    this.#build();
  }

  #build() {
    const refresh = h('button', { type: 'button', class: 'btn', id: 'runs-refresh', onclick: () => this.load() }, h('span', { 'data-i18n': 'records.refresh' }, t('records.refresh')));
    this.#compare = h('button', { type: 'button', class: 'btn', id: 'runs-compare', disabled: true, onclick: () => this.#compareSelected() }, h('span', { 'data-i18n': 'runs.compare' }, t('runs.compare')));
    this.#selection = h('p', { class: 'section-note', id: 'runs-selection', 'aria-live': 'polite' });
    this.#list = h('ul', { class: 'run-list', id: 'run-list', 'aria-labelledby': 'runs-title', 'aria-busy': 'true' });
    this.#state = h('div', { class: 'state', hidden: true });
    this.#more = h('button', { type: 'button', class: 'btn', id: 'runs-more', hidden: true, onclick: () => this.#loadMore() }, h('span', { 'data-i18n': 'runs.more' }, t('runs.more')));
    this.#root.replaceChildren(
      h('div', { class: 'section-head' },
        h('h2', { id: 'runs-title', 'data-i18n': 'runs.title', tabindex: '-1' }, t('runs.title')),
        h('div', { class: 'section-actions' },
          h('a', { class: 'btn btn-primary', id: 'runs-new', href: routeHash({ view: 'new-run' }) }, h('span', { 'data-i18n': 'runs.new' }, t('runs.new'))),
          refresh, this.#compare)),
      this.#selection,
      h('div', { class: 'card run-card' }, this.#list, this.#state, h('div', { class: 'run-more' }, this.#more)));
  }
}

const olderFirst = (runs) => [...runs].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
