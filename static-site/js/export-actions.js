// The export buttons: collect the rows (with progress in a toast), then download them as CSV or JSON.
import { t } from './i18n.js';
import { download, exportFilename } from './export.js';
import { formatCount } from './format.js';

export class ExportActions {
  #buttons; #options;

  /**
   * root holds buttons marked data-export="csv" and data-export="json".
   * begin() is called once per export and returns { collect(onProgress) -> {rows, capped, cap},
   * csv(rows) -> text, json(rows, capped) -> text }; prefix (text, or a function) names the downloaded file.
   */
  constructor(root, { begin, prefix = 'score-records', toast, describeError }) {
    this.#buttons = [...root.querySelectorAll('[data-export]')];
    this.#options = { begin, prefix, toast, describeError };
    for (const button of this.#buttons) button.addEventListener('click', () => this.run(button.dataset.export));
  }

  async run(kind) {
    const { begin, prefix, toast, describeError } = this.#options;
    this.#buttons.forEach((b) => { b.disabled = true; });
    const job = begin();
    const name = typeof prefix === 'function' ? prefix() : prefix;
    toast.show(t('export.running', { n: 0 }), { sticky: true });
    try {
      const { rows, capped, cap } = await job.collect((n) => toast.show(t('export.running', { n: formatCount(n) }), { sticky: true }));
      if (!rows.length) { toast.show(t('export.none')); return; }
      if (kind === 'csv') download(job.csv(rows), exportFilename('csv', new Date(), name), 'text/csv;charset=utf-8');
      else download(job.json(rows, capped), exportFilename('json', new Date(), name), 'application/json');
      toast.show(capped ? t('export.capped', { n: formatCount(rows.length), cap: formatCount(cap) }) : t('export.done', { n: formatCount(rows.length) }));
    } catch (error) {
      toast.show(t('export.failed', { message: describeError(error) }), { error: true });
    } finally {
      this.#buttons.forEach((b) => { b.disabled = false; });
    }
  }
}
