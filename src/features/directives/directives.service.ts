/**
 * Directives: a directive with its sections, indicators with their targets, the cascade of
 * implementing documents (parent to child), which organisations have not yet issued theirs, and
 * adding an implementing document (`plan.edit` on the issuing organisation, or `directive.manage`).
 */
import type { Guard } from "../../auth/guard";
import { loadOrg } from "../../auth/guard";
import type { ActionScope, Principal } from "../../auth/policy";
import { AppError, notFound } from "../../platform/errors";
import { parseWith } from "../../platform/http-input";
import {
  type DocumentRow,
  directiveContents,
  directiveExists,
  directiveRow,
  type MissingRow,
  organisationName,
  organisationsWithoutDocument,
} from "./directives.queries";
import { createDocSchema } from "./directives.schemas";
import { type Actor, kindLabelOf, registerDocument } from "./documents.service";

export interface DocumentNode extends DocumentRow {
  children: DocumentNode[];
}

export async function loadDirective(db: D1Database, id: string, principal: Principal | null) {
  const directive = await directiveRow(db, id);
  if (!directive) throw notFound("Không tìm thấy chỉ thị");
  const { sections, indicators, targets, documents } = await directiveContents(db, directive, principal);
  return {
    directive,
    sections,
    indicators: indicators.map((i) => ({
      ...i,
      targets: targets.filter((t) => t.indicatorId === i.id).map(({ indicatorId: _, ...t }) => t),
    })),
    documents,
  };
}

/** Documents as a forest, children under their parent document. */
export function documentTree(docs: DocumentRow[]): DocumentNode[] {
  const nodes = new Map<string, DocumentNode>(docs.map((d) => [d.id, { ...d, children: [] }]));
  const roots: DocumentNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentDocumentId ? nodes.get(n.parentDocumentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/**
 * Organisations that have not issued their implementing document: by default the committees
 * directly under the Central Committee; with `underId`, the open children of that organisation.
 */
export async function missingOrganisations(
  db: D1Database,
  readScope: ActionScope,
  directiveId: string,
  underId: string | undefined,
): Promise<{ rows: MissingRow[]; under: { id: string; name: string } | null }> {
  let under: { id: string; name: string } | null = null;
  if (underId) {
    under = await organisationName(db, underId);
    if (!under) throw notFound("Không tìm thấy tổ chức");
  }
  const rows = await organisationsWithoutDocument(db, directiveId, readScope, underId);
  return { rows, under };
}

/** A directive that exists, else 404 (before the body is read). */
export async function mustExist(db: D1Database, directiveId: string): Promise<void> {
  if (!(await directiveExists(db, directiveId))) throw notFound("Không tìm thấy chỉ thị");
}

/**
 * Adds an implementing document to a directive's cascade. A committee adds its own (`plan.edit`);
 * Commission staff register guidance and any committee's document of their subtree (`directive.manage`).
 */
export async function addDocument(
  db: D1Database,
  directiveId: string,
  data: unknown,
  guard: Guard,
  actor: Actor,
  now: number,
  action: "plan.edit" | "directive.manage" = "plan.edit",
) {
  await mustExist(db, directiveId);
  const input = parseWith(createDocSchema, data);
  const org = await loadOrg(db, input.organisationId);
  if (!org) {
    throw new AppError("invalid", "unknown_organisation", "Không tìm thấy tổ chức ban hành", [
      { field: "organisationId", message: "Không tìm thấy tổ chức ban hành" },
    ]);
  }
  guard.require(action, org);
  const doc = await registerDocument(db, { ...input, organisationId: org.id, directiveId }, actor, now);
  return {
    id: doc.id,
    number: doc.number,
    docType: doc.docType,
    kind: kindLabelOf(doc),
    format: doc.format,
    term: doc.term || null,
  };
}
