// Emails to affiliates, end to end: queued by the app's actions (in their transaction, once per event),
// delivered by the outbox to a real SMTP server on loopback, read back parsed as an affiliate's mail client
// would. Shopify's answers (the shop's name, contact address and time zone) come from the emulator.
import type { Affiliate } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma, { sqlite } from "~/db.server";
import { affiliateLink } from "~/models/affiliates/affiliates.server";
import { queueCommissionDigests, DIGEST_INTERVAL_MS } from "~/models/email/digest.server";
import { createMailer, maskEmail, type Mailer } from "~/models/email/mailer.server";
import {
  deliverDueEmails,
  emailBackoffAfter,
  MAX_EMAIL_ATTEMPTS,
  SENDING_LEASE_MS,
  type OutboxDeps,
} from "~/models/email/outbox.server";
import {
  affiliatePortalUrl,
  queueApplicationReceivedEmail,
  queueApprovalEmail,
  queueDeclineEmail,
} from "~/models/email/queue.server";
import { EmailWorker, shopProfilesFrom } from "~/pipeline/email-worker.server";
import { processDeps } from "~/pipeline/runtime.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { freePort } from "~root/scripts/lib/app-server.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { startTestMailbox, TEST_FROM_ADDRESS } from "~test/helpers/mailbox";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { historyScans, recordingSqlite } from "~test/helpers/query-plans";
import { OTHER_SHOP, TEST_SHOP, installShop } from "~test/helpers/shopify";

const SHOP_NAME = "Maple & Co <Outdoor>";
const CONTACT = "hello@maple.example";

let mailbox: Awaited<ReturnType<typeof startTestMailbox>>;
let alice: Affiliate;
/** The real clock, which a test may move forward (emails are queued at the real time). */
const clock = {
  offset: 0,
  now: () => new Date(Date.now() + clock.offset),
  advance(ms: number) {
    clock.offset += ms;
  },
};

beforeAll(async () => {
  mailbox = await startTestMailbox({ refuse: (address) => address.startsWith("nobody@") });
});
afterAll(() => mailbox.close());

beforeEach(async () => {
  await resetDatabase();
  mailbox.messages.length = 0;
  mswServer.resetHandlers(
    ...createShopifyEmulator({
      shop: { name: SHOP_NAME, contactEmail: CONTACT, ianaTimezone: "Asia/Tokyo" },
    }).handlers,
  );
  await installShop(TEST_SHOP);
  clock.offset = 0;
  alice = await createAffiliate({ name: "Alice Martin", refCode: "alice", email: "alice@example.com" });
});

function outbox(mailer: Mailer = mailbox.mailer, log?: (line: string) => void): OutboxDeps {
  return {
    db: prisma,
    mailer,
    shopProfile: shopProfilesFrom(processDeps().graphqlFor, clock.now),
    now: clock.now,
    log,
  };
}

const links = (affiliate: Affiliate) => ({
  referralLink: affiliateLink(TEST_SHOP, affiliate.refCode),
  portalUrl: affiliatePortalUrl(TEST_SHOP),
});

