// The page address's hash names the view, so each one can be linked, bookmarked and reached with Back:
//   (none)             the records          #job=ID           a record, over the records
//   #runs              the dataset runs     #new-run          start a run from a file
//   #run=ID            one run              #compare=A..B     run A (base) against run B (head)
//   #agreement         the judge against people, per metric (&metric=M&threshold=T&run=ID)
// A record opened from a run or a comparison keeps its view: #run=ID&job=JOB.

export const VIEWS = ['records', 'runs', 'new-run', 'run', 'compare', 'agreement'];

export function parseRoute(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const jobId = params.get('job') || null;
  const compare = params.get('compare');
  if (compare) {
    const [base, head] = compare.split('..');
    if (base && head) return { view: 'compare', base, head, jobId };
  }
  if (params.has('agreement')) {
    return { view: 'agreement', metric: params.get('metric') || null, threshold: params.get('threshold') || null, runId: params.get('run') || null, jobId };
  }
  if (params.get('run')) return { view: 'run', runId: params.get('run'), jobId };
  if (params.has('new-run')) return { view: 'new-run', jobId: null };
  if (params.has('runs')) return { view: 'runs', jobId };
  return { view: 'records', jobId };
}

/** The hash of a route; '' for the records without a record open. */
export function routeHash({ view = 'records', runId, base, head, metric, threshold, jobId = null }) {
  const e = encodeURIComponent;
  const job = jobId ? `job=${e(jobId)}` : '';
  const parts = {
    records: [job],
    runs: ['runs', job],
    'new-run': ['new-run'],
    run: [`run=${e(runId)}`, job],
    compare: [`compare=${e(base)}..${e(head)}`, job],
    agreement: ['agreement', metric ? `metric=${e(metric)}` : '', threshold ? `threshold=${e(threshold)}` : '', runId ? `run=${e(runId)}` : '', job],
  }[view].filter(Boolean);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** The hash of the same view with a record open (or closed, with jobId null). */
export const withJob = (route, jobId) => routeHash({ ...route, jobId });
