/** What the directive page's JSON routes accept and answer. */
import * as z from "zod";
import { dateField } from "../../http/date-field";

export const createDocSchema = z.object({
  number: z.string().max(100, "Số hiệu văn bản quá dài"),
  docType: z.string().trim().max(10).optional(),
  issuer: z.string().trim().min(1, "Vui lòng nhập cơ quan ban hành").max(200, "Tên cơ quan ban hành quá dài"),
  issuedOn: dateField("Ngày ban hành"),
  title: z.string().trim().min(1, "Vui lòng nhập trích yếu").max(500, "Trích yếu quá dài (tối đa 500 ký tự)"),
  term: z.string().trim().max(20, "Nhiệm kỳ viết dạng 2025-2030").optional(),
  parentDocumentId: z.string().max(64).nullable().optional(),
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
  id: z.string(),
  number: z.string(),
  docType: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  title: z.string(),
  parentDocumentId: z.string().nullable(),
  organisationId: z.string().nullable(),
};

interface DocumentNodeJson {
  id: string;
  number: string;
  docType: string;
  issuer: string;
  issuedOn: string;
  title: string;
  parentDocumentId: string | null;
  organisationId: string | null;
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
