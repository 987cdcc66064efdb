// The filter form: reads and writes the filter object, and mirrors it in the page address
// so a filtered view can be bookmarked or shared.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';

export const STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'];
/** live: jobs submitted one by one (the default); run: jobs of dataset runs; all: both. */
export const SOURCES = ['live', 'run', 'all'];
const TAG_PATTERN = /^[^:\s][^:]*:.+$/;

export const emptyFilters = () => ({ q: '', status: '', source: 'live', metric: '', minScore: '', maxScore: '', since: '', until: '', tags: [] });

export function filtersFromUrl(location = window.location) {
  const p = new URLSearchParams(location.search);
  const f = emptyFilters();
  f.q = p.get('q') ?? '';
  f.status = STATUSES.includes(p.get('status')) ? p.get('status') : '';
  f.source = SOURCES.includes(p.get('source')) ? p.get('source') : 'live';
  f.metric = p.get('metric') ?? '';
  f.minScore = scoreParam(p.get('min_score'));
  f.maxScore = scoreParam(p.get('max_score'));
  f.since = dayParam(p.get('since'));
  f.until = dayParam(p.get('until'));
  f.tags = [...new Set(p.getAll('tag').filter((tag) => TAG_PATTERN.test(tag)))];
  return f;
}

export function writeFiltersToUrl(filters) {
  const url = new URL(window.location.href);
  for (const key of ['q', 'status', 'source', 'metric', 'min_score', 'max_score', 'since', 'until', 'tag']) url.searchParams.delete(key);
  const p = url.searchParams;
  if (filters.q) p.set('q', filters.q);
  if (filters.status) p.set('status', filters.status);
  if (filters.source && filters.source !== 'live') p.set('source', filters.source);
  if (filters.metric) p.set('metric', filters.metric);
  if (filters.minScore !== '') p.set('min_score', filters.minScore);
  if (filters.maxScore !== '') p.set('max_score', filters.maxScore);
  if (filters.since) p.set('since', filters.since);
  if (filters.until) p.set('until', filters.until);
  for (const tag of filters.tags) p.append('tag', tag);
  history.replaceState(history.state, '', url);
}

export const isFiltered = (f) => Boolean(f.q || f.status || (f.source && f.source !== 'live') || f.metric || f.minScore !== '' || f.maxScore !== '' || f.since || f.until || f.tags.length);

/** Wires the form; calls onChange(filters) after the reader pauses typing or picks a value. */
export class FilterBar {
  #form; #onChange; #filters; #timer = 0; #metrics = [];

  constructor(form, initial, onChange) {
    this.#form = form;
    this.#onChange = onChange;
    this.#filters = { ...initial, tags: [...initial.tags] };
    this.#bind();
    this.render();
  }

