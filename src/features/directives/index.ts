/**
 * Directives and their documents: the directive page with its cascade of implementing documents
 * (/chi-thi, /api/directives/:id…), the register of documents (/van-ban, /api/documents…) and
 * organisations' implementation plans (/ke-hoach, /api/plans…, /api/tasks…).
 * Mounted here; other modules import from here.
 */
import { createApi } from "../../platform/openapi";
import { directivesApi } from "./directives.api";
import { directivePages } from "./directives.pages";
import { documentsApi } from "./documents.api";
import { documentPages } from "./documents.pages";
import { plansApi } from "./plans.api";
import { planPages } from "./plans.pages";
import { setupApi } from "./setup.api";
import { setupPages } from "./setup.pages";

/** Set-up (`/chi-thi/moi` …): mount before `directiveRoutes`, so "moi" is not read as a directive id. */
export const directiveSetupRoutes = createApi().route("/", setupApi).route("/", setupPages);
export const directiveRoutes = createApi().route("/", directivesApi).route("/", directivePages);
export const documentRoutes = createApi().route("/", documentsApi).route("/", documentPages);
/** Implementation plans: /api/plans…, /api/tasks… and the pages under /ke-hoach. */
export const planRoutes = createApi().route("/", plansApi).route("/", planPages);
export { createDocSchema } from "./directives.schemas";
export { addDocument, type DocumentNode, documentTree } from "./directives.service";
export { actorOf as documentActorOf } from "./documents.http";
export { documentReadScope, type StoredDocument } from "./documents.queries";
export {
  type Actor as DocumentActor,
  type DocumentInput,
  kindLabelOf,
  registerDocument,
} from "./documents.service";
export { DocumentKindFields } from "./documents.views";
export {
  listIndicators,
  listTargets,
  loadIndicator,
  type StoredIndicator,
  type StoredTarget,
} from "./indicators.queries";
export { newTaskSchema, patchTaskSchema, planSchema } from "./plans.schemas";
export {
  listDirectiveRows,
  loadDirectiveForEdit,
  type StoredDirective,
  type StoredSection,
} from "./setup.queries";
export { type ChangeMeta, targetsForOrganisation } from "./setup.service";
