// One record in a side drawer (a modal <dialog>): the full texts, each metric with its reason, the run's facts.
import { h } from './dom.js';
import { metricLabel, t } from './i18n.js';
import { formatCount, formatDateTime, formatLatency, formatScore, scoreBand } from './format.js';
import { isPending, recordMetrics, scoreMeter, statusBadge, waitingBadge } from './table.js';
import { contextDocuments } from './documents.js';
import { metricReason } from './reasons.js';

export class DetailDrawer {
  #dialog; #body; #sub; #notice; #record = null; #jobId = null; #onClose; #load; #describeError; #onPending; #labels; #remove;

  /**
   * load(jobId) fetches a record; onPending(record) when the one opened is still queued or running; labels is the
   * LabelPanel shown under the metrics; remove(record) asks and deletes, answering true when it is gone, or throws.
   */
  constructor(dialog, { load, describeError, onClose, onPending, labels, remove }) {
    this.#dialog = dialog;
    this.#labels = labels;
    this.#remove = remove;
    this.#notice = h('div', { class: 'detail-notice' });
    this.#body = dialog.querySelector('#detail-body');
    this.#sub = dialog.querySelector('#detail-sub');
    this.#onClose = onClose;
    this.#load = load;
    this.#describeError = describeError;
    this.#onPending = onPending;
    dialog.querySelector('#detail-close').addEventListener('click', () => this.close());
    dialog.addEventListener('close', () => { this.#jobId = null; this.#record = null; this.#labels?.reset(); this.#onClose?.(); });
    dialog.addEventListener('click', (e) => { if (e.target === dialog) this.close(); });
  }

  get jobId() { return this.#jobId; }
  get record() { return this.#record; }
  get isOpen() { return this.#dialog.open; }
  /** The open record's id while it is still queued or running, else null. */
  get pendingId() { return this.isOpen && isPending(this.#record) ? this.#jobId : null; }

  async open(jobId) {
    this.showLoading(jobId);
    try {
      const record = await this.#load(jobId);
      if (this.#jobId !== jobId) return;
      this.show(record);
      if (isPending(record)) this.#onPending?.(record);
    } catch (error) {
      if (this.#jobId !== jobId) return;
      this.showError(jobId, error.kind === 'not_found' ? t('detail.notFound') : this.#describeError(error));
    }
  }

  /** A fresher copy of the open record, from a live update. */
  refresh(record) {
    if (this.isOpen && this.#jobId === record.job_id) this.show(record);
  }

  showLoading(jobId) {
    this.#jobId = jobId;
    this.#record = null;
    this.#sub.replaceChildren(h('code', { class: 'mono' }, jobId));
    this.#body.replaceChildren(h('div', { class: 'state state-inline', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('detail.loading')));
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  showError(jobId, message) {
    this.#jobId = jobId;
    this.#body.replaceChildren(h('div', { class: 'callout callout-error', role: 'alert' }, message));
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  close() {
    if (this.#dialog.open) this.#dialog.close();
  }

  show(record) {
    const same = this.#record?.job_id === record.job_id;
    const scrollTop = same ? this.#body.scrollTop : 0;
    if (!same) this.#notice.replaceChildren();
    this.#jobId = record.job_id;
    this.#record = record;
    // replaceChildren writes a null as the text "null": what is absent is left out.
    this.#sub.replaceChildren(...[
      statusBadge(record.status), waitingBadge(record),
      h('code', { class: 'mono', title: record.job_id }, record.job_id),
      h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => copy(record.job_id, e.currentTarget) }, t('detail.copyId')),
      this.#remove ? h('button', { type: 'button', class: 'btn btn-small btn-danger-quiet', id: 'detail-delete', onclick: () => this.#delete(record) }, t('delete.job')) : null,
    ].filter(Boolean));
    this.#body.replaceChildren(this.#notice, ...this.#sections(record).filter(Boolean));
    this.#body.scrollTop = scrollTop;
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  /** Re-renders in the current language: the label form is built again. */
  rerender() {
    this.#labels?.reset();
    if (this.isOpen && this.#record) this.show(this.#record);
  }

  // A job of a run cannot go alone (409 job-of-run): the drawer says so and leads to the run, where it can.
  async #delete(record) {
    this.#notice.replaceChildren();
    try {
      if (await this.#remove(record)) this.close();
    } catch (error) {
      const ofRun = error?.status === 409 && String(error.problem?.type ?? '').endsWith(':job-of-run');
      const runId = record.run_id;
      this.#notice.replaceChildren(h('div', { class: 'callout callout-error', role: 'alert', id: 'detail-delete-error' },
        h('p', {}, ofRun ? t('delete.jobOfRun') : this.#describeError(error)),
        ofRun && error.problem?.detail ? h('p', { class: 'muted' }, error.problem.detail) : null,
        ofRun && runId ? h('a', { class: 'btn btn-small', id: 'detail-open-run', href: `#run=${encodeURIComponent(runId)}` }, t('delete.openRun')) : null));
      this.#body.scrollTop = 0;
    }
  }

  #sections(r) {
    const req = r.request ?? {};
    const summary = r.request_summary ?? {};
    const usage = r.usage;
    const facts = [
      [t('detail.created'), formatDateTime(r.created_at), r.created_at],
      [t('detail.started'), formatDateTime(r.started_at), r.started_at],
      [t('detail.finished'), formatDateTime(r.finished_at), r.finished_at],
      [t('detail.latency'), formatLatency(r.latency_ms)],
      [t('detail.attempts'), formatCount(r.attempts ?? 0)],
      [t('detail.judgeModel'), req.judge_model ?? summary.judge_model ?? modelsFromDetails(r).judge ?? '—'],
      [t('detail.embeddingModel'), req.embedding_model ?? summary.embedding_model ?? modelsFromDetails(r).embedding ?? '—'],
      [t('detail.tokens'), usage?.total_tokens || usage?.judge_calls ? t('detail.tokensValue', {
        total: formatCount(usage.total_tokens ?? 0), prompt: formatCount(usage.prompt_tokens ?? 0),
        completion: formatCount(usage.completion_tokens ?? 0), calls: formatCount(usage.judge_calls ?? 0),
      }) : '—'],
    ];
    if (usage?.cache_hits) facts.push([t('detail.cacheHits'), formatCount(usage.cache_hits)]);
    if (typeof usage?.cost === 'number') facts.push([t('detail.cost'), formatCost(usage.cost, usage.currency)]);
    // The server joins the versions of every judge prompt with commas; each is a unit, never broken mid-word.
    if (r.prompt_version) {
      facts.push([t('detail.promptVersion'), h('ul', { class: 'prompt-versions' },
        String(r.prompt_version).split(',').filter(Boolean).map((v) => h('li', {}, h('code', { class: 'mono' }, breakAfterSlashes(v))))), null, 'fact-wide']);
    }

    const documents = contextDocuments(req);
    const metadata = Object.entries(req.metadata ?? summary.metadata ?? {});
    const weights = r.weights ?? req.weights ?? {};

    return [
      h('section', { class: 'detail-hero' },
        h('div', { class: 'hero-score' },
          h('span', { class: 'hero-label' }, t('detail.weighted')),
          scoreMeter(r.weighted_score, { large: true })),
        h('dl', { class: 'facts' }, facts.map(([k, v, iso, wide]) => h('div', { class: wide ? `fact ${wide}` : 'fact' }, h('dt', {}, k), h('dd', {}, iso ? h('time', { datetime: iso, title: iso }, v) : v))))),
      r.error ? h('section', { class: 'callout callout-error', role: 'alert' }, h('strong', {}, t('detail.error')), h('p', {}, r.error)) : null,
      isPending(r) ? h('p', { class: 'callout callout-info', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('detail.pendingMetrics')) : null,
      h('section', { class: 'detail-section', 'aria-labelledby': 'd-metrics' },
        h('h3', { id: 'd-metrics' }, t('detail.metrics')),
        h('ul', { class: 'metric-cards' }, recordMetrics(r).map((name) => metricCard(name, r, weights[name])))),
      this.#labels && !isPending(r) ? this.#labels.render(r) : null,
      textSection('d-question', t('detail.question'), req.question ?? summary.question),
      textSection('d-answer', t('detail.answer'), req.answer ?? summary.answer),
      h('section', { class: 'detail-section', 'aria-labelledby': 'd-contexts' },
        h('h3', { id: 'd-contexts' }, t('detail.contexts', { n: documents.length })),
        documents.length
          ? h('ol', { class: 'contexts' }, documents.map((doc, i) => contextItem(doc, i)))
          : h('p', { class: 'muted' }, t('detail.none'))),
      textSection('d-truth', t('detail.groundTruth'), req.ground_truth),
      h('section', { class: 'detail-section', 'aria-labelledby': 'd-meta' },
        h('h3', { id: 'd-meta' }, t('detail.metadata')),
        metadata.length
          ? h('ul', { class: 'row-tags' }, metadata.map(([k, v]) => h('li', { class: 'chip chip-tag' }, `${k}:${v}`)))
          : h('p', { class: 'muted' }, t('detail.none'))),
      h('details', { class: 'detail-section raw-json' },
        h('summary', {}, t('detail.raw')),
        h('pre', { class: 'code' }, JSON.stringify(r, null, 2))),
    ];
  }
}

function metricCard(name, r, weight) {
  const d = r.details?.[name] ?? {};
  const score = d.score ?? r.scores?.[name] ?? null;
  const status = d.status ?? (r.skipped_metrics?.includes(name) ? 'skipped' : (typeof score === 'number' ? 'ok' : null));
  const band = scoreBand(score);
  const facts = [];
  if (weight !== undefined) facts.push(t('detail.weight', { w: formatScore(weight, 2) }));
  if (d.latency_ms) facts.push(formatLatency(d.latency_ms));
  if (d.model) facts.push(`${t('detail.model')}: ${d.model}`);
  if (d.usage?.total_tokens) facts.push(t('detail.metricTokens', { n: formatCount(d.usage.total_tokens) }));
  if (d.usage?.cache_hits) facts.push(t('detail.metricCacheHits', { n: formatCount(d.usage.cache_hits) }));
  if (typeof d.usage?.cost === 'number') facts.push(formatCost(d.usage.cost, d.usage.currency));
  if (d.fallback) facts.push(t('detail.metricFallback', { n: formatCount(d.fallback.items?.length ?? 0) }));
  if (d.prompt_version) facts.push(d.prompt_version);
  return h('li', { class: `metric-card metric-${band}`, dataset: { metric: name } },
    h('div', { class: 'metric-head' },
      h('div', { class: 'metric-name' }, h('strong', {}, metricLabel(name)), metricLabel(name) !== name ? h('code', { class: 'mono muted' }, name) : null),
      status ? h('span', { class: `badge badge-metric-${status}` }, t(`metricStatus.${status}`)) : null,
      scoreMeter(score)),
    h('p', { class: 'metric-reason' }, metricReason(d) || h('span', { class: 'muted' }, isPending(r) ? '…' : t('detail.noReason'))),
    d.error || d.error_kind && status === 'failed'
      ? h('p', { class: 'metric-error' }, h('strong', {}, d.error_kind ? t(`errorKind.${d.error_kind}`) : t('detail.metricError')), d.error ? ` — ${d.error}` : '')
      : null,
    facts.length ? h('p', { class: 'metric-facts' }, facts.join(' · ')) : null,
    repeatsLine(d),
    claimsList(d),
    d.raw_reply ? h('details', { class: 'raw-reply' }, h('summary', {}, t('detail.rawReply')), h('pre', { class: 'code' }, d.raw_reply)) : null);
}

// A metric asked several times: each repetition's score, their spread, and whether they fell on both sides of the threshold.
function repeatsLine(d) {
  if (!Array.isArray(d.repeats) || d.repeats.length < 2) return null;
  const parts = [t('detail.repeats', { n: formatCount(d.repeats.length), scores: d.repeats.map((v) => formatScore(v)).join(' / ') })];
  if (typeof d.stdev === 'number') parts.push(t('detail.repeatsStdev', { sd: formatScore(d.stdev, 3) }));
  if (d.repeats_failed) parts.push(t('detail.repeatsFailed', { n: formatCount(d.repeats_failed) }));
  return h('p', { class: `metric-repeats${d.flaky ? ' metric-flaky' : ''}`, dataset: { repeats: d.repeats.length, flaky: d.flaky ? 'true' : 'false' } },
    parts.join(' · '), d.flaky ? h('span', { class: 'badge badge-flaky', title: t('detail.flakyHint') }, t('detail.flaky')) : null);
}

// A claim-based metric's evidence: each claim, whether it holds, and the contexts (1-based, as in the contexts list
// below) that support or contradict it.
function claimsList(d) {
  if (!Array.isArray(d.claims) || d.claims.length === 0) return null;
  const held = d.claims.filter((c) => c.verdict === 1).length;
  return h('details', { class: 'metric-claims', open: d.claims.length <= 5 || undefined },
    h('summary', {}, t('detail.claims', { held: formatCount(held), n: formatCount(d.claims.length) })),
    h('ol', {}, d.claims.map((c) => h('li', { class: `claim ${c.verdict === 1 ? 'claim-holds' : 'claim-fails'}`, dataset: { verdict: String(c.verdict) } },
      h('span', { class: `badge ${c.verdict === 1 ? 'badge-claim-holds' : 'badge-claim-fails'}` }, t(c.verdict === 1 ? 'detail.claimHolds' : 'detail.claimFails')),
      h('span', { class: 'claim-text' }, c.text),
      h('span', { class: 'claim-contexts', dataset: { contexts: (c.contexts ?? []).join(',') } },
        c.contexts?.length ? t('detail.claimContexts', { list: c.contexts.map((n) => `#${n}`).join(', ') }) : t('detail.claimNoContext'))))));
}

function textSection(id, title, text) {
  return h('section', { class: 'detail-section', 'aria-labelledby': id },
    h('h3', { id }, title),
    text ? h('p', { class: 'prose' }, text) : h('p', { class: 'muted' }, t('detail.none')));
}

// A judge metric that also called the embedding model records "chat + embedding" as its model: the request names
// neither when the server's configured ones were used, so the details are where they show.
function modelsFromDetails(r) {
  const used = Object.values(r.details ?? {}).map((d) => d?.model).filter(Boolean);
  const judge = used.map((m) => m.split(' + ')[0]).find(Boolean) ?? null;
  const embedding = used.map((m) => m.split(' + ')[1]).find(Boolean) ?? null;
  return { judge, embedding };
}

// A long version ("rubric:name/hash") may only break after a slash, never inside a name.
function breakAfterSlashes(text) {
  return text.split('/').flatMap((part, i, parts) => (i < parts.length - 1 ? [`${part}/`, h('wbr')] : [part]));
}

function contextItem(doc, i) {
  return h('li', {}, h('details', { open: i < 3 || undefined },
    h('summary', {},
      h('span', { class: 'context-n' }, t('detail.context', { n: i + 1 })),
      doc.title ? h('strong', { class: 'context-title' }, doc.title) : h('span', { class: 'context-peek' }, doc.content.slice(0, 90))),
    h('p', { class: 'prose' }, doc.content),
    doc.metadata ? h('details', { class: 'context-meta' },
      h('summary', {}, t('detail.contextMeta')),
      h('pre', { class: 'code' }, JSON.stringify(doc.metadata, null, 2))) : null));
}


async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    const label = button.textContent;
    button.textContent = t('detail.copied');
    setTimeout(() => { button.textContent = label; }, 1500);
  } catch { /* clipboard unavailable: the id is selectable text */ }
}

// Judge cost: small amounts need more than two decimals; Intl knows each currency's symbol.
function formatCost(amount, currency) {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 6 : 2;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD', maximumFractionDigits: digits }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency ?? ''}`.trim();
  }
}