describe("the approval email", () => {
  it("arrives from the shop, with the affiliate's link and the portal's, replies going to the shop", async () => {
    expect(
      await queueApprovalEmail(prisma, TEST_SHOP, alice, {
        ...links(alice),
        welcomeMessage: "Welcome aboard!\nTag us <b>@maple</b> {{ customer.email }}",
      }),
    ).toBe("queued");
    expect(mailbox.messages).toHaveLength(0); // queued, not sent by the action

    expect(await deliverDueEmails(outbox())).toEqual({ sent: 1, logged: 0, retry: 0, failed: 0 });

    expect(mailbox.messages).toHaveLength(1);
    const [email] = mailbox.messages;
    expect(email.to).toEqual(["alice@example.com"]);
    expect(email.from).toBe(`"${SHOP_NAME}" <${TEST_FROM_ADDRESS}>`);
    expect(email.replyTo).toBe(CONTACT);
    expect(email.subject).toBe(`Welcome to the ${SHOP_NAME} affiliate program`);
    expect(email.text).toContain("Hi Alice Martin,");
    expect(email.text).toContain("Your link: https://test-shop.myshopify.com/?ref=alice");
    expect(email.text).toContain("Your affiliate portal: https://test-shop.myshopify.com/apps/affiliates");
    expect(email.text).toContain("> Welcome aboard!\n> Tag us <b>@maple</b> {{ customer.email }}");
    // The HTML: links clickable, people's words escaped.
    expect(email.html).toContain('<a href="https://test-shop.myshopify.com/?ref=alice"');
    expect(email.html).toContain('<a href="https://test-shop.myshopify.com/apps/affiliates"');
    expect(email.html).toContain("Tag us &lt;b&gt;@maple&lt;/b&gt;");
    expect(email.html).toContain("Maple &amp; Co &lt;Outdoor&gt;");
    expect(email.html).not.toContain("<b>");
    const row = await prisma.affiliateEmail.findFirstOrThrow();
    expect(row).toMatchObject({ state: "sent", attempts: 1, kind: "approved", shop: TEST_SHOP });
    expect(email.messageId).toBe(`<${row.id}@app.example>`);
  });

  it("is sent once however often the approval is retried, and only if the approval is stored", async () => {
    const approve = () =>
      prisma.$transaction(async (tx) => {
        await tx.affiliate.update({ where: { id: alice.id }, data: { active: true } });
        return queueApprovalEmail(tx, TEST_SHOP, alice, links(alice));
      });
    expect(await approve()).toBe("queued");
    expect(await approve()).toBe("already_queued");
    await deliverDueEmails(outbox());
    expect(await approve()).toBe("already_queued");
    await deliverDueEmails(outbox());
    expect(mailbox.messages).toHaveLength(1);

    // A decision whose transaction fails queues nothing.
    const bob = await createAffiliate({ email: "bob@example.com" });
    await expect(
      prisma.$transaction(async (tx) => {
        await queueApprovalEmail(tx, TEST_SHOP, bob, links(bob));
        throw new Error("the approval could not be stored");
      }),
    ).rejects.toThrow("could not be stored");
    expect(await prisma.affiliateEmail.count({ where: { affiliateId: bob.id } })).toBe(0);
  });

  it("is for affiliates with an address, and takes http(s) links only", async () => {
    const noEmail = await createAffiliate({ email: null });
    expect(await queueApprovalEmail(prisma, TEST_SHOP, noEmail, links(noEmail))).toBe("no_address");
    await expect(
      queueApprovalEmail(prisma, TEST_SHOP, alice, { ...links(alice), portalUrl: "javascript:alert(1)" }),
    ).rejects.toThrow(TypeError);
    expect(await prisma.affiliateEmail.count()).toBe(0);
  });

  it("builds the portal link from the shop's domain and the proxy path the merchant chose", () => {
    expect(affiliatePortalUrl("shop.myshopify.com")).toBe("https://shop.myshopify.com/apps/affiliates");
    expect(affiliatePortalUrl("shop.myshopify.com", "/tools/partners/")).toBe(
      "https://shop.myshopify.com/tools/partners",
    );
  });
});

