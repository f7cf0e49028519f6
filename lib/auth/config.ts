// Auth.js (next-auth v5): email + password always; GitHub and email magic links when their
// environment variables are set. JWT sessions (required by the credentials provider); the
// Prisma adapter stores OAuth accounts, magic-link tokens and users.
import "server-only";

import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";

import { verifyCredentials } from "@/lib/auth/credentials";
import { clientAddress, peerAddressInstalled } from "@/lib/auth/request-ip";
import { safeCallbackPath, signInSchema } from "@/lib/auth/schemas";
import { checkedSessionToken, newSessionClaims, revokeSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail";
import { publicOrigin } from "@/lib/request-origin";
import { grantCredits } from "@/lib/tasks/credits";

export class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
  retryAfterSeconds = 60;
}

function providers(): Provider[] {
  const env = getEnv();
  const list: Provider[] = [
    Credentials({
      id: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const ip = clientAddress(request.headers, {
          vercel: env.VERCEL,
          trustedProxies: env.TRUSTED_PROXIES,
          peerKnown: peerAddressInstalled(),
        });
        const result = await verifyCredentials({ ...parsed.data, ip });
        if (result.ok) return result.user;
        if (result.reason === "throttled") {
          const error = new ThrottledSignin();
          error.retryAfterSeconds = result.retryAfterSeconds;
          throw error;
        }
        return null;
      },
    }),
  ];
  if (env.githubEnabled) {
    list.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  if (env.magicLinksEnabled) {
    list.push({
      id: "email",
      type: "email",
      name: "Email",
      from: env.EMAIL_FROM,
      maxAge: 24 * 60 * 60,
      options: {},
      async sendVerificationRequest({ identifier, url }) {
        // Auth.js builds `url` from the request's (forwardable) host: keep only its path and
        // token, on the configured public origin, so a forged header cannot redirect it.
        const given = new URL(url);
        const link = new URL(`${given.pathname}${given.search}`, publicOrigin());
        url = link.toString();
        const host = link.host;
        await sendMail({
          to: identifier,
          subject: `Sign in to Chorus`,
          text:
            `Sign in to Chorus (${host}) with this link. It works once and expires in 24 hours:` +
            `\n\n${url}\n\nIf you did not ask for it, ignore this email.`,
        });
      },
    });
  }
  return list;
}

function config(): NextAuthConfig {
  const env = getEnv();
  return {
    adapter: PrismaAdapter(db as never),
    secret: env.AUTH_SECRET,
    trustHost: env.AUTH_TRUST_HOST,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in", verifyRequest: "/sign-in/check-email" },
    providers: providers(),
    callbacks: {
      // Only ever redirect to a path on this site. Dropping the origin also keeps redirects
      // right behind proxies, where the host Auth.js sees can differ from the browser's.
      redirect({ url, baseUrl }) {
        try {
          const target = new URL(url, baseUrl);
          return safeCallbackPath(`${target.pathname}${target.search}`);
        } catch {
          return safeCallbackPath(undefined);
        }
      },
      // Every request: the session must still be live (lib/auth/sessions.ts).
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          Object.assign(token, await newSessionClaims(user.id));
          return token;
        }
        return checkedSessionToken(token);
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        // the database could not confirm the session: lib/auth/session.ts says "try again"
        if (token.unverified) Object.assign(session, { unverified: true });
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.sub) await revokeSession(token.sub, token);
      },
      // users made by OAuth or a magic link get the same welcome credits as sign-ups
      async createUser({ user }) {
        if (!user.id) return;
        const userId = user.id;
        await db.$transaction((tx) =>
          grantCredits(tx, { userId, amount: env.SIGNUP_CREDITS, note: "Welcome credits" }),
        );
      },
    },
    logger: {
      // a wrong password is not a server error; everything else is logged without secrets
      error(error) {
        if (error instanceof CredentialsSignin) return;
        log.error("auth error", { name: error.name, message: error.message });
      },
      warn(code) {
        log.warn(`auth warning: ${code}`);
      },
    },
  };
}

// Lazy config: the environment is read on the first request, not at build time.
export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
