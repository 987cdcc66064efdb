// One job scored by the real server against the fake judge, and a browser to look at it: what the detail tests
// (claims, repeats, rubrics) each set up before their first test.
import { startServer } from './server.mjs';
import { startFakeJudge } from './fake-judge.mjs';
import { launchBrowser } from './browser.mjs';
import { until } from './poll.mjs';

/**
 * Starts a fake judge answering with `reply(body)`, a server that uses it and a browser; submits `request` and waits
 * until its job has ended. Returns { judge, server, browser, record, stop() }; on a failure, stops what it started.
 */
export async function scoreOneJob({ reply, request }) {
  const started = {};
  const stop = async () => {
    await started.browser?.close();
    await started.server?.stop();
    await started.judge?.stop();
  };
  try {
    started.judge = await startFakeJudge({ reply });
    started.judge.release();
    started.server = await startServer({
      env: { ScoreJobs__Judge__Endpoint: started.judge.endpoint, ScoreJobs__Judge__Model: 'fake', ScoreJobs__Judge__ApiKey: 'fake-key' },
    });
    started.browser = await launchBrowser();
    const { job_id: jobId } = await started.server.post(request);
    let record;
    await until(async () => {
      record = (await started.server.get(`/api/score/jobs/${jobId}`)).body;
      return ['completed', 'failed'].includes(record.status);
    }, `job ${jobId} to end`);
    return { ...started, record, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
