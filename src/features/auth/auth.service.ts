/**
 * Sign-in and sign-out decisions that are not the sign-in engine itself (signin.service.ts):
 * what a sign-out ends (this session, or every session of the person) with its audit row in
 * one batch, and the wording of a rate-limited request.
 */
import { auditStatement } from "../../audit";
import { formatInstantVi } from "../../auth/format";
import type { Principal } from "../../auth/policy";
import { revokeAllSessionsStatement, revokeSessionStatement } from "../../auth/session";

/** Who acts, when, from where. */
export interface ActionMeta {
  actor: Principal;
  now: number;
  ip: string;
}

/**
 * Ends the actor's session, or all of the person's sessions (`everywhere`). Returns false when
 * there was no session to end (an API token), so the caller keeps its cookie as it is.
 */
export async function signOut(db: D1Database, everywhere: boolean, meta: ActionMeta): Promise<boolean> {
  const p = meta.actor;
  const statements: D1PreparedStatement[] = [];
  if (everywhere) statements.push(revokeAllSessionsStatement(db, p.personId, meta.now));
  else if (p.sessionId) statements.push(revokeSessionStatement(db, p.sessionId, meta.now));
  else return false; // An API token has no session to end.
  statements.push(
    auditStatement(db, {
      at: meta.now,
      actorPersonId: p.personId,
      actorKind: p.kind,
      action: everywhere ? "auth.signed_out_everywhere" : "auth.signed_out",
      entityType: "session",
      entityId: p.sessionId ?? null,
      ip: meta.ip,
    }),
  );
  await db.batch(statements);
  return true;
}

export function rateLimitedMessage(resetAt: number): string {
  return `Quá nhiều yêu cầu đăng nhập. Vui lòng thử lại sau ${formatInstantVi(resetAt)}.`;
}

/** The Retry-After header's seconds (at least 1). */
export function retryAfterSeconds(resetAt: number, now: number): string {
  return String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
}
