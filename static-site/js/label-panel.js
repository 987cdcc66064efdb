// People's labels of one record, in the drawer: the labels it has, and a form to give one's own (good/bad, a
// human score per metric the record has, a note) under the rater name kept in the settings, or remove it.
// The server is the judge of what is valid: what is typed goes as it is, and its 400 is shown by the field it names.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatDateTime, formatScore } from './format.js';
import { recordMetrics } from './table.js';
import { RATER_PATTERN } from './settings.js';

export class LabelPanel {
  #root; #api; #rater; #onRater; #onChanged; #describeError; #jobId = null; #form = null; #list; #status;

  /**
   * rater() is the saved rater name ('' when none); onRater(name) keeps one typed here; onChanged(record) gets
   * the record with its new labels; describeError(error) words a failure.
   */
  constructor({ api, rater, onRater, onChanged, describeError }) {
    this.#api = api;
    this.#rater = rater;
    this.#onRater = onRater;
    this.#onChanged = onChanged;
    this.#describeError = describeError;
    this.#list = h('ul', { class: 'labels', id: 'd-labels-list' });
    this.#status = h('div', { class: 'label-status', role: 'status' });
    this.#root = h('section', { class: 'detail-section label-panel', 'aria-labelledby': 'd-labels' });
  }

  /** The section for this record; the form keeps what is being typed while the same record is refreshed. */
  render(record) {
    if (record.job_id !== this.#jobId) this.#status.replaceChildren();
    if (record.job_id !== this.#jobId || !this.#form) {
      this.#jobId = record.job_id;
      this.#form = this.#buildForm(record);
    }
    this.#renderList(record);
    this.#root.replaceChildren(
      h('h3', { id: 'd-labels' }, t('labels.title', { n: (record.labels ?? []).length })),
      this.#list, this.#form, this.#status);
    return this.#root;
  }

  /** Forgets what was typed and said: the form is built again (in the current language) when a record is next shown. */
  reset() {
    this.#form = null;
    this.#status.replaceChildren();
  }

  #renderList(record) {
    const labels = record.labels ?? [];
    const own = this.#rater();
    this.#list.replaceChildren(...(labels.length ? labels.map((label) => h('li', { class: 'label-item', dataset: { rater: label.rater } },
      h('div', { class: 'label-head' },
        h('strong', { class: 'label-rater' }, label.rater),
        label.rating ? h('span', { class: `badge badge-rating-${label.rating}`, dataset: { rating: label.rating } }, t(`labels.rating.${label.rating}`)) : null,
        h('time', { class: 'muted label-time', datetime: label.updated_at, title: label.updated_at }, formatDateTime(label.updated_at)),
        label.rater === own ? h('button', { type: 'button', class: 'btn btn-small btn-link label-remove', onclick: () => this.#remove(label.rater) }, t('labels.remove')) : null),
      Object.keys(label.scores ?? {}).length
        ? h('ul', { class: 'row-tags label-scores' }, Object.entries(label.scores).map(([metric, score]) =>
          h('li', { class: 'chip', dataset: { metric } }, `${metricLabel(metric)} ${formatScore(score)}`)))
        : null,
      label.note ? h('p', { class: 'prose label-note' }, label.note) : null))
      : [h('li', { class: 'muted' }, t('labels.none'))]));
  }

  #buildForm(record) {
    const mine = (record.labels ?? []).find((l) => l.rater === this.#rater());
    const id = (name) => `lbl-${name}`;
    const rating = (value) => h('label', {}, h('input', { type: 'radio', name: 'rating', value, checked: (mine?.rating ?? '') === value }), ' ', h('span', {}, t(value ? `labels.rating.${value}` : 'labels.rating.none')));
    const metrics = recordMetrics(record);
    const form = h('form', { class: 'label-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.#save(); } },
      h('div', { class: 'field' },
        h('label', { for: id('rater') }, t('labels.rater')),
        h('input', { id: id('rater'), name: 'rater', type: 'text', autocomplete: 'username', spellcheck: false, maxlength: 64, value: this.#rater(), 'aria-describedby': `${id('rater')}-hint ${id('rater')}-error` }),
        h('p', { class: 'hint', id: `${id('rater')}-hint` }, t('labels.raterHint')),
        fieldError(id('rater'))),
      h('fieldset', { class: 'field' },
        h('legend', {}, t('labels.rating')),
        h('div', { class: 'segmented label-rating' }, rating('good'), rating('bad'), rating('')),
        fieldError(id('rating'))),
      metrics.length ? h('fieldset', { class: 'field' },
        h('legend', {}, t('labels.scores')),
        h('p', { class: 'hint' }, t('labels.scoresHint')),
        h('div', { class: 'label-score-grid' }, metrics.map((metric) => h('div', { class: 'field label-score', dataset: { metric } },
          h('label', { for: id(`score-${metric}`) }, metricLabel(metric)),
          h('input', { id: id(`score-${metric}`), name: `score:${metric}`, type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '0–1',
            value: mine?.scores?.[metric] ?? '', 'aria-describedby': `${id(`score-${metric}`)}-error` }),
          fieldError(id(`score-${metric}`))))),
        fieldError(id('scores'))) : null,
      h('div', { class: 'field' },
        h('label', { for: id('note') }, t('labels.note')),
        h('textarea', { id: id('note'), name: 'note', rows: 2, value: mine?.note ?? '', 'aria-describedby': `${id('note')}-error` }),
        fieldError(id('note'))),
      fieldError(id('body')),
      h('div', { class: 'modal-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'label-save' }, t(mine ? 'labels.update' : 'labels.save'))));
    return form;
  }

  #label() {
    const els = this.#form.elements;
    const label = {};
    const scores = {};
    for (const input of this.#form.querySelectorAll('input[name^="score:"]')) {
      const text = input.value.trim();
      if (!text) continue;
      const number = Number(text.replace(',', '.'));
      scores[input.name.slice('score:'.length)] = Number.isFinite(number) ? number : text;
    }
    if (Object.keys(scores).length) label.scores = scores;
    const rating = this.#form.querySelector('input[name="rating"]:checked')?.value;
    if (rating) label.rating = rating;
    if (els.note.value.trim()) label.note = els.note.value;
    return label;
  }

  async #save() {
    this.#clearErrors();
    const rater = this.#form.elements.rater.value.trim();
    // The name is the one thing checked here: it is where the label is saved, so without it there is no request.
    if (!RATER_PATTERN.test(rater)) {
      this.#showErrors({ rater: [t(rater ? 'labels.raterInvalid' : 'labels.raterMissing')] });
      this.#form.elements.rater.focus();
      return;
    }
    if (rater !== this.#rater()) this.#onRater(rater);
    const jobId = this.#jobId;
    const button = this.#form.querySelector('#label-save');
    button.disabled = true;
    try {
      await this.#api.putLabel(jobId, rater, this.#label());
      this.#status.replaceChildren(h('p', { class: 'callout callout-info label-saved' }, t('labels.saved', { rater })));
      this.#form = null;
      await this.#refresh(jobId);
    } catch (error) {
      this.#failed(error);
    } finally {
      button.disabled = false;
    }
  }

  async #remove(rater) {
    const jobId = this.#jobId;
    this.#clearErrors();
    try {
      await this.#api.deleteLabel(jobId, rater);
      this.#status.replaceChildren(h('p', { class: 'callout callout-info label-saved' }, t('labels.removed', { rater })));
      this.#form = null;
      await this.#refresh(jobId);
    } catch (error) {
      this.#failed(error);
    }
  }

  // The record is read again, so the drawer shows what the server keeps (its labels as they are stored).
  async #refresh(jobId) {
    const record = await this.#api.getJob(jobId);
    if (record?.job_id === this.#jobId) this.#onChanged(record);
  }

  #failed(error) {
    const errors = error?.status === 400 ? error.problem?.errors : null;
    if (errors && Object.keys(errors).length) this.#showErrors(errors);
    else this.#status.replaceChildren(h('p', { class: 'callout callout-error', role: 'alert' }, this.#describeError(error)));
  }

  // "scores.token_f1" goes under that metric's input, "rater", "rating", "note" under theirs; anything else above the button.
  #showErrors(errors) {
    const lines = [];
    for (const [field, messages] of Object.entries(errors)) {
      const text = `${field}: ${[].concat(messages).join(' ')}`;
      lines.push(h('li', { dataset: { field } }, text));
      const key = field.startsWith('scores.') ? `score-${field.slice('scores.'.length)}` : field;
      const slot = this.#form.querySelector(`#lbl-${CSS.escape(key)}-error`) ?? this.#form.querySelector('#lbl-body-error');
      slot.textContent = [slot.textContent, text].filter(Boolean).join(' ');
      slot.hidden = false;
      this.#form.querySelector(`#lbl-${CSS.escape(key)}`)?.setAttribute('aria-invalid', 'true');
    }
    this.#status.replaceChildren(h('div', { class: 'callout callout-error label-errors', role: 'alert' },
      h('strong', {}, t('labels.rejected')), h('ul', {}, lines)));
  }

  #clearErrors() {
    this.#status.replaceChildren();
    for (const slot of this.#form.querySelectorAll('.field-error')) { slot.textContent = ''; slot.hidden = true; }
    for (const input of this.#form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  }
}

function fieldError(id) {
  return h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
}
