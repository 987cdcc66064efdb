// Starts the real ScoreJobs server on a free loopback port with a fresh jobs folder.
// SCOREJOBS_SERVER_DLL names an already built ScoreJobs.Server.dll; without it the Release build
// under src/ is used, built first if it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const staticSite = path.join(repoRoot, 'static-site');
const defaultDll = path.join(repoRoot, 'src/ScoreJobs.Server/bin/Release/net10.0/ScoreJobs.Server.dll');

export function serverDll() {
  const fromEnv = process.env.SCOREJOBS_SERVER_DLL;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SCOREJOBS_SERVER_DLL=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (!existsSync(defaultDll)) buildServerOnce();
  return defaultDll;
}

function buildServerOnce() {
  const lock = path.join(os.tmpdir(), 'scorejobs-site-build.lock');
  const deadline = Date.now() + 300000;
  for (;;) {
    try { mkdirSync(lock); break; } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (existsSync(defaultDll)) return;
    const result = spawnSync('dotnet', ['build', 'src/ScoreJobs.Server', '-c', 'Release', '--nologo', '-v', 'q'], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('dotnet build src/ScoreJobs.Server -c Release failed');
  } finally {
    rmdirSync(lock);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server; `seed(jobsDirectory)` may write records before it starts.
 * Returns { url, jobsDirectory, post(body), stop() }.
 */
export async function startServer({ seed, env = {}, jobsDirectory } = {}) {
  const dll = serverDll();
  const dir = jobsDirectory ?? await mkdtemp(path.join(os.tmpdir(), 'scorejobs-site-'));
  if (seed) await seed(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('dotnet', [dll, '--urls', url], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Production',
      DOTNET_NOLOGO: '1',
      ScoreJobs__JobsDirectory: dir,
      ScoreJobs__StaticSiteDirectory: staticSite,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`server did not answer on ${url} within 60 s:\n${output}`); }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    url,
    jobsDirectory: dir,
    get output() { return output; },
    async post(body, headers = {}) {
      const res = await fetch(`${url}/api/score/async`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const json = await res.json();
      if (res.status !== 202) throw new Error(`POST /api/score/async answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    },
    async get(pathAndQuery, headers = {}) {
      const res = await fetch(`${url}${pathAndQuery}`, { headers });
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!jobsDirectory) await rm(dir, { recursive: true, force: true });
    },
  };
}
