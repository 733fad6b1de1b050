/** The official documents' reads: an organisation with its ancestors, and a directive with its document (Drizzle). */
import { desc, eq, inArray, sql } from "drizzle-orm";
import { orm } from "../db/client";
import { directives, documents, organisations } from "../db/schema";

type Db = D1Database | D1DatabaseSession;

export async function selectOrganisationPath(db: Db, id: string): Promise<string | null> {
  const [self] = await orm(db)
    .select({ path: organisations.path })
    .from(organisations)
    .where(eq(organisations.id, id));
  return self?.path ?? null;
}

/** These organisations (an organisation and its ancestors), the deepest first. */
export async function selectChainDeepestFirst(db: Db, ids: string[]) {
  return orm(db)
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      code: organisations.code,
      documentSymbol: organisations.documentSymbol,
      seat: organisations.seat,
    })
    .from(organisations)
    .where(inArray(organisations.id, ids))
    .orderBy(desc(sql`length(${organisations.path})`));
}

/** A directive with the number, kind, issuer and title of its own document (if recorded). */
export async function selectDirectiveWithDocument(db: Db, directiveId: string) {
  const [d] = await orm(db)
    .select({
      code: directives.code,
      title: directives.title,
      issuedOn: directives.issuedOn,
      number: documents.number,
      docType: documents.docType,
      issuer: documents.issuer,
      docTitle: documents.title,
    })
    .from(directives)
    .leftJoin(documents, eq(documents.id, directives.documentId))
    .where(eq(directives.id, directiveId));
  return d ?? null;
}
