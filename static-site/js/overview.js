// The whole at a glance, following the current filters: KPI cards and three charts from
// GET /api/score/stats. The charts are redrawn when their width changes.
import { t } from './i18n.js';
import { renderHistogram, renderKpis, renderMetricMeans, renderTrend } from './charts.js';

export class Overview {
  #root; #api; #filters; #onStats;
  #stats = null; #error = null; #abort = null; #timer = 0;

  /** root: the overview section. filters(): the current filter object. onStats(stats|null) after each load. */
  constructor(root, { api, filters, onStats }) {
    this.#root = root;
    this.#api = api;
    this.#filters = filters;
    this.#onStats = onStats;
    this.#redrawOnResize();
  }

  get stats() { return this.#stats; }

  async load() {
    clearTimeout(this.#timer);
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    try {
      const stats = await this.#api.stats(this.#filters(), { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.#stats = stats;
      this.#error = null;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#stats = null;
      this.#error = error;
    }
    this.render();
    this.#onStats?.(this.#stats);
  }

  /** Several jobs finishing close together cost one reload, not one each. */
  loadSoon(delay = 1200) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.load(), delay);
  }

  render() {
    const stats = this.#stats;
    // Without figures (the API failed: the list says why) or with nothing stored, the overview would be empty cards.
    this.#root.hidden = !stats && Boolean(this.#error);
    this.#root.querySelector('.charts').hidden = !stats || !stats.total;
    if (!stats) return;
    const note = this.#root.querySelector('#overview-note');
    note.textContent = stats.truncated ? t('overview.truncated') : t('overview.filtered');
    note.classList.toggle('warn', Boolean(stats.truncated));
    renderKpis(this.#root.querySelector('#kpis'), stats);
    this.#renderCharts();
  }

  #renderCharts() {
    if (!this.#stats) return;
    renderHistogram(this.#root.querySelector('#chart-histogram .chart-body'), this.#stats.histogram);
    renderTrend(this.#root.querySelector('#chart-trend .chart-body'), this.#stats.daily);
    renderMetricMeans(this.#root.querySelector('#chart-metrics .chart-body'), this.#stats.metrics);
  }

  #redrawOnResize() {
    let frame = 0;
    let lastWidth = 0;
    new ResizeObserver((entries) => {
      const width = Math.round(entries[0].contentRect.width);
      if (width === lastWidth) return;
      lastWidth = width;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => this.#renderCharts());
    }).observe(this.#root.querySelector('#chart-trend .chart-body'));
  }
}
