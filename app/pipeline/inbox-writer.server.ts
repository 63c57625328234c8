import { randomUUID } from "node:crypto";
import type { IncomingDelivery } from "./inbox.server";
import { spoolDeliveries, type Spool } from "./spool.server";

interface Pending {
  delivery: IncomingDelivery;
  receivedAt: Date;
  resolve: (stored: { duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Stores deliveries in the spool with group commit: the webhooks that arrive while the event loop is busy
 * are written together, in one transaction, on its next turn. Each request is still answered only once
 * its own row is committed, but the commit (and its fsync) is shared, which is most of what storing a
 * webhook costs.
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly spool: () => Promise<Spool>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  store(delivery: IncomingDelivery): Promise<{ duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, receivedAt: this.now(), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not a microtask: the requests whose bytes are already here are read first.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    try {
      await this.write(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // The transaction was rolled back as a whole: store each on its own, so that one delivery the
      // database refuses cannot fail the others with it.
      for (const pending of batch) await this.write([pending]).catch(pending.reject);
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const fresh = await spoolDeliveries(
      await this.spool(),
      batch.map(({ delivery, receivedAt }) => ({ id: randomUUID(), delivery, receivedAt })),
    );
    batch.forEach((pending, index) => pending.resolve({ duplicate: !fresh[index] }));
  }
}
