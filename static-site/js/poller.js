// Refreshes the records still queued or running, one GET each, backing off from 1 s to 30 s.
// It runs only while something visible is pending, resets to the short delay when a record
// changes, and pauses while the tab is hidden. Runs use it too, with their own id and fingerprint.

export class Poller {
  #timer = 0; #delay; #running = false; #inFlight = false;

  /**
   * pendingIds(): ids of visible records still queued/running.
   * fetchOne(id): the fresh record (or null if gone).
   * onRecord(record, id): called for every record whose fingerprint changed.
   * idOf(record) and fingerprint(record) default to a job's id and its status and scores.
   */
  constructor({ pendingIds, fetchOne, onRecord, idOf = (r) => r.job_id, fingerprint = jobFingerprint, minDelay = 1000, maxDelay = 30000, concurrency = 6 }) {
    Object.assign(this, { pendingIds, fetchOne, onRecord, idOf, fingerprint, minDelay, maxDelay, concurrency });
    this.#delay = minDelay;
    this.known = new Map();
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) this.#clear();
      else if (this.#running) this.#schedule(0);
    });
  }

  get active() { return this.#running; }
  get delay() { return this.#delay; }

  /** Starts (or restarts at the short delay) if anything is pending; stops otherwise. */
  poke(records = []) {
    for (const r of records) this.known.set(this.idOf(r), this.fingerprint(r));
    if (!this.pendingIds().length) return this.stop();
    this.#delay = this.minDelay;
    this.#running = true;
    this.#schedule(this.#delay);
  }

  stop() {
    this.#running = false;
    this.#clear();
  }

  #clear() {
    clearTimeout(this.#timer);
    this.#timer = 0;
  }

  #schedule(delay) {
    this.#clear();
    if (!document.hidden) this.#timer = setTimeout(() => this.#tick(), delay);
  }

  async #tick() {
    if (this.#inFlight) return;
    const ids = this.pendingIds();
    if (!ids.length) return this.stop();
    this.#inFlight = true;
    let changed = false;
    try {
      const queue = [...ids];
      const worker = async () => {
        while (queue.length) {
          const id = queue.shift();
          let record;
          try { record = await this.fetchOne(id); } catch { continue; }
          if (record === undefined) continue;
          const before = this.known.get(id);
          const after = record ? this.fingerprint(record) : 'gone';
          if (before !== after) {
            changed = true;
            this.known.set(id, after);
            this.onRecord(record, id);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    } finally {
      this.#inFlight = false;
    }
    if (!this.#running) return;
    if (!this.pendingIds().length) return this.stop();
    this.#delay = changed ? this.minDelay : Math.min(this.maxDelay, this.#delay * 2);
    this.#schedule(this.#delay);
  }
}

function jobFingerprint(record) {
  return `${record.status}|${record.weighted_score}|${JSON.stringify(record.scores ?? {})}`;
}
