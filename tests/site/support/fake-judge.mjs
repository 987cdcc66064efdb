// A small OpenAI-compatible endpoint for the browser tests: chat completions wait until the test
// releases them, so a job stays "running" for exactly as long as the test needs to look at it.
import http from 'node:http';

/** `reply(requestBody)` returns the assistant message content; by default a JSON verdict with a score and a reason. */
export async function startFakeJudge({ reply = defaultReply } = {}) {
  let release;
  let released = new Promise((resolve) => { release = resolve; });
  const calls = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body = {};
    try { body = JSON.parse(raw || '{}'); } catch { /* answered below */ }
    const send = (status, payload) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && req.url.endsWith('/chat/completions')) {
      calls.push(body);
      await released;
      return send(200, {
        id: `chatcmpl-${calls.length}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model ?? 'fake',
        choices: [{ index: 0, message: { role: 'assistant', content: reply(body) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
      });
    }
    if (req.method === 'POST' && req.url.endsWith('/embeddings')) {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      return send(200, { object: 'list', model: body.model ?? 'fake', data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [1, 0, 0] })), usage: { prompt_tokens: 1, total_tokens: 1 } });
    }
    if (req.method === 'GET' && req.url.endsWith('/models')) return send(200, { object: 'list', data: [{ id: 'fake', object: 'model' }] });
    return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}/v1`,
    calls,
    release: () => release(),
    hold: () => { released = new Promise((resolve) => { release = resolve; }); },
    stop: () => { release(); server.closeAllConnections?.(); return new Promise((resolve) => server.close(resolve)); },
  };
}

function defaultReply() {
  return JSON.stringify({ score: 8, rating: 8, reason: 'Grounded in the retrieved contexts and answers the question.', verdicts: [] });
}
