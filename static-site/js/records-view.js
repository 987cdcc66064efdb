// The records view: the overview, the filters, the records list, live updates and export, one
// filter object shared by all of them. It loads when first shown.
import { t } from './i18n.js';
import { FilterBar, filtersFromUrl, writeFiltersToUrl } from './filters.js';
import { RecordsList } from './records-list.js';
import { Overview } from './overview.js';
import { LiveUpdates } from './live-updates.js';
import { ExportActions } from './export-actions.js';
import { EXPORT_CAP, collectRows, toCsv, toJson } from './export.js';
import { formatCount, formatScore, shortId } from './format.js';

export class RecordsView {
  #root; #list; #overview; #filterBar; #live; #started = false; #metricNames = []; #recordedMetrics = [];

  /** root holds the overview and records sections; the drawer is shared with the other views. */
  constructor(root, { api, drawer, toast, liveRegion, describeError, onOpenSettings, onRefresh }) {
    this.#root = root;
    const $ = (selector) => root.querySelector(selector);
    this.#filterBar = new FilterBar($('#filters'), filtersFromUrl(), (filters) => {
      writeFiltersToUrl(filters);
      this.#list.resetPaging();
      this.#list.load();
      this.#overview.load();
    });
    const filters = () => this.#filterBar.value;

    this.#list = new RecordsList($('#records'), {
      api, filters, describeError,
      onRows: (rows, { partial }) => {
        if (!partial) this.#live.watch(rows);
        this.#filterBar.setTagSuggestions(new Set(rows.flatMap((r) => Object.entries(r.request_summary?.metadata ?? {}).map(([k, v]) => `${k}:${v}`))));
      },
      onLoaded: (n) => liveRegion.announce(t('live.loaded', { n: formatCount(n) })),
      onError: () => this.#live.stop(),
      onTag: (tag) => this.#filterBar.addTag(tag),
      onRefresh,
      onClearFilters: () => this.#filterBar.clear(),
      onOpenSettings,
    });

    this.#overview = new Overview($('.overview'), { api, filters, onStats: (stats) => {
      this.#list.setStats(stats);
      // A request's own rubrics are in no catalog: the metrics the records carry join the filter's choices.
      this.#recordedMetrics = Object.keys(stats?.metrics ?? {});
      this.#filterBar.setMetrics([...this.#metricNames, ...this.#recordedMetrics]);
    } });

    this.#live = new LiveUpdates({
      api, list: this.#list, drawer,
      onStatusChange: (record) => {
        liveRegion.announce(record.status === 'completed' && typeof record.weighted_score === 'number'
          ? t('live.updatedScore', { id: shortId(record.job_id), score: formatScore(record.weighted_score) })
          : t('live.updated', { id: shortId(record.job_id), status: t(`status.${record.status}`) }));
        if (this.#started) this.#overview.loadSoon();
      },
    });

    new ExportActions($('#records-actions'), {
      toast, describeError,
      begin: () => {
        const current = filters();
        return {
          collect: async (onProgress) => ({ ...await collectRows(api, current, { cap: EXPORT_CAP, onProgress }), cap: EXPORT_CAP }),
          csv: (rows) => toCsv(rows, this.#metricNames),
          json: (rows, capped) => toJson(rows, { filters: current, capped }),
        };
      },
    });
    $('#refresh').addEventListener('click', () => onRefresh());
  }

  get root() { return this.#root; }

  /** Rows first: the figures are asked for once the first page is on its way back. */
  show() {
    if (this.#started) return;
    this.#started = true;
    const firstPage = this.#list.load();
    return Promise.race([firstPage, new Promise((resolve) => setTimeout(resolve, 400))]).then(() => this.#overview.load());
  }

  hide() {}

  refresh() {
    this.#started = true;
    this.#list.load();
    this.#overview.load();
  }

  /** Something was deleted: what is on screen is read again; a view never shown loads when it is. */
  reload() {
    if (this.#started) this.refresh();
  }

  /** A record opened in the drawer from any view is kept fresh by this view's live updates. */
  watch(records) {
    this.#live.watch(records);
  }

  setCatalog(metrics) {
    this.#metricNames = metrics.map((m) => m.name);
    this.#filterBar.setMetrics([...this.#metricNames, ...this.#recordedMetrics]);
  }

  focusSearch() {
    this.#root.querySelector('#f-q').focus();
  }

  render() {
    this.#filterBar.render();
    this.#list.render();
    this.#overview.render();
  }
}
