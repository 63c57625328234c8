import type { Client } from "@libsql/client";
import { deliveryInsert, storeDelivery, type IncomingDelivery } from "./inbox.server";

interface Pending {
  delivery: IncomingDelivery;
  receivedAt: Date;
  resolve: (stored: { duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Stores deliveries with group commit: the webhooks that arrive while the event loop is busy are written
 * together, in one transaction, on its next turn. Each request is still answered only once its own row is
 * committed, but the commit (and its fsync) is shared, which is most of what storing a webhook costs.
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly sqlite: Client,
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
    if (batch.length === 1) {
      const [only] = batch;
      await storeDelivery(this.sqlite, only.delivery, only.receivedAt).then(only.resolve, only.reject);
      return;
    }
    try {
      const statements = batch.map((pending) => deliveryInsert(pending.delivery, pending.receivedAt));
      const results = await this.sqlite.batch(statements, "write");
      batch.forEach((pending, index) => pending.resolve({ duplicate: results[index].rowsAffected === 0 }));
    } catch {
      // The transaction was rolled back as a whole: store each on its own, so that one delivery the
      // database refuses cannot fail the others with it.
      for (const pending of batch) {
        await storeDelivery(this.sqlite, pending.delivery, pending.receivedAt).then(
          pending.resolve,
          pending.reject,
        );
      }
    }
  }
}
