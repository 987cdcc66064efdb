// Waiting on the server for what a test cannot be told directly (a job ending, a job held): every wait has a
// deadline, so a test that would wait forever fails naming what it waited for.
export async function until(condition, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
