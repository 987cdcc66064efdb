// The records table with its states and pager. It loads one page at a time by cursor, keeps the
// rows on screen, and replaces a row in place when a live update brings a fresher record.
import { h } from './dom.js';
import { t } from './i18n.js';
import { isFiltered } from './filters.js';
import { isPending, renderRows, renderSkeleton, updateRow } from './table.js';
import { formatCount, timeZone } from './format.js';
import { stateContent } from './states.js';

// A filtered page may need several calls to fill; this bounds how long one page can take.
const MAX_CALLS_PER_PAGE = 10;
const PAGE_SIZES = [25, 50, 100];
const PAGE_SIZE_KEY = 'scorejobs.pageSize';

export class RecordsList {
  #root; #api; #filters; #on;
  #table; #tbody; #state; #pager;
  #pageSize = readPageSize();
  #pageStarts = [null];
  #pageIndex = 0;
  #nextCursor = null;
  #rows = [];
  #gone = new Set();
  #stats = null;
  #error = null;
  #loading = false;
  #abort = null;
  #firstRowsMarked = false;

  /**
   * root: the records section. filters(): the current filter object.
   * Callbacks: onRows(rows, {partial}), onLoaded(count), onError(error), onTag(tag),
   * onRefresh(), onClearFilters(), onOpenSettings(), describeError(error).
   */
  constructor(root, { api, filters, ...callbacks }) {
    this.#root = root;
    this.#api = api;
    this.#filters = filters;
    this.#on = callbacks;
    this.#table = root.querySelector('#records-table');
    this.#tbody = root.querySelector('#records-body');
    this.#state = root.querySelector('#state');
    this.#pager = root.querySelector('#pager');
    this.#bind();
    this.#renderTimeZone();
  }

