// Dataset runs through the real API: submit a JSONL or CSV file as the page does, and wait for the end.

/** samples: objects as a JSONL line each; settings go in the query as the contract says. */
export async function submitRun(server, samples, { name, metrics = [], thresholds = {}, format = 'jsonl' } = {}) {
  const query = new URLSearchParams();
  if (name) query.set('name', name);
  if (metrics.length) query.set('metrics', metrics.join(','));
  for (const [metric, value] of Object.entries(thresholds)) query.append('threshold', `${metric}:${value}`);
  const body = format === 'jsonl' ? samples.map((s) => JSON.stringify(s)).join('\n') : samples;
  const res = await fetch(`${server.url}/api/score/runs?${query}`, {
    method: 'POST',
    headers: { 'content-type': format === 'jsonl' ? 'application/x-ndjson' : 'text/csv' },
    body,
  });
  const json = await res.json();
  if (res.status !== 202) throw new Error(`POST /api/score/runs answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function waitForRun(server, runId, { timeout = 60000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { body } = await server.get(`/api/score/runs/${runId}`);
    if (['completed', 'failed', 'cancelled'].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status}: ${JSON.stringify(body.counts)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every job of a run, following next_cursor. */
export async function runJobs(server, runId) {
  const jobs = [];
  let cursor = null;
  do {
    const { body } = await server.get(`/api/score/jobs?run_id=${runId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    jobs.push(...body.jobs);
    cursor = body.next_cursor;
  } while (cursor);
  return jobs;
}

/** Questions and reference answers; `worse` gives some samples a wrong answer, so their scores fall. */
export function qaSamples({ worse = [], prefix = 'q' } = {}) {
  const pairs = [
    ['What is the refund window?', 'Refunds are accepted within 30 days of purchase.'],
    ['退货需要保留发票吗？', '需要提供发票或电子订单号。'],
    ['Which regions support GPT-4o?', 'East US 2, Sweden Central and Japan East.'],
    ['How many days of annual leave in the first year?', 'Annual leave is pro rata in the first year.'],
    ['年假怎么计算？', '年假按司龄计算，入职满三个月后按比例享有。'],
    ['Does the API support idempotent retries?', 'Yes: send an Idempotency-Key header.'],
    ['What is the maximum upload size?', 'Enterprise workspaces accept files up to 2 GB each.'],
    ['如何设置知识库检索的 Top K？', '在知识检索节点的召回设置里调整 Top K，默认是 3。'],
    ['Which storage does the embedded mode use?', 'A local folder and an in-process queue.'],
    ['What does RAG stand for?', 'Retrieval-augmented generation.'],
  ];
  return pairs.map(([question, truth], i) => ({
    id: `${prefix}-${i + 1}`,
    question,
    answer: worse.includes(i + 1) ? 'I am not sure, please ask someone else.' : truth,
    contexts: [truth],
    ground_truth: truth,
    metadata: { suite: 'site-test' },
  }));
}
