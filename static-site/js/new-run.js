// Start a dataset run from a file: drop or pick a CSV or JSONL file, see its columns and first
// samples, choose metrics and thresholds, and send it as it is (POST /api/score/runs with the
// file's content type, the settings in the query). A 400's errors are shown on the sample they name.
import { h, replaceChildren } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatCount } from './format.js';
import { routeHash } from './router.js';
import { WEIGHTED } from './run-parts.js';
import { contentTypeOf, fieldOf, readDataset, sampleKey } from './dataset-file.js';

const PREVIEW = 5;
const INPUTS = ['question', 'answer', 'contexts', 'ground_truth'];

export class NewRunView {
  #root; #api; #on;
  #file = null; #dataset = null; #readError = null; #catalog = []; #checked = null; #thresholds = {};
  #errors = null; #general = []; #busy = false; #notUtf8 = false;
  #els = {};
  #built = false;

  /** Callbacks: describeError(error), onStarted(run) once the server took the run. */
  constructor(root, { api, ...callbacks }) {
    this.#root = root;
    this.#api = api;
    this.#on = callbacks;
  }

  get root() { return this.#root; }

  show() {
    this.#ensureBuilt();
    this.render();
  }

  hide() {}

  setCatalog(metrics) {
    this.#catalog = metrics;
    if (this.#built) this.#renderMetrics();
  }

  async choose(file) {
    if (!file) return;
    this.#file = file;
    this.#errors = null;
    this.#general = [];
    this.#readError = null;
    // Metrics the reader ticked stay ticked for a corrected file; untouched, they follow its columns.
    try {
      const bytes = await file.arrayBuffer();
      let text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        this.#notUtf8 = false;
      } catch {
        text = new TextDecoder('utf-8').decode(bytes);
        this.#notUtf8 = true;
      }
      this.#dataset = readDataset(text, { name: file.name });
    } catch (error) {
      this.#dataset = null;
      this.#readError = error;
    }
    const name = this.#els.name;
    if (!name.dataset.edited) name.value = file.name.replace(/\.[^.]+$/, '');
    this.render();
  }

  render() {
    if (!this.#built) return;
    this.#renderFile();
    this.#renderColumns();
    this.#renderPreview();
    this.#renderMetrics();
    this.#renderGeneral();
    this.#els.submit.disabled = !this.#file || !this.#dataset || this.#busy;
  }

  async #submit() {
    if (!this.#file || !this.#dataset || this.#busy) return;
    this.#busy = true;
    this.#errors = null;
    this.#general = [];
    this.render();
    this.#els.status.textContent = t('newRun.sending', { n: formatCount(this.#dataset.total) });
    const metrics = this.#selectedMetrics();
    const thresholds = {};
    for (const [metric, value] of Object.entries(this.#thresholds)) {
      if (value !== '' && (metric === WEIGHTED || metrics.includes(metric))) thresholds[metric] = value;
    }
    try {
      const accepted = await this.#api.submitRun(this.#file, contentTypeOf(this.#dataset.format), {
        name: this.#els.name.value.trim(), metrics, thresholds,
      });
      this.#els.status.textContent = '';
      this.#on.onStarted?.(accepted);
    } catch (error) {
      this.#els.status.textContent = '';
      this.#showProblem(error);
    } finally {
      this.#busy = false;
      this.render();
    }
  }

  /** Validation errors go to the sample (and field) they name; the rest are listed above the button. */
  #showProblem(error) {
    const fields = error?.problem?.errors;
    if (error?.status !== 400 || !fields || typeof fields !== 'object') {
      this.#general = [{ key: null, messages: [this.#on.describeError(error)] }];
      return;
    }
    this.#errors = new Map();
    for (const [key, messages] of Object.entries(fields)) {
      const where = sampleKey(key);
      const list = Array.isArray(messages) ? messages : [String(messages)];
      if (where && where.label !== 'index') {
        const id = `${where.label} ${where.n}`;
        if (!this.#errors.has(id)) this.#errors.set(id, []);
        this.#errors.get(id).push({ field: where.field ? (fieldOf(where.field).field ?? where.field) : null, key, messages: list });
      } else {
        this.#general.push({ key, messages: list });
      }
    }
    const first = this.#errors.size ? t('newRun.badSamples', { n: formatCount(this.#errors.size) }) : error.problem.detail ?? error.message;
    this.#general.unshift({ key: null, messages: [first] });
  }

  #selectedMetrics() {
    return this.#catalog.filter((m) => this.#isChecked(m)).map((m) => m.name);
  }

