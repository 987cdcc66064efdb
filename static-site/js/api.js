// The ScoreJobs HTTP API as the page uses it: jobs (list, get, stats, delete, labels), agreement, dataset runs,
// metrics, health.

const REQUEST_TIMEOUT_MS = 20000;

/** kind: 'network' (unreachable), 'auth' (401/403), 'not_found', 'http' (other status), 'bad_response'. */
export class ApiError extends Error {
  constructor(kind, message, { status = 0, problem = null, url = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.url = url;
  }
}

export class ApiClient {
  /** keyOrigin: the only origin the key may be sent to (settings.js binds a saved key to it). */
  constructor({ apiBase = '', keyKind = 'none', key = '', keyOrigin = '' } = {}, fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.base = apiBase;
    this.keyKind = keyKind;
    this.key = key;
    this.keyOrigin = keyOrigin;
    this.fetch = fetchImpl;
  }

  /** What the error messages call the API: its origin, or "this site". */
  get displayBase() {
    return this.base || window.location.origin;
  }

  listJobs(filters, { limit = 50, cursor = null, signal } = {}) {
    const query = filtersToQuery(filters);
    query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    return this.#get(`/api/score/jobs?${query}`, signal).then((body) => {
      if (!body || !Array.isArray(body.jobs)) throw new ApiError('bad_response', 'missing "jobs"');
      return { jobs: body.jobs, nextCursor: body.next_cursor ?? null };
    });
  }

  getJob(jobId, { signal } = {}) {
    return this.#get(`/api/score/jobs/${encodeURIComponent(jobId)}`, signal);
  }

  stats(filters, { signal } = {}) {
    const query = filtersToQuery(filters);
    const suffix = query.size ? `?${query}` : '';
    return this.#get(`/api/score/stats${suffix}`, signal);
  }

  metrics({ signal } = {}) {
    return this.#get('/api/score/metrics', signal).then((body) => body?.metrics ?? []);
  }

  health({ signal } = {}) {
    return this.#get('/api/health', signal);
  }

  listRuns({ limit = 50, cursor = null, signal } = {}) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.#get(`/api/score/runs?${query}`, signal).then((body) => {
      if (!body || !Array.isArray(body.runs)) throw new ApiError('bad_response', 'missing "runs"');
      return { runs: body.runs, nextCursor: body.next_cursor ?? null };
    });
  }

  getRun(runId, { signal } = {}) {
    return this.#get(`/api/score/runs/${encodeURIComponent(runId)}`, signal);
  }

  cancelRun(runId) {
    return this.#request('POST', `/api/score/runs/${encodeURIComponent(runId)}/cancel`);
  }

  retryRun(runId) {
    return this.#request('POST', `/api/score/runs/${encodeURIComponent(runId)}/retry`);
  }

  compareRuns(baseRunId, headRunId, { signal } = {}) {
    return this.#get(`/api/score/runs/${encodeURIComponent(baseRunId)}/compare/${encodeURIComponent(headRunId)}`, signal);
  }

  /**
   * A dataset file as it is (CSV or JSONL), with the run's settings in the query:
   * name, metrics (comma-separated), threshold=metric:0.8 (repeated).
   */
  submitRun(file, contentType, { name, metrics = [], thresholds = {} } = {}) {
    const query = new URLSearchParams();
    if (name) query.set('name', name);
    if (metrics.length) query.set('metrics', metrics.join(','));
    for (const [metric, value] of Object.entries(thresholds)) query.append('threshold', `${metric}:${value}`);
    return this.#request('POST', `/api/score/runs?${query}`, { body: file, contentType, timeoutMs: 120000 });
  }

  deleteJob(jobId) {
    return this.#request('DELETE', `/api/score/jobs/${encodeURIComponent(jobId)}`);
  }

  deleteRun(runId) {
    return this.#request('DELETE', `/api/score/runs/${encodeURIComponent(runId)}`);
  }

  /** label: {scores?, rating?, note?}; answers {job_id, labels}. */
  putLabel(jobId, rater, label) {
    return this.#request('PUT', `/api/score/jobs/${encodeURIComponent(jobId)}/labels/${encodeURIComponent(rater)}`,
      { body: JSON.stringify(label), contentType: 'application/json' });
  }

  deleteLabel(jobId, rater) {
    return this.#request('DELETE', `/api/score/jobs/${encodeURIComponent(jobId)}/labels/${encodeURIComponent(rater)}`);
  }

  /** The list's filters that agreement takes (run_id, since, until, tag, status), then metric and threshold. */
  agreement(filters, { metric, threshold, signal } = {}) {
    const all = filtersToQuery(filters);
    const query = new URLSearchParams();
    for (const key of AGREEMENT_FILTERS) for (const value of all.getAll(key)) query.append(key, value);
    query.set('metric', metric);
    if (threshold !== '' && threshold != null) query.set('threshold', String(threshold));
    return this.#get(`/api/score/agreement?${query}`, signal);
  }

  #get(path, signal) {
    return this.#request('GET', path, { signal });
  }

  // Checked where the request is made, so no path to fetch can carry the key to another origin.
  #keyMayGoTo(url) {
    if (!this.key || !this.keyOrigin) return false;
    try {
      const origin = new URL(url, window.location.href).origin;
      return origin !== 'null' && origin === this.keyOrigin;
    } catch {
      return false;
    }
  }

  async #request(method, path, { signal, body, contentType, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const url = `${this.base}${path}`;
    const headers = { Accept: 'application/json' };
    if (this.#keyMayGoTo(url)) {
      if (this.keyKind === 'bearer') headers.Authorization = `Bearer ${this.key}`;
      if (this.keyKind === 'functions') headers['x-functions-key'] = this.key;
    }
    if (contentType) headers['Content-Type'] = contentType;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;

    let response;
    try {
      response = await this.fetch(url, { method, headers, body, signal: combined, cache: 'no-store' });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError('network', error?.message ?? 'network error', { url });
    }

    const text = await response.text();
    let parsed = null;
    if (text) {
      try { parsed = JSON.parse(text); } catch { parsed = null; }
    }
    if (response.ok) {
      if (parsed === null && method === 'GET') throw new ApiError('bad_response', `not JSON from ${path}`, { status: response.status, url });
      return parsed ?? {};
    }
    const problem = parsed && typeof parsed === 'object' ? parsed : null;
    const detail = problem?.detail ?? problem?.title ?? response.statusText ?? '';
    const kind = response.status === 401 || response.status === 403 ? 'auth'
      : response.status === 404 ? 'not_found' : 'http';
    throw new ApiError(kind, detail || `HTTP ${response.status}`, { status: response.status, problem, url });
  }
}