  get value() {
    return { ...this.#filters, tags: [...this.#filters.tags] };
  }

  set(filters) {
    this.#filters = { ...filters, tags: [...filters.tags] };
    this.render();
    this.#emit();
  }

  /** As the "Clear filters" button: every filter emptied, the tag error hidden. */
  clear() {
    this.#form.reset();
  }

  addTag(tag) {
    if (!TAG_PATTERN.test(tag) || this.#filters.tags.includes(tag)) return false;
    this.#filters.tags.push(tag);
    this.renderTags();
    this.#emit();
    return true;
  }

  removeTag(tag) {
    this.#filters.tags = this.#filters.tags.filter((x) => x !== tag);
    this.renderTags();
    this.#emit();
  }

  setMetrics(names) {
    this.#metrics = [...new Set(names)];
    this.renderMetrics();
  }

  setTagSuggestions(tags) {
    const list = this.#form.ownerDocument.getElementById('tag-suggestions');
    list.replaceChildren(...[...tags].sort().slice(0, 200).map((tag) => h('option', { value: tag })));
  }

  render() {
    const f = this.#filters;
    const form = this.#form;
    form.elements.q.value = f.q;
    for (const radio of form.querySelectorAll('input[name="status"]')) radio.checked = radio.value === f.status;
    for (const radio of form.querySelectorAll('input[name="source"]')) radio.checked = radio.value === f.source;
    this.renderMetrics();
    form.elements.min_score.value = f.minScore;
    form.elements.max_score.value = f.maxScore;
    form.elements.since.value = f.since;
    form.elements.until.value = f.until;
    this.renderTags();
  }

  renderMetrics() {
    const select = this.#form.elements.metric;
    const names = [...this.#metrics];
    if (this.#filters.metric && !names.includes(this.#filters.metric)) names.push(this.#filters.metric);
    select.replaceChildren(
      h('option', { value: '' }, t('filters.metricAll')),
      ...names.map((name) => h('option', { value: name }, metricLabel(name) === name ? name : `${metricLabel(name)} (${name})`)),
    );
    select.value = this.#filters.metric;
  }

  renderTags() {
    const list = this.#form.querySelector('#f-tags');
    list.replaceChildren(...this.#filters.tags.map((tag) => h('li', { class: 'chip chip-tag' },
      h('span', {}, tag),
      h('button', {
        type: 'button', class: 'chip-remove', 'aria-label': t('filters.tagRemove', { tag }), title: t('filters.tagRemove', { tag }),
        onclick: () => { this.removeTag(tag); this.#form.querySelector('#f-tag').focus(); },
      }, '×'))));
    list.hidden = this.#filters.tags.length === 0;
    this.#updateActiveCount();
  }

  #updateActiveCount() {
    const f = this.#filters;
    const extra = [f.metric, f.minScore !== '', f.maxScore !== '', f.since, f.until].filter(Boolean).length + f.tags.length;
    const badge = this.#form.querySelector('#filters-active');
    badge.textContent = String(extra);
    badge.hidden = extra === 0;
  }

  #bind() {
    const form = this.#form;
    form.addEventListener('submit', (e) => e.preventDefault());
    form.elements.q.addEventListener('input', () => {
      this.#filters.q = form.elements.q.value.trim();
      this.#emit(300);
    });
    for (const radio of form.querySelectorAll('input[name="status"]')) {
      radio.addEventListener('change', () => { if (radio.checked) { this.#filters.status = radio.value; this.#emit(); } });
    }
    for (const radio of form.querySelectorAll('input[name="source"]')) {
      radio.addEventListener('change', () => { if (radio.checked) { this.#filters.source = radio.value; this.#emit(); } });
    }
    form.elements.metric.addEventListener('change', () => { this.#filters.metric = form.elements.metric.value; this.#emit(); });
    for (const [name, key] of [['min_score', 'minScore'], ['max_score', 'maxScore']]) {
      form.elements[name].addEventListener('input', () => {
        this.#filters[key] = scoreParam(form.elements[name].value);
        this.#emit(400);
      });
    }
    for (const name of ['since', 'until']) {
      form.elements[name].addEventListener('change', () => { this.#filters[name] = dayParam(form.elements[name].value); this.#emit(); });
    }
    const tagInput = form.querySelector('#f-tag');
    const tagError = form.querySelector('#f-tag-error');
    const addFromInput = () => {
      const tag = tagInput.value.trim();
      if (!tag) return;
      if (!TAG_PATTERN.test(tag)) {
        tagError.textContent = t('filters.tagInvalid');
        tagError.hidden = false;
        tagInput.setAttribute('aria-invalid', 'true');
        return;
      }
      tagError.hidden = true;
      tagInput.removeAttribute('aria-invalid');
      this.addTag(tag);
      tagInput.value = '';
    };
    tagInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addFromInput(); } });
    form.querySelector('#f-tag-add').addEventListener('click', addFromInput);
    form.addEventListener('reset', (e) => {
      e.preventDefault();
      tagError.hidden = true;
      this.set(emptyFilters());
    });
    const more = form.querySelector('#filters-more');
    more.addEventListener('click', () => {
      const open = more.getAttribute('aria-expanded') !== 'true';
      more.setAttribute('aria-expanded', String(open));
      form.classList.toggle('filters-open', open);
    });
  }

  #emit(delay = 0) {
    this.#updateActiveCount();
    clearTimeout(this.#timer);
    const fire = () => this.#onChange(this.value);
    if (delay) this.#timer = setTimeout(fire, delay);
    else fire();
  }
}

function scoreParam(value) {
  if (value === null || value === undefined || String(value).trim() === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return '';
  return String(Math.min(1, Math.max(0, n)));
}

function dayParam(value) {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
}
