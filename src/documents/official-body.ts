/**
 * What an organisation needs to issue a document in the official layout: its letterhead (from
 * its own and its superiors' names and kinds), its symbol in document numbers, and the place of
 * its seat (its own, or the nearest ancestor's). Read from the organisation tree, never assumed.
 */
import type { OrganisationKind } from "../db/schema";
import { storedDocumentKindLabel } from "../domain/document-number";
import { type BodyInfo, type Letterhead, letterheadOf, seatOf } from "../domain/official-format";
import { formatDateVi } from "../domain/time";
import {
  selectChainDeepestFirst,
  selectDirectiveWithDocument,
  selectOrganisationPath,
} from "./official-body.queries";

export interface IssuingBody {
  id: string;
  name: string;
  kind: OrganisationKind;
  letterhead: Letterhead;
  symbol: string;
  seat: string;
}

/** The organisation `id` as an issuing body; null when it does not exist. */
export async function loadIssuingBody(
  db: D1Database | D1DatabaseSession,
  id: string,
): Promise<IssuingBody | null> {
  const path = await selectOrganisationPath(db, id);
  if (path === null) return null;
  // The organisation and its ancestors, nearest first.
  const results = await selectChainDeepestFirst(db, path.split("/").filter(Boolean));
  type ChainRow = (typeof results)[number];
  const [body, parent, grandparent] = results as [ChainRow, ChainRow | undefined, ChainRow | undefined];
  const info = (r: ChainRow | undefined): BodyInfo | null =>
    r ? { name: r.name, kind: r.kind, symbol: r.documentSymbol, seat: r.seat } : null;
  return {
    id: body.id,
    name: body.name,
    kind: body.kind,
    letterhead: letterheadOf(info(body)!, info(parent), info(grandparent)),
    // Without a recorded symbol the organisation's code stands in, so the number line is never empty.
    symbol: body.documentSymbol ?? body.code,
    seat: seatOf(results.map((r) => info(r)!)),
  };
}

/** "về việc thực hiện …": the directive's subject, from its title without the kind in front. */
export function subjectOf(docTitle: string | null, kind: string, fallbackTitle: string): string {
  const title = (docTitle ?? fallbackTitle).trim();
  const m = /\s(về\s.+)$/u.exec(title);
  if (m) return m[1] as string;
  return title.startsWith(kind) ? title.slice(kind.length).trim() : title;
}

/** "Chỉ thị số 52-CT/TW, ngày 03/10/2025 của Ban Bí thư về …", from the directive's own document. */
export async function directiveReference(
  db: D1Database | D1DatabaseSession,
  directiveId: string,
): Promise<string> {
  const d = await selectDirectiveWithDocument(db, directiveId);
  if (!d) return "";
  const kind = d.number ? storedDocumentKindLabel(d.number, d.docType ?? "") : "Chỉ thị";
  const issuer = d.issuer ? ` của ${d.issuer}` : "";
  return `${kind} số ${d.code}, ngày ${formatDateVi(d.issuedOn)}${issuer} ${subjectOf(d.docTitle, kind, d.title)}`;
}
