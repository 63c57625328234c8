// The pipeline wired to this process: the app's database and Shopify sessions, the spool next to the
// database, the webhook routes' receiver, and the inbox worker (on a thread of its own under `npm start`).
// The only module of the pipeline that reaches the process's singletons (db.server, shopify.server).
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import db, { creditingSqlite, databaseUrl, sqlite } from "~/db.server";
import { authenticate, unauthenticated } from "~/shopify.server";
import type { AdminGraphqlClient } from "~/graphql/client";
import { rowReaderFor } from "~/lib/row-reader.server";
import { createMailer, readMailSettings } from "~/models/email/mailer.server";
import { EmailWorker, shopProfilesFrom } from "./email-worker.server";
import { InboxWorker } from "./inbox-worker.server";
import { INBOX_THREAD_ROLE, InboxThread, runInboxThread, type InboxThreadData } from "./inbox-thread.server";
import { IntakeLoad } from "./intake-load.server";
import { InboxWriter } from "./inbox-writer.server";
import { openSpool, spoolUrl, type Spool } from "./spool.server";
import type { ProcessDeps } from "./process-delivery.server";
import type { ReceiveDeps } from "./receive.server";

/** The shop's Admin GraphQL client from its stored offline session; null when the shop has none. */
async function graphqlFor(shop: string): Promise<AdminGraphqlClient | null> {
  try {
    const { admin } = await unauthenticated.admin(shop);
    return (query, options) => admin.graphql(query, options);
  } catch (error) {
    if (error instanceof SessionNotFoundError) return null;
    throw error;
  }
}

let spoolOpening: Promise<Spool> | null = null;

/**
 * This process's spool (see spool.server), opened on first use. A failed open is not remembered: the next
 * webhook tries again, so a spool whose file or folder is fixed works without a restart.
 */
export function spool(): Promise<Spool> {
  const url = spoolUrl(databaseUrl());
  return (spoolOpening ??= openSpool(url).catch((error: unknown) => {
    spoolOpening = null;
    throw new Error(
      `The spool ${url} cannot be opened: ${error instanceof Error ? error.message : String(error)}`,
    );
  }));
}

/** What processing a delivery needs in this process: its database, spool and Shopify sessions, and a clock. */
export function processDeps(now: () => Date = () => new Date()): ProcessDeps {
  return { db, sqlite, creditingSqlite: creditingSqlite(), spool, graphqlFor, now };
}

/**
 * Where the inbox worker runs, from INBOX_WORKER:
 * - "thread" (what `npm start` sets): a worker thread of this process, started from this same bundle;
 * - "off": nowhere (an instance that only stores webhooks), and never under tests;
 * - anything else (the dev server): on this thread.
 */
type WorkerMode = "thread" | "in-process" | "off";

function workerMode(): WorkerMode {
  const setting = process.env.INBOX_WORKER;
  if (setting === "off" || process.env.NODE_ENV === "test") return "off";
  return setting === "thread" ? "thread" : "in-process";
}

/** What this thread is for: null on the main thread (and on threads that are not ours). */
const threadRole = isMainThread ? null : ((workerData as { role?: string } | null)?.role ?? null);

/**
 * The worker that delivers emails to affiliates, beside the inbox worker. SMTP_URL and SMTP_FROM were
 * checked at start (server.mjs); if they are wrong anyway (`npm run dev`), emails are logged, not sent.
 */
function createEmailWorker(giveWay?: () => Promise<void>): EmailWorker {
  const mail = readMailSettings(process.env);
  if (!mail.ok) console.error(`Emails to affiliates will be logged, not sent: ${mail.problem}.`);
  const now = () => new Date();
  const digestCheck = Number(process.env.EMAIL_DIGEST_CHECK_MS);
  return new EmailWorker({
    db,
    sqlite,
    // The file's own read-only connection, opened at the first digest run rather than at start.
    read: (query) => rowReaderFor(databaseUrl(), sqlite)(query),
    digestEveryMs: Number.isInteger(digestCheck) && digestCheck >= 1_000 ? digestCheck : undefined,
    mailer: createMailer(mail.ok ? mail.settings : { smtpUrl: null, fromAddress: null }),
    shopProfile: shopProfilesFrom(graphqlFor, now),
    now,
    giveWay,
    log: console.error,
  });
}

let inProcessWorker: InboxWorker | null = null;
let inProcessEmailWorker: EmailWorker | null = null;
let inboxThread: InboxThread | null = null;

function wakeWorker(): void {
  inboxThread?.notify();
  inProcessWorker?.notify();
}

const inboxWriter = new InboxWriter(spool);

export const webhookReceiver: ReceiveDeps = {
  store: (delivery) => inboxWriter.store(delivery),
  authenticate: authenticate.webhook,
  apiSecret: process.env.SHOPIFY_API_SECRET ?? "",
  onStored: wakeWorker,
};

/** Called once by the server entry, on every thread that loads the bundle. */
export function startInboxWorker(): void {
  if (threadRole === INBOX_THREAD_ROLE) {
    const intakeLoad = new IntakeLoad((workerData as InboxThreadData).intakeLoad);
    const inbox = new InboxWorker({ ...processDeps(), pacing: { intakeLoad: () => intakeLoad.read() } });
    const emails = createEmailWorker(() => inbox.whenIdle());
    runInboxThread(parentPort!, {
      start() {
        inbox.start();
        emails.start();
      },
      notify: () => inbox.notify(),
      stop: async () => {
        await Promise.all([inbox.stop(), emails.stop()]);
      },
    });
    return;
  }
  if (!isMainThread) return;
  switch (workerMode()) {
    case "thread":
      inboxThread = new InboxThread(new URL(import.meta.url));
      inboxThread.start();
      break;
    case "in-process": {
      const inbox = new InboxWorker(processDeps());
      inProcessWorker = inbox;
      inbox.start();
      inProcessEmailWorker = createEmailWorker(() => inbox.whenIdle());
      inProcessEmailWorker.start();
      break;
    }
    case "off":
      break;
  }
}

/** Lets the delivery in hand finish (server.mjs calls it on SIGTERM/SIGINT). */
export async function stopInboxWorker(): Promise<void> {
  await Promise.all([inboxThread?.stop(), inProcessWorker?.stop(), inProcessEmailWorker?.stop()]);
}
