// Seed records shaped like the job record of CONTRACT.md, with ids shaped like ScoreJobs.Jobs.JobId.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_MASK = (1n << 60n) - 1n;

/** 12 characters of inverted creation time (newest sorts first) and 16 random ones. */
export function jobId(createdAt) {
  let inverted = TIME_MASK - (BigInt(createdAt.getTime()) & TIME_MASK);
  let id = '';
  for (let i = 0; i < 12; i++) { id = ALPHABET[Number(inverted & 31n)] + id; inverted >>= 5n; }
  const random = randomBytes(16);
  for (let i = 0; i < 16; i++) id += ALPHABET[random[i] & 31];
  return id;
}

const QUESTIONS = [
  ['什么是检索增强生成（RAG）？它如何减少幻觉？', 'RAG 先从知识库检索相关段落，再让模型依据这些段落作答，所以回答有据可查。'],
  ['How do I rotate the storage account keys without downtime?', 'Switch clients to the secondary key, regenerate the primary, then switch back and regenerate the secondary.'],
  ['退货政策是多少天？需要保留发票吗？', '购买后 30 天内可以无理由退货，需要提供发票或电子订单号。'],
  ['What is the maximum upload size on the enterprise plan?', 'Enterprise workspaces accept files up to 2 GB each.'],
  ['如何在 Dify 中设置知识库检索的 Top K？', '在知识检索节点的召回设置里调整 Top K，默认是 3。'],
  ['Which regions support the GPT-4o deployment?', 'GPT-4o is deployable in East US 2, Sweden Central and Japan East.'],
  ['公司年假怎么计算？入职不满一年可以休吗？', '年假按司龄计算，入职满三个月后按比例享有年假。'],
  ['Does the API support idempotent retries?', 'Yes: send an Idempotency-Key header and a retried request returns the same job.'],
];

const REASONS = {
  faithfulness: (s) => `答案中的 ${Math.round(s * 4)} / 4 个陈述能在检索上下文中找到依据。`,
  answer_relevancy: (s) => s > 0.6 ? 'The answer addresses the question directly.' : 'The answer drifts from what was asked.',
  overall_quality: (s) => `Rated ${Math.round(s * 9 + 1)}/10: clear and grounded, ${s > 0.7 ? 'complete' : 'misses a detail'}.`,
  token_f1: () => 'Token overlap with the ground truth (CJK split per character).',
  rouge_l: () => 'Longest common subsequence against the ground truth.',
};

/** A deterministic spread of records: mostly completed, some failed, over the last `days` days. */
export function makeRecords({ count = 60, days = 14, now = Date.now(), seed = 42 } = {}) {
  let state = seed;
  const rnd = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const records = [];
  for (let i = 0; i < count; i++) {
    const created = new Date(now - Math.round(((i + 1) / count) * days * 86400000) - Math.round(rnd() * 600000));
    const [question, answer] = QUESTIONS[i % QUESTIONS.length];
    const metrics = i % 3 === 0 ? ['faithfulness', 'answer_relevancy', 'overall_quality', 'token_f1'] : ['faithfulness', 'answer_relevancy', 'rouge_l'];
    const failed = i % 9 === 4;
    const app = ['helpdesk', 'hr-bot', 'docs-search'][i % 3];
    records.push(record({
      created, question: `${question}`, answer, metrics, failed, metadata: { app, env: i % 4 === 0 ? 'staging' : 'prod' },
      scores: Object.fromEntries(metrics.map((m) => [m, failed ? null : Math.round(Math.min(1, Math.max(0, 0.35 + rnd() * 0.65)) * 1000) / 1000])),
      latencyMs: 900 + Math.round(rnd() * 4200),
    }));
  }
  return records;
}

export function record({ created, question, answer, metrics, scores, failed = false, metadata = null, latencyMs = 1200, status, contexts, groundTruth }) {
  status ??= failed ? 'failed' : 'completed';
  const finished = status === 'completed' || status === 'failed';
  const weights = Object.fromEntries(metrics.map((m) => [m, 1]));
  const scored = Object.values(scores).filter((v) => typeof v === 'number');
  const weighted = finished && scored.length ? Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 1e6) / 1e6 : null;
  const details = Object.fromEntries(metrics.map((m) => {
    const s = scores[m];
    const judge = !['token_f1', 'rouge_l'].includes(m);
    if (failed) return [m, { score: null, status: 'failed', error_kind: 'rate_limit', error: 'The judge answered 429 Too Many Requests three times.', model: 'gpt-4o-mini', latency_ms: 3000 }];
    return [m, {
      score: s, status: 'ok', reason: (REASONS[m] ?? (() => 'ok'))(s ?? 0), latency_ms: judge ? 700 + Math.round((s ?? 0) * 900) : 1,
      ...(judge ? { model: 'gpt-4o-mini', usage: { judge_calls: 1, prompt_tokens: 820, completion_tokens: 96, total_tokens: 916 }, prompt_version: 'v1' } : {}),
    }];
  }));
  const judgeCalls = metrics.filter((m) => !['token_f1', 'rouge_l'].includes(m)).length;
  const iso = (d) => d.toISOString();
  const ctx = contexts ?? ['检索到的第一段：RAG 通过检索外部知识为模型提供依据。', 'Second passage: grounding answers in retrieved text reduces hallucination.'];
  return {
    job_id: jobId(created),
    status,
    created_at: iso(created),
    started_at: status === 'queued' ? null : iso(new Date(created.getTime() + 40)),
    finished_at: finished ? iso(new Date(created.getTime() + 40 + latencyMs)) : null,
    request_summary: {
      question: question.slice(0, 80), answer: answer?.slice(0, 80) ?? null, metrics, judge_model: null, embedding_model: null,
      has_contexts: ctx.length > 0, has_ground_truth: true, metadata,
    },
    scores: finished ? scores : Object.fromEntries(metrics.map((m) => [m, null])),
    weighted_score: weighted,
    latency_ms: finished ? latencyMs : 0,
    skipped_metrics: [],
    error: failed ? 'No metric could be scored: the judge was rate limited (429) on every call.' : null,
    ...(finished ? { details } : {}),
    weights,
    attempts: 1,
    ...(judgeCalls && finished ? { usage: { judge_calls: judgeCalls, prompt_tokens: 820 * judgeCalls, completion_tokens: 96 * judgeCalls, total_tokens: 916 * judgeCalls } } : {}),
    request: { question, answer, contexts: ctx, ground_truth: groundTruth ?? answer, metrics, judge_model: null, embedding_model: null, weights, metadata },
  };
}

/** Writes records as {job_id}.json, which the server indexes when it starts. */
export async function writeRecords(directory, records) {
  await mkdir(directory, { recursive: true });
  await Promise.all(records.map((r) => writeFile(path.join(directory, `${r.job_id}.json`), JSON.stringify(r))));
}

export const newestFirst = (records) => [...records].sort((a, b) => (a.job_id < b.job_id ? -1 : 1));