/** The list filters GET /api/score/agreement takes, as the contract names them. */
export const AGREEMENT_FILTERS = ['run_id', 'since', 'until', 'tag', 'status'];

/** The filter object the page keeps, as the query string the API takes. */
export function filtersToQuery(filters = {}) {
  const query = new URLSearchParams();
  if (filters.runId) query.set('run_id', filters.runId);
  if (filters.status) query.set('status', filters.status);
  if (filters.source === 'live' || filters.source === 'run') query.set('source', filters.source);
  if (filters.q) query.set('q', filters.q);
  if (filters.metric) query.set('metric', filters.metric);
  if (filters.minScore !== '' && filters.minScore != null) query.set('min_score', String(filters.minScore));
  if (filters.maxScore !== '' && filters.maxScore != null) query.set('max_score', String(filters.maxScore));
  if (filters.since) query.set('since', localDayStart(filters.since));
  if (filters.until) query.set('until', localDayEnd(filters.until));
  for (const tag of filters.tags ?? []) query.append('tag', tag);
  return query;
}

// Date inputs hold days in the reader's time zone; the API takes UTC instants.
function localDayStart(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 0, 0, 0, 0).toISOString();
}

// The API's until is exclusive, so the end of a local day is the start of the next one.
function localDayEnd(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + 1, 0, 0, 0, 0).toISOString();
}
