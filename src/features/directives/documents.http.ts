/** Request helpers shared by the register of documents' API and pages. */
import type { Context, MiddlewareHandler } from "hono";
import { guardOf, type OrgRef } from "../../auth/guard";
import { clientIp } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { notFound } from "../../platform/errors";
import { addDocument, mustExist } from "./directives.service";
import { loadDocument, mayReadDocument, orgOfDocumentId, type StoredDocument } from "./documents.queries";
import { type Actor, kindLabelOf, StaleDocumentError } from "./documents.service";

/** Resolver: the organisation that issued the document `:id` (an outside body's: only a global scope). */
export function orgOfDocument(c: Context<AppEnv>): Promise<OrgRef | null> {
  return orgOfDocumentId(c.env.DB, c.req.param("id") ?? "");
}

export const actorOf = (c: Context<AppEnv>): Actor => {
  const p = c.var.principal!;
  return { actorPersonId: p.personId, actorKind: p.kind, ip: clientIp(c) };
};

export async function mustLoad(c: Context<AppEnv>): Promise<StoredDocument> {
  const doc = await loadDocument(c.env.DB, c.req.param("id") ?? "");
  if (!doc) throw notFound("Không tìm thấy văn bản");
  return doc;
}

/** A document the signed-in person may read (their subtree's, their superiors', the directive's); else 404. */
export async function mustRead(c: Context<AppEnv>): Promise<StoredDocument> {
  const doc = await mustLoad(c);
  if (!(await mayReadDocument(c.env.DB, doc.id, c.var.principal))) throw notFound("Không tìm thấy văn bản");
  return doc;
}

export const publicView = (d: StoredDocument) => ({
  ...d,
  kind: kindLabelOf(d),
  term: d.term || null,
  withdrawn: d.withdrawnAt !== null,
});

/** A stale revision answers 409 with the current version and what was sent; other errors go on. */
export function staleRevisionBody(err: unknown) {
  if (err instanceof StaleDocumentError) {
    return {
      error: { code: err.code, message: err.message, fields: err.fields },
      current: publicView(err.current),
      submitted: err.submitted ?? null,
    };
  }
  throw err;
}

/** Middleware for `/api/directives/:id/…`: an unknown directive is a 404 before its body is looked at. */
export const directiveMustExist: MiddlewareHandler<AppEnv> = async (c, next) => {
  await mustExist(c.env.DB, c.req.param("id") ?? "");
  await next();
};

/** Records the document sent for the directive `directiveId` by the person of the request (right: plan.edit unless named). */
export const addDocumentBy = (
  c: Context<AppEnv>,
  directiveId: string,
  data: unknown,
  action?: "plan.edit" | "directive.manage",
) => addDocument(c.env.DB, directiveId, data, guardOf(c), actorOf(c), c.var.now, action);
