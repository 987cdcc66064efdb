// A stand-in for a hostile origin: a tiny HTTP server on another loopback port that answers like an open
// ScoreJobs API (CORS allowing the key headers, so a page that sent a key would get through) and records the
// headers of every request it receives, preflights included. With `status`, every API call gets that status
// and a problem body instead (a Functions host that is stopped answers 503 so).
import http from 'node:http';

export async function startRecordingServer({ status = 200 } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: { ...req.headers } });
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, x-functions-key, Content-Type, Accept');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') { res.writeHead(204); res.end(); return; }
    if (status !== 200) {
      res.writeHead(status, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ status, title: 'The service cannot take this request now.' }));
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    const path = req.url.split('?')[0];
    const body = path === '/api/health' ? { status: 'ok', storage: 'local-folder', queue: 'in-process', judge: { configured: false } }
      : path === '/api/score/jobs' ? { jobs: [], next_cursor: null }
      : path === '/api/score/stats' ? { total: 0, by_status: {}, histogram: [], daily: [], metrics: {} }
      : path === '/api/score/metrics' ? { metrics: [] }
      : {};
    res.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