  get rows() { return this.#rows; }

  pendingIds() {
    return this.#rows.filter((r) => isPending(r) && !this.#gone.has(r.job_id)).map((r) => r.job_id);
  }

  find(jobId) {
    return this.#rows.find((r) => r.job_id === jobId);
  }

  /** Goes back to the first page; the next load() starts there. */
  resetPaging() {
    this.#pageStarts = [null];
    this.#pageIndex = 0;
    this.#nextCursor = null;
  }

  async load() {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const filters = this.#filters();
    const start = this.#pageStarts[this.#pageIndex];
    this.#loading = true;
    this.#error = null;
    this.#table.setAttribute('aria-busy', 'true');
    if (!this.#rows.length) renderSkeleton(this.#tbody);
    else this.#tbody.classList.add('is-stale');
    this.#renderPager();

    const items = [];
    let cursor = start;
    try {
      let calls = 0;
      do {
        const page = await this.#api.listJobs(filters, { limit: this.#pageSize - items.length, cursor, signal: abort.signal });
        items.push(...page.jobs);
        cursor = page.nextCursor;
        calls += 1;
        if (items.length && cursor && items.length < this.#pageSize) this.#show(items, cursor, { partial: true });
      } while (cursor && items.length < this.#pageSize && calls < MAX_CALLS_PER_PAGE);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#loading = false;
      this.#error = error;
      this.#rows = [];
      this.#on.onError?.(error);
      this.#renderError();
      return;
    }
    if (abort.signal.aborted) return;
    this.#show(items, cursor, { partial: false });
    this.#on.onLoaded?.(items.length);
  }

  /** A live update: the fresh record replaces its row, if it is on screen. */
  update(record) {
    const index = this.#rows.findIndex((r) => r.job_id === record.job_id);
    if (index < 0) return;
    this.#rows[index] = record;
    updateRow(this.#tbody, record, { onTag: this.#on.onTag });
  }

  /** A record that is no longer there is not polled again. */
  markGone(jobId) {
    this.#gone.add(jobId);
  }

  /** The overview's figures: the total beside the title and in the pager. */
  setStats(stats) {
    this.#stats = stats;
    const count = this.#root.querySelector('#records-count');
    count.hidden = !stats;
    if (stats) count.textContent = t('records.count', { n: formatCount(stats.total ?? 0) });
    this.#renderPager();
  }

  /** Draws everything again, in the current language. */
  render() {
    this.#renderTimeZone();
    if (this.#error) this.#renderError();
    else if (!this.#loading || this.#rows.length) this.#renderTable();
    this.#renderPager();
    this.setStats(this.#stats);
  }

  #show(items, nextCursor, { partial }) {
    this.#rows = items;
    this.#nextCursor = nextCursor;
    this.#loading = partial;
    this.#gone.clear();
    this.#tbody.classList.remove('is-stale');
    this.#table.setAttribute('aria-busy', String(partial));
    this.#renderTable();
    this.#renderPager();
    if (items.length && !this.#firstRowsMarked) {
      this.#firstRowsMarked = true;
      performance.mark('scorejobs:first-rows');
      document.documentElement.dataset.firstRows = String(Math.round(performance.now()));
    }
    this.#on.onRows?.(items, { partial });
  }

  #renderTable() {
    if (this.#error) return this.#renderError();
    if (!this.#rows.length && !this.#loading) {
      this.#tbody.replaceChildren();
      this.#table.hidden = true;
      this.#state.hidden = false;
      this.#state.replaceChildren(...(isFiltered(this.#filters()) ? this.#noMatchState() : this.#emptyState()));
      return;
    }
    this.#table.hidden = false;
    this.#state.hidden = true;
    renderRows(this.#tbody, this.#rows, { onTag: this.#on.onTag });
  }

  #emptyState() {
    const base = this.#api.base || location.origin;
    const example = `curl -X POST ${base}/api/score/async \\\n  -H 'Content-Type: application/json' \\\n  -d '{"question":"What is RAG?","answer":"Retrieval-augmented generation","ground_truth":"Retrieval-augmented generation","metrics":["token_f1","rouge_l"],"metadata":{"app":"demo"}}'`;
    return stateContent({
      art: 'empty', title: t('state.emptyTitle'), body: t('state.emptyBody'),
      extra: h('pre', { class: 'code state-code' }, example),
      actions: [h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.#on.onRefresh?.() }, t('records.refresh'))],
    });
  }

  #noMatchState() {
    return stateContent({
      art: 'search', title: t('state.noMatchTitle'), body: t('state.noMatchBody'),
      actions: [h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.#on.onClearFilters?.() }, t('filters.clear'))],
    });
  }

  #renderError() {
    this.#tbody.replaceChildren();
    this.#tbody.classList.remove('is-stale');
    this.#table.hidden = true;
    this.#table.setAttribute('aria-busy', 'false');
    this.#state.hidden = false;
    this.#state.replaceChildren(...stateContent({
      art: 'error', title: t('state.errorTitle'), body: this.#on.describeError(this.#error), alert: true,
      actions: [
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.#on.onRefresh?.() }, t('state.retry')),
        h('button', { type: 'button', class: 'btn', onclick: () => this.#on.onOpenSettings?.() }, t('state.openSettings')),
      ],
    }));
    this.#renderPager();
  }

  #renderPager() {
    const $ = (selector) => this.#pager.querySelector(selector);
    const shown = this.#rows.length;
    const from = this.#pageIndex * this.#pageSize + (shown ? 1 : 0);
    const to = this.#pageIndex * this.#pageSize + shown;
    const total = this.#stats?.total;
    $('#pager-range').textContent = shown
      ? (typeof total === 'number' && !this.#stats?.truncated
        ? t('pager.rangeOf', { from: formatCount(from), to: formatCount(to), total: formatCount(total) })
        : t('pager.range', { from: formatCount(from), to: formatCount(to) }))
      : '';
    $('#pager-page').textContent = t('pager.page', { page: formatCount(this.#pageIndex + 1) });
    $('#page-prev').disabled = this.#pageIndex === 0 || this.#loading;
    $('#page-next').disabled = !this.#nextCursor || this.#loading;
    this.#pager.hidden = Boolean(this.#error) || (!shown && this.#pageIndex === 0 && !this.#loading);
  }

  #renderTimeZone() {
    this.#root.querySelector('#tz-note').textContent = t('time.zone', { zone: timeZone() });
  }

  #goToPage(delta) {
    if (delta > 0) {
      if (!this.#nextCursor) return;
      this.#pageStarts[this.#pageIndex + 1] = this.#nextCursor;
      this.#pageIndex += 1;
    } else {
      if (this.#pageIndex === 0) return;
      this.#pageIndex -= 1;
    }
    this.load();
    this.#root.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }

  #bind() {
    this.#pager.querySelector('#page-prev').addEventListener('click', () => this.#goToPage(-1));
    this.#pager.querySelector('#page-next').addEventListener('click', () => this.#goToPage(1));
    const size = this.#pager.querySelector('#page-size');
    size.value = String(this.#pageSize);
    size.addEventListener('change', () => {
      this.#pageSize = PAGE_SIZES.includes(Number(size.value)) ? Number(size.value) : 50;
      try { localStorage.setItem(PAGE_SIZE_KEY, String(this.#pageSize)); } catch { /* not kept */ }
      this.resetPaging();
      this.load();
    });
  }
}

function readPageSize() {
  try {
    const n = Number(localStorage.getItem(PAGE_SIZE_KEY));
    return PAGE_SIZES.includes(n) ? n : 50;
  } catch {
    return 50;
  }
}
