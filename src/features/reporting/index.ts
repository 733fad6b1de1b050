/**
 * Reporting (issue 16's layout): the report forms (versioned, built without code) and what a
 * committee secretary does with a report — drafts, submission with a receipt, attachments,
 * extension requests — and the operations review and
 * the engine build on (decisions, extensions, opening a period's obligations). Schemas, queries
 * (the only SQL), services, views, pages and API, mounted here; other modules import from here.
 */
import { createApi } from "../../platform/openapi";
import { attachmentPages } from "./attachments.pages";
import { documentPages } from "./document.pages";
import { extensionRequestApi } from "./extension-requests.api";
import { extensionRequestPages } from "./extension-requests.pages";
import { formsApi } from "./forms.api";
import { formPages } from "./forms.pages";
import { reportPages } from "./report.pages";
import { reportingApi } from "./reporting.api";

/** The report as an official document (print view, .docx); mounted before the report routes. */
export const reportDocumentRoutes = documentPages;
/** Mounted where the old extension-request routes were (before the report routes). */
export const extensionRequestRoutes = createApi()
  .route("/", extensionRequestApi)
  .route("/", extensionRequestPages);
/** The form builder (/api/forms…, /bieu-mau…), mounted where the old report-form routes were. */
export const reportFormRoutes = createApi().route("/", formsApi).route("/", formPages);
/** Mounted where the old report routes were (after the extension requests). */
export const reportRoutes = createApi()
  .route("/", reportingApi)
  .route("/", reportPages)
  .route("/", attachmentPages);

export { type ExtensionRequestRow, extensionRequestsOf } from "./extension-requests.queries";
export { extensionDecisionSchema, extensionRequestSchema } from "./extension-requests.schemas";
export { type FormVersionRow, listFormFamilies } from "./forms.queries";
export { extendDeadline, obligationInsertStatements, reviewReport } from "./obligations.queries";
export { draftBody, submitBody } from "./reporting.schemas";
export {
  type Actor,
  type DraftState,
  nominalDueOn,
  type ObligationRow,
  ReportingError,
  type ReviewInput,
  type SaveDraftResult,
  SubmitConflictError,
  type SubmitConflictTheirs,
  type SubmitInput,
  type SubmitResult,
} from "./reporting.types";
export { loadDraft, loadObligation, saveDraft, submitReport } from "./submissions.queries";
