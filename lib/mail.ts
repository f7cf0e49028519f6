// Outgoing email. Sent through SMTP_URL when it is set; otherwise written to the server log
// so that a local install (no mail server) can still follow magic links and invites.
import "server-only";

import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";

export type Mail = { to: string; subject: string; text: string; html?: string };

export async function sendMail(mail: Mail): Promise<{ delivered: boolean }> {
  const env = getEnv();
  if (!env.SMTP_URL) {
    log.info(
      `email not sent (SMTP_URL is not set); here it is:\n  To: ${mail.to}\n` +
        `  Subject: ${mail.subject}\n\n${mail.text}\n`,
    );
    return { delivered: false };
  }
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(env.SMTP_URL);
  const result = await transport.sendMail({ from: env.EMAIL_FROM, ...mail });
  const failed = [...(result.rejected ?? []), ...(result.pending ?? [])];
  if (failed.length) throw new Error(`The mail server refused ${failed.length} recipient(s).`);
  return { delivered: true };
}