describe("the application and decline emails", () => {
  it("say the application was received, and why it was declined", async () => {
    await queueApplicationReceivedEmail(prisma, TEST_SHOP, alice);
    await queueDeclineEmail(prisma, TEST_SHOP, alice, {
      reason: "  We only work with <b>outdoor</b> blogs.  ",
    });
    const bob = await createAffiliate({ name: "Bob", email: "bob@example.com" });
    await queueDeclineEmail(prisma, TEST_SHOP, bob, { reason: "   " });
    await deliverDueEmails(outbox());

    const [received, declined, declinedWithout] = mailbox.messages;
    expect(received.subject).toBe(`We received your application to the ${SHOP_NAME} affiliate program`);
    expect(received.text).toContain("We will review your application");
    expect(declined.subject).toBe(`Your application to the ${SHOP_NAME} affiliate program`);
    expect(declined.text).toContain("> We only work with <b>outdoor</b> blogs.\n");
    expect(declined.html).toContain("We only work with &lt;b&gt;outdoor&lt;/b&gt; blogs.");
    expect(declinedWithout.to).toEqual(["bob@example.com"]);
    expect(declinedWithout.text).not.toContain("reason");
    expect(mailbox.messages).toHaveLength(3);
  });

  it("name a shop Shopify cannot answer for by its domain, and still go", async () => {
    const other = await prisma.affiliate.create({
      data: {
        shop: OTHER_SHOP,
        name: "Olga",
        email: "olga@example.com",
        refCode: "olga",
        refCodeKey: "olga",
      },
    });
    await queueApplicationReceivedEmail(prisma, OTHER_SHOP, other); // OTHER_SHOP is not installed
    await deliverDueEmails(outbox());
    expect(mailbox.messages[0].subject).toBe(
      `We received your application to the ${OTHER_SHOP} affiliate program`,
    );
    expect(mailbox.messages[0].replyTo).toBeNull();
  });
});

describe("delivery", () => {
  it("retries a mail server that is down with backoff, then sends once it is back", async () => {
    const down = createMailer({
      smtpUrl: `smtp://127.0.0.1:${await freePort()}`,
      fromAddress: TEST_FROM_ADDRESS,
    });
    const logged: string[] = [];
    await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));

    const before = clock.now().getTime();
    expect(await deliverDueEmails(outbox(down, (line) => logged.push(line)))).toMatchObject({ retry: 1 });
    const after = clock.now().getTime();
    let row = await prisma.affiliateEmail.findFirstOrThrow();
    expect(row).toMatchObject({ state: "pending", attempts: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + emailBackoffAfter(1));
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + emailBackoffAfter(1));
    expect(logged[0]).toMatch(/will be retried/);

    // Not due yet: nothing happens.
    expect(await deliverDueEmails(outbox())).toEqual({ sent: 0, logged: 0, retry: 0, failed: 0 });
    clock.advance(emailBackoffAfter(1));
    expect(await deliverDueEmails(outbox())).toMatchObject({ sent: 1 });
    row = await prisma.affiliateEmail.findFirstOrThrow();
    expect(row).toMatchObject({ state: "sent", attempts: 2, lastError: null });
    expect(mailbox.messages).toHaveLength(1);
    down.close();
  });

  it("gives up after the last attempt, and at once when the server refuses the address", async () => {
    const down = createMailer({
      smtpUrl: `smtp://127.0.0.1:${await freePort()}`,
      fromAddress: TEST_FROM_ADDRESS,
    });
    await queueApplicationReceivedEmail(prisma, TEST_SHOP, alice);
    for (let attempt = 1; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
      await deliverDueEmails(outbox(down));
      clock.advance(emailBackoffAfter(attempt));
    }
    const gaveUp = await prisma.affiliateEmail.findFirstOrThrow();
    expect(gaveUp).toMatchObject({ state: "failed", attempts: MAX_EMAIL_ATTEMPTS });
    expect(gaveUp.lastError).toMatch(/^Gave up after 8 attempts: .*ECONNREFUSED/);
    down.close();

    const nobody = await createAffiliate({ email: "nobody@example.com" });
    await queueApplicationReceivedEmail(prisma, TEST_SHOP, nobody);
    expect(await deliverDueEmails(outbox())).toEqual({ sent: 0, logged: 0, retry: 0, failed: 1 });
    const refused = await prisma.affiliateEmail.findFirstOrThrow({ where: { affiliateId: nobody.id } });
    expect(refused).toMatchObject({ state: "failed", attempts: 1 });
    expect(refused.lastError).toMatch(/550/);
  });

  it("sends again, with the same Message-ID, an email a stopped process was sending", async () => {
    await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));
    const row = await prisma.affiliateEmail.findFirstOrThrow();
    // Claimed by a process that stopped before it could say how sending went.
    await prisma.affiliateEmail.update({
      where: { id: row.id },
      data: {
        state: "sending",
        attempts: 1,
        nextAttemptAt: new Date(clock.now().getTime() + SENDING_LEASE_MS),
      },
    });
    expect(await deliverDueEmails(outbox())).toMatchObject({ sent: 0 });
    clock.advance(SENDING_LEASE_MS);
    expect(await deliverDueEmails(outbox())).toMatchObject({ sent: 1 });
    expect(mailbox.messages[0].messageId).toBe(`<${row.id}@app.example>`);
    expect(await prisma.affiliateEmail.findFirstOrThrow()).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("without SMTP_URL logs one line per email, the address masked, and sends nothing", async () => {
    const lines: string[] = [];
    await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));
    const summary = await deliverDueEmails(
      outbox(createMailer({ smtpUrl: null, fromAddress: null }, (line) => lines.push(line))),
    );
    expect(summary).toEqual({ sent: 0, logged: 1, retry: 0, failed: 0 });
    expect(lines).toEqual([
      `Email not sent (SMTP_URL is not set): approved to a***@example.com, "Welcome to the ${SHOP_NAME} affiliate program"`,
    ]);
    expect(mailbox.messages).toHaveLength(0);
    expect(await prisma.affiliateEmail.findFirstOrThrow()).toMatchObject({ state: "logged" });
    expect(maskEmail("x@y.example")).toBe("x***@y.example");
    expect(maskEmail("not an address")).toBe("***");
  });

  it("is the email worker's job: started, it delivers what is queued; stopped, it lets go", async () => {
    const worker = new EmailWorker({ ...outbox(), sqlite, now: () => new Date(), pollMs: 20 });
    worker.start();
    try {
      await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));
      await waitFor(() => mailbox.messages.length === 1);
    } finally {
      await worker.stop();
    }
    expect(await prisma.affiliateEmail.findFirstOrThrow()).toMatchObject({ state: "sent" });
  });
});

