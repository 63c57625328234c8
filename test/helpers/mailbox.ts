import { createMailer, type Mailer } from "~/models/email/mailer.server";
import { startMailbox } from "~root/scripts/lib/mailbox.mjs";

export type { ReceivedEmail } from "~root/scripts/lib/mailbox.mjs";

export const TEST_FROM_ADDRESS = "affiliates@app.example";

/** A real SMTP server on loopback for this test file, and the app's mailer pointed at it. */
export async function startTestMailbox(
  options: Parameters<typeof startMailbox>[0] = {},
): Promise<Awaited<ReturnType<typeof startMailbox>> & { mailer: Mailer }> {
  const mailbox = await startMailbox(options);
  const mailer = createMailer({ smtpUrl: mailbox.url, fromAddress: TEST_FROM_ADDRESS });
  return {
    ...mailbox,
    mailer,
    close: async () => {
      mailer.close();
      await mailbox.close();
    },
  };
}
