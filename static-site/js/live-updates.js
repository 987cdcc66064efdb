// Keeps pending records fresh: the rows on screen and the record open in the drawer are re-read
// one GET each (js/poller.js backs off), and each fresh record is handed to whoever shows it.
import { Poller } from './poller.js';

export class LiveUpdates {
  #poller;

  /** onStatusChange(record) when a record's status moved (queued -> running -> completed...). */
  constructor({ api, list, drawer, onStatusChange }) {
    this.#poller = new Poller({
      pendingIds: () => {
        const ids = list.pendingIds();
        if (drawer.pendingId && !ids.includes(drawer.pendingId)) ids.push(drawer.pendingId);
        return ids;
      },
      fetchOne: (id) => api.getJob(id).catch((e) => { if (e.kind === 'not_found') return null; throw e; }),
      onRecord: (record, id) => {
        if (!record) {
          list.markGone(id);
          return;
        }
        const before = list.find(record.job_id) ?? drawer.record;
        list.update(record);
        drawer.refresh(record);
        if (before?.status !== record.status) onStatusChange?.(record);
      },
    });
  }

  /** Starts (or restarts at the short delay) if anything on screen is pending. */
  watch(records = []) {
    this.#poller.poke(records);
  }

  stop() {
    this.#poller.stop();
  }
}