describe("the email worker beside the inbox worker", () => {
  it("waits before each email until the inbox worker gives it way", async () => {
    await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let asked = 0;
    const worker = new EmailWorker({
      ...outbox(),
      sqlite,
      now: () => new Date(),
      pollMs: 20,
      giveWay: () => {
        asked += 1;
        return held;
      },
    });
    worker.start();
    try {
      await waitFor(() => asked > 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mailbox.messages).toHaveLength(0);
      expect(await prisma.affiliateEmail.findFirstOrThrow()).toMatchObject({ state: "pending" });
      letGo();
      await waitFor(() => mailbox.messages.length === 1);
    } finally {
      letGo();
      await worker.stop();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the commission digest", () => {
  const referredOrder = (id: number) =>
    deliver({
      topic: "orders/create",
      body: orderPayload({
        id,
        landingSite: "/?ref=alice",
        customer: { id: 7001, email: "carol.buyer@example.com" },
      }),
    });

  it("tells each affiliate, at most daily, of what was recorded for them since the last digest", async () => {
    await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));
    await referredOrder(1001);
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 900, orderId: 1001, lines: [{ lineItemId: 1, quantity: 1 }] }),
    });
    await referredOrder(1002);
    await drain();
    const lines = await prisma.ledgerLine.findMany({ where: { affiliateId: alice.id } });
    expect(lines.map((line) => line.type).sort()).toEqual(["commission", "commission", "reversal"]);
    const now = new Date(Math.max(...lines.map((line) => line.createdAt.getTime())) + 1);

    expect(await queueCommissionDigests(sqlite, now)).toBe(1);
    expect(await queueCommissionDigests(sqlite, now)).toBe(0); // run again: nothing new
    await deliverDueEmails(outbox());
    const digest = mailbox.messages.find((email) => email.subject.includes("commission"))!;
    expect(digest.subject).toBe(`2 new commissions and 1 reversal at ${SHOP_NAME}`);
    expect(digest.to).toEqual(["alice@example.com"]);
    const commission = lines.find((line) => line.type === "commission" && line.orderId === "1001")!;
    const reversal = lines.find((line) => line.type === "reversal")!;
    expect(digest.text).toContain("#1001");
    expect(digest.text).toContain("#1002");
    expect(digest.text).toContain(`$${commission.amount}`);
    expect(digest.text).toContain(`-$${reversal.amount.slice(1)}`);
    expect(digest.text).toContain(
      "Everything is in your affiliate portal: https://test-shop.myshopify.com/apps/affiliates",
    );
    // Never the referred customer.
    expect(`${digest.text}${digest.html}`).not.toMatch(/carol|7001/i);

    // A new commission within the day waits for tomorrow's digest, which has only what is new.
    await referredOrder(1003);
    await drain();
    const later = new Date(now.getTime() + DIGEST_INTERVAL_MS - 1);
    expect(await queueCommissionDigests(sqlite, later)).toBe(0);
    expect(await queueCommissionDigests(sqlite, new Date(now.getTime() + DIGEST_INTERVAL_MS))).toBe(1);
    clock.advance(DIGEST_INTERVAL_MS);
    await deliverDueEmails(outbox());
    const second = mailbox.messages.filter((email) => email.subject.includes("commission"))[1];
    expect(second.subject).toBe(`1 new commission at ${SHOP_NAME}`);
    expect(second.text).toContain("#1003");
    expect(second.text).not.toContain("#1001");
  });

  it("finds its affiliates and their lines by index, never reading a shop's whole ledger per affiliate", async () => {
    await referredOrder(1001);
    await drain();
    await createAffiliate({ email: "bob@example.com" });
    const { sqlite: recorded, queries } = recordingSqlite(sqlite);
    // It also waits before each digest (for the inbox worker, in the app): nothing is queued yet then.
    const queuedBefore: number[] = [];
    const between = async () => {
      queuedBefore.push(await prisma.affiliateEmail.count());
    };
    expect(await queueCommissionDigests(recorded, new Date(Date.now() + 1_000), { between })).toBe(1);
    expect(queuedBefore).toEqual([0]);
    expect(queries.some(({ sql }) => /"LedgerLine"/.test(sql))).toBe(true);
    expect(await historyScans(queries)).toEqual([]);
  });

  it("is for active affiliates with an address, of installed shops", async () => {
    await referredOrder(1001);
    await drain();
    const now = new Date(Date.now() + 1_000);
    await prisma.affiliate.update({ where: { id: alice.id }, data: { active: false } });
    expect(await queueCommissionDigests(sqlite, now)).toBe(0);
    await prisma.affiliate.update({ where: { id: alice.id }, data: { active: true, email: null } });
    expect(await queueCommissionDigests(sqlite, now)).toBe(0);
    await prisma.affiliate.update({ where: { id: alice.id }, data: { email: "alice@example.com" } });
    await prisma.session.deleteMany({ where: { shop: TEST_SHOP } });
    expect(await queueCommissionDigests(sqlite, now)).toBe(0);
    await installShop(TEST_SHOP);
    expect(await queueCommissionDigests(sqlite, now)).toBe(1);
  });
});

describe("personal data", () => {
  it("customers/redact erases the emails of an affiliate who is that customer, and shop/redact all", async () => {
    await prisma.affiliate.update({ where: { id: alice.id }, data: { customerId: "5150" } });
    const bob = await createAffiliate({ email: "bob@example.com" });
    await queueApprovalEmail(prisma, TEST_SHOP, alice, links(alice));
    await queueApprovalEmail(prisma, TEST_SHOP, bob, links(bob));
    await deliver({
      topic: "customers/redact",
      body: {
        shop_id: 1,
        shop_domain: TEST_SHOP,
        customer: { id: 5150, email: "alice@example.com", phone: null },
        orders_to_redact: [],
      },
    });
    await drain();
    expect(await prisma.affiliateEmail.findMany({ select: { toAddress: true } })).toEqual([
      { toAddress: "bob@example.com" },
    ]);
    await deliver({ topic: "shop/redact", body: { shop_id: 1, shop_domain: TEST_SHOP } });
    await drain();
    expect(await prisma.affiliateEmail.count()).toBe(0);
  });
});
