/** What the directive page's JSON routes accept and answer. */
import * as z from "zod";
import { dateField } from "../../http/date-field";
import { documentHeadFields, documentInputFields } from "./documents.schemas";

export const createDocSchema = z.object({
  ...documentInputFields(dateField("Ngày ban hành")),
  organisationId: z.string().min(1, "Vui lòng chọn tổ chức ban hành").max(64),
});

export const directiveIdParams = z.object({ id: z.string().min(1).max(64).describe("Mã chỉ thị") });

/** `under` longer than 64 characters is ignored, as if absent. */
export const directiveQuery = z.object({
  under: z.string().optional().describe("Xem các tổ chức trực thuộc tổ chức này chưa ban hành văn bản"),
});

export const addedDocumentJson = z.object({
  document: z.object({
    id: z.string(),
    number: z.string(),
    docType: z.string(),
    kind: z.string(),
    format: z.enum(["party", "state"]),
    term: z.string().nullable(),
  }),
});

const documentFields = {
  ...documentHeadFields,
  parentDocumentId: z.string().nullable(),
  organisationId: z.string().nullable(),
};

/** The node's type is written out once for the recursion (zod cannot infer a lazy child). */
interface DocumentNodeJson extends z.infer<z.ZodObject<typeof documentFields>> {
  children: DocumentNodeJson[];
}

/** An implementing document and those under it. */
export const documentNodeJson: z.ZodType<DocumentNodeJson> = z
  .object({
    ...documentFields,
    children: z.lazy(() => z.array(documentNodeJson)),
  })
  .meta({ id: "DocumentNode" });

export const directiveJson = z.object({
  directive: z.object({
    id: z.string(),
    code: z.string(),
    title: z.string(),
    issuedOn: z.string(),
    summary: z.string().nullable(),
    documentId: z.string(),
    organisationPath: z.string().nullable(),
  }),
  sections: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      title: z.string(),
      body: z.string(),
      isTaskGroup: z.boolean(),
      titleIsEditorial: z.boolean(),
    }),
  ),
  indicators: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      unit: z.string(),
      valueKind: z.string(),
      baselineValue: z.number().nullable(),
      baselineYear: z.number().int().nullable(),
      targets: z.array(
        z.object({
          year: z.number().int(),
          value: z.number(),
          comparator: z.enum(["gt", "gte"]),
          note: z.string().nullable(),
        }),
      ),
    }),
  ),
  documents: z.array(documentNodeJson),
  notYetIssued: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
});