  /** By default what the server would score anyway: every available metric whose inputs the file has. */
  #isChecked(metric) {
    if (this.#checked) return this.#checked.has(metric.name);
    return metric.available !== false && this.#hasInputs(metric);
  }

  #hasInputs(metric) {
    if (!this.#dataset) return true;
    const present = new Set(this.#dataset.columns.map((c) => c.field).filter(Boolean));
    return (metric.needs ?? []).every((need) => present.has(need));
  }

  #renderFile() {
    const e = this.#els;
    if (!this.#file) {
      e.fileInfo.replaceChildren(h('span', { class: 'muted' }, t('newRun.noFile')));
      return;
    }
    const d = this.#dataset;
    replaceChildren(e.fileInfo,
      h('strong', { class: 'file-name' }, this.#file.name),
      ' · ', formatBytes(this.#file.size),
      d ? ` · ${t(d.format === 'csv' ? 'newRun.formatCsv' : 'newRun.formatJsonl')} · ${t('newRun.samples', { n: formatCount(d.total) })}` : '',
      this.#readError ? h('p', { class: 'field-error', role: 'alert' }, t('newRun.unreadable', { message: this.#readError.message })) : null,
      this.#notUtf8 ? h('p', { class: 'field-error', role: 'alert' }, t('newRun.notUtf8')) : null);
  }

  #renderColumns() {
    const d = this.#dataset;
    const e = this.#els;
    e.columnsSection.hidden = !d;
    if (!d) return;
    const present = new Set(d.columns.map((c) => c.field).filter(Boolean));
    e.columns.replaceChildren(...d.columns.map((c) => {
      let meaning;
      let kind;
      if (c.field) { meaning = c.alias ? t('newRun.asAlias', { field: c.field }) : t('newRun.asField', { field: c.field }); kind = 'field'; }
      else if (c.tag) { meaning = c.tag === '*' ? t('newRun.asTags') : t('newRun.asTag', { tag: c.tag }); kind = 'tag'; }
      else { meaning = t('newRun.ignored'); kind = 'ignored'; }
      return h('li', { class: `column column-${kind}`, dataset: { column: c.name, field: c.field ?? '' } },
        h('code', { class: 'column-name' }, c.name || '—'), h('span', { 'aria-hidden': 'true' }, ' → '), h('span', { class: 'column-meaning' }, meaning));
    }));
    const missing = INPUTS.filter((f) => !present.has(f));
    e.missing.hidden = !missing.length;
    e.missing.textContent = present.has('question')
      ? t('newRun.missing', { fields: missing.join(', ') })
      : t('newRun.noQuestion');
    e.missing.classList.toggle('callout-error', !present.has('question'));
  }

  #renderPreview() {
    const d = this.#dataset;
    const e = this.#els;
    e.previewSection.hidden = !d;
    if (!d) return;
    const errors = this.#errors ?? new Map();
    const shown = d.samples.filter((s, i) => i < PREVIEW || errors.has(`${s.label} ${s.n}`));
    // Errors naming a row the file reading did not keep (or could not place) still get a card.
    const placed = new Set(shown.map((s) => `${s.label} ${s.n}`));
    const orphans = [...errors.keys()].filter((k) => !placed.has(k)).map((k) => {
      const [label, n] = k.split(' ');
      return { n: Number(n), label, values: {}, orphan: true };
    });
    const all = [...shown, ...orphans].sort((a, b) => a.n - b.n);
    const items = [];
    let previous = null;
    for (const sample of all) {
      const index = d.samples.indexOf(sample);
      if (previous !== null && index !== previous + 1) items.push(h('li', { class: 'preview-gap', 'aria-hidden': 'true' }, '⋯'));
      items.push(this.#sampleCard(sample, errors.get(`${sample.label} ${sample.n}`) ?? []));
      previous = index < 0 ? previous : index;
    }
    e.preview.replaceChildren(...items);
    e.previewNote.textContent = t('newRun.previewNote', { shown: formatCount(Math.min(PREVIEW, d.samples.length)), total: formatCount(d.total) });
  }

  #sampleCard(sample, errors) {
    const v = sample.values;
    const where = t(sample.label === 'row' ? 'newRun.row' : 'newRun.line', { n: sample.n });
    const errorId = `nr-error-${sample.label}-${sample.n}`;
    const fieldErrors = (field) => errors.filter((x) => x.field === field);
    // Errors on a field the card shows go under that field; the others (and all of a sample not read here) at the top.
    const rowErrors = sample.orphan ? errors : errors.filter((x) => !x.field || !['question', 'answer', 'contexts', 'ground_truth', 'metadata'].includes(x.field));
    const field = (name, value) => {
      const problems = fieldErrors(name);
      return h('div', { class: `sample-field${problems.length ? ' is-invalid' : ''}`, dataset: { field: name } },
        h('dt', {}, t(`newRun.field.${name}`)),
        h('dd', {}, value),
        problems.map((p) => h('p', { class: 'sample-error', role: 'alert' }, h('code', {}, p.key), ' ', p.messages.join(' '))));
    };
    const contexts = Array.isArray(v.contexts) ? v.contexts : v.contexts ? [v.contexts] : [];
    return h('li', { class: `preview-sample${errors.length ? ' has-error' : ''}`, dataset: { sample: String(sample.n), label: sample.label }, 'aria-describedby': errors.length ? errorId : undefined },
      h('div', { class: 'preview-head' },
        h('span', { class: 'preview-where' }, where),
        v.id != null ? h('span', { class: 'chip chip-sample' }, t('row.sample', { id: v.id })) : null),
      errors.length ? h('div', { class: 'sample-errors', id: errorId },
        rowErrors.map((p) => h('p', { class: 'sample-error', role: 'alert' }, h('code', {}, p.key), ' ', p.messages.join(' '))),
        rowErrors.length ? null : h('span', { class: 'visually-hidden' }, errors.map((p) => `${p.key}: ${p.messages.join(' ')}`).join('; '))) : null,
      sample.unreadable !== undefined ? h('pre', { class: 'code' }, sample.unreadable) : null,
      sample.orphan ? null : h('dl', { class: 'sample-fields' },
        field('question', v.question ?? '—'),
        field('answer', v.answer ?? '—'),
        field('contexts', contexts.length ? t('newRun.contextsValue', { n: contexts.length, first: String(contexts[0] ?? '').slice(0, 140) }) : '—'),
        field('ground_truth', v.ground_truth ?? '—'),
        v.metadata || fieldErrors('metadata').length ? field('metadata', Object.entries(v.metadata ?? {}).map(([k, x]) => `${k}:${x}`).join(', ') || '—') : null));
  }

  #renderMetrics() {
    const e = this.#els;
    if (!this.#catalog.length) {
      e.metrics.replaceChildren(h('p', { class: 'muted' }, t('newRun.metricsLoading')));
      return;
    }
    // What can be scored first; what this server cannot score (no judge) last, greyed out.
    const rows = [...this.#catalog].sort((a, b) => (a.available === false) - (b.available === false)).map((m) => {
      const checked = this.#isChecked(m);
      const unavailable = m.available === false;
      const noInputs = !this.#hasInputs(m);
      const note = unavailable ? (m.needs_judge ? t('newRun.needsJudge') : t('newRun.unavailable'))
        : noInputs ? t('newRun.needsInputs', { fields: (m.needs ?? []).join(', ') }) : m.needs_judge ? t('newRun.judge') : t('newRun.offline');
      const id = `nr-metric-${m.name}`;
      return h('li', { class: `metric-choice${unavailable ? ' is-unavailable' : ''}`, dataset: { metric: m.name } },
        h('input', { type: 'checkbox', id, name: 'metric', value: m.name, checked, disabled: unavailable, onchange: () => this.#toggleMetric(m.name) }),
        h('label', { for: id }, h('span', { class: 'metric-choice-name' }, metricLabel(m.name)), metricLabel(m.name) !== m.name ? h('code', { class: 'mono muted' }, ` ${m.name}`) : null,
          h('span', { class: 'metric-choice-note' }, note)),
        this.#thresholdInput(m.name, !checked));
    });
    rows.unshift(h('li', { class: 'metric-choice metric-choice-weighted', dataset: { metric: WEIGHTED } },
      h('span', { class: 'metric-choice-spacer', 'aria-hidden': 'true' }),
      h('span', { class: 'metric-choice-label' }, h('span', { class: 'metric-choice-name' }, t('run.weighted')), h('span', { class: 'metric-choice-note' }, t('newRun.weightedNote'))),
      this.#thresholdInput(WEIGHTED, false)));
    const focused = document.activeElement?.id;
    e.metrics.replaceChildren(h('ul', { class: 'metric-choices' }, rows));
    for (const [key, messages] of this.#general.filter((g) => g.key && /^(metrics|threshold|thresholds)/.test(g.key)).map((g) => [g.key, g.messages])) {
      e.metrics.append(h('p', { class: 'field-error', role: 'alert' }, h('code', {}, key), ' ', messages.join(' ')));
    }
    if (focused) document.getElementById(focused)?.focus();
  }

  #thresholdInput(metric, disabled) {
    const id = `nr-threshold-${metric}`;
    return h('span', { class: 'threshold' },
      h('label', { for: id, class: 'threshold-label' }, t('newRun.threshold')),
      h('input', {
        id, type: 'number', min: '0', max: '1', step: '0.05', inputmode: 'decimal', placeholder: t('newRun.thresholdNone'), disabled,
        value: this.#thresholds[metric] ?? '', 'aria-label': t('newRun.thresholdFor', { metric: metric === WEIGHTED ? t('run.weighted') : metricLabel(metric) }),
        oninput: (ev) => { this.#thresholds[metric] = thresholdValue(ev.target.value); },
      }));
  }

  #toggleMetric(name) {
    this.#checked ??= new Set(this.#catalog.filter((m) => this.#isChecked(m)).map((m) => m.name));
    if (this.#checked.has(name)) this.#checked.delete(name);
    else this.#checked.add(name);
    this.#renderMetrics();
  }

  #renderGeneral() {
    const list = this.#general.filter((g) => !g.key || !/^(metrics|threshold|thresholds)/.test(g.key));
    const bad = [...(this.#errors ?? new Map()).entries()];
    this.#els.general.hidden = !list.length;
    this.#els.general.replaceChildren(
      ...list.map((g) => h('p', {}, g.key ? h('code', {}, g.key) : null, g.key ? ' ' : null, g.messages.join(' '))),
      ...(bad.length ? [h('ul', { class: 'error-links' }, bad.slice(0, 20).map(([where, problems]) => h('li', {},
        h('a', {
          href: `#new-run`, onclick: (ev) => { ev.preventDefault(); this.#goToSample(where); },
        }, `${where}${problems.some((p) => p.field) ? ` · ${problems.map((p) => p.field).filter(Boolean).join(', ')}` : ''}`))))] : []));
  }

  #goToSample(where) {
    const [label, n] = where.split(' ');
    const card = this.#els.preview.querySelector(`.preview-sample[data-label="${label}"][data-sample="${n}"]`);
    if (!card) return;
    card.setAttribute('tabindex', '-1');
    card.scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
  }

  // Built when first shown, so the records view starts with nothing of the others in the page.
  #ensureBuilt() {
    if (this.#built) return;
    this.#built = true;
    this.#build();
  }

  #build() {
    const e = this.#els;
    e.input = h('input', { type: 'file', id: 'nr-file', class: 'visually-hidden', accept: '.csv,.tsv,.jsonl,.ndjson,text/csv,application/x-ndjson', onchange: (ev) => this.choose(ev.target.files?.[0]) });
    e.fileInfo = h('div', { class: 'file-info', id: 'nr-file-info', role: 'status' });
    e.drop = h('div', { class: 'dropzone', id: 'nr-drop' },
      h('svg', {}),
      h('p', { class: 'dropzone-text' }, h('span', { 'data-i18n': 'newRun.drop' }, t('newRun.drop'))),
      e.input,
      h('label', { for: 'nr-file', class: 'btn btn-primary', id: 'nr-pick' }, h('span', { 'data-i18n': 'newRun.pick' }, t('newRun.pick'))),
      h('p', { class: 'hint', 'data-i18n': 'newRun.formats' }, t('newRun.formats')),
      e.fileInfo);
    e.drop.querySelector('svg').replaceWith(uploadIcon());
    for (const type of ['dragenter', 'dragover']) e.drop.addEventListener(type, (ev) => { ev.preventDefault(); e.drop.classList.add('is-over'); });
    for (const type of ['dragleave', 'drop']) e.drop.addEventListener(type, () => e.drop.classList.remove('is-over'));
    e.drop.addEventListener('drop', (ev) => {
      ev.preventDefault();
      this.choose(ev.dataTransfer?.files?.[0]);
    });
    e.columns = h('ul', { class: 'columns', id: 'nr-columns' });
    e.missing = h('p', { class: 'callout callout-info', hidden: true });
    e.columnsSection = h('section', { class: 'card run-section', 'aria-labelledby': 'nr-columns-title', hidden: true },
      h('h2', { id: 'nr-columns-title', 'data-i18n': 'newRun.columns' }, t('newRun.columns')),
      h('p', { class: 'section-note', 'data-i18n': 'newRun.columnsNote' }, t('newRun.columnsNote')),
      e.columns, e.missing);
    e.preview = h('ol', { class: 'preview', id: 'nr-preview' });
    e.previewNote = h('p', { class: 'section-note' });
    e.previewSection = h('section', { class: 'card run-section', 'aria-labelledby': 'nr-preview-title', hidden: true },
      h('h2', { id: 'nr-preview-title', 'data-i18n': 'newRun.preview' }, t('newRun.preview')), e.previewNote, e.preview);
    e.name = h('input', { type: 'text', id: 'nr-name', maxlength: '200', autocomplete: 'off', oninput: () => { e.name.dataset.edited = '1'; } });
    e.metrics = h('div', { class: 'metric-picker', id: 'nr-metrics' });
    e.general = h('div', { class: 'callout callout-error', id: 'nr-errors', role: 'alert', hidden: true });
    e.status = h('p', { class: 'hint', id: 'nr-status', role: 'status' });
    e.submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'nr-submit', disabled: true }, h('span', { 'data-i18n': 'newRun.submit' }, t('newRun.submit')));
    const form = h('form', { class: 'card run-section new-run-form', id: 'nr-form', novalidate: true, 'aria-labelledby': 'nr-settings-title' },
      h('h2', { id: 'nr-settings-title', 'data-i18n': 'newRun.settings' }, t('newRun.settings')),
      h('div', { class: 'field' }, h('label', { for: 'nr-name', 'data-i18n': 'newRun.name' }, t('newRun.name')), e.name),
      h('fieldset', { class: 'field' },
        h('legend', { 'data-i18n': 'newRun.metrics' }, t('newRun.metrics')),
        h('p', { class: 'hint', 'data-i18n': 'newRun.metricsHint' }, t('newRun.metricsHint')),
        e.metrics),
      e.general,
      h('div', { class: 'modal-actions' }, e.submit, e.status));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.#submit(); });
    this.#root.replaceChildren(
      h('p', { class: 'back-link' }, h('a', { href: routeHash({ view: 'runs' }) }, h('span', { 'aria-hidden': 'true' }, '← '), h('span', { 'data-i18n': 'run.back' }, t('run.back')))),
      h('div', { class: 'section-head' }, h('h2', { id: 'new-run-title', 'data-i18n': 'newRun.title', tabindex: '-1' }, t('newRun.title'))),
      h('p', { class: 'section-note new-run-intro', 'data-i18n': 'newRun.intro' }, t('newRun.intro')),
      h('section', { class: 'card run-section', 'data-i18n-attr': 'aria-label:newRun.file', 'aria-label': t('newRun.file') }, e.drop),
      e.columnsSection, e.previewSection, form);
  }
}

function thresholdValue(text) {
  if (String(text).trim() === '') return '';
  const n = Number(text);
  return Number.isFinite(n) ? String(Math.min(1, Math.max(0, n))) : '';
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function uploadIcon() {
  const el = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  el.setAttribute('viewBox', '0 0 64 64');
  el.setAttribute('class', 'state-art');
  el.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', 'M32 42V16m0 0-10 10m10-10 10 10M16 40v8h32v-8');
  el.append(p);
  return el;
}
