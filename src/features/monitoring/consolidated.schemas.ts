/** What the consolidated report stores (its snapshot's JSON) and what its routes accept (zod). */
import * as z from "zod";
import { ORGANISATION_KINDS } from "../../db/schema";

const totalsSchema = z.object({
  expected: z.number(),
  reported: z.number(),
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
  overdueMissing: z.number(),
  returned: z.number(),
  accepted: z.number(),
  waived: z.number(),
  notExpectedClosed: z.number(),
  reportingRate: z.number().nullable(),
  timelinessRate: z.number().nullable(),
});

export const consolidatedSchema = z.object({
  version: z.literal(1),
  period: z.object({
    id: z.string(),
    label: z.string(),
    scheduleName: z.string(),
    cutoffStart: z.string(),
    cutoffEnd: z.string(),
    dueOn: z.string(),
    /** The deadline as people read it (`formatDeadline`); absent in snapshots made before it. */
    dueText: z.string().optional(),
  }),
  organisation: z.object({ id: z.string(), name: z.string() }),
  issuer: z.string(),
  directiveCode: z.string(),
  directiveTitle: z.string(),
  directiveIssuedOn: z.string(),
  generatedAt: z.number(),
  totals: totalsSchema,
  children: z.array(z.object({ id: z.string(), name: z.string(), totals: totalsSchema })),
  indicators: z.object({
    rows: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        coverage: z.number().nullable(),
        insured: z.number().nullable(),
        population: z.number(),
      }),
    ),
    total: z.object({
      coverage: z.number().nullable(),
      insured: z.number().nullable(),
      population: z.number(),
    }),
  }),
  sections: z.array(
    z.object({
      number: z.number(),
      title: z.string(),
      entries: z.array(
        z.object({
          organisationName: z.string(),
          status: z.enum(["accepted", "submitted"]),
          text: z.string(),
        }),
      ),
    }),
  ),
  narrativesTruncated: z.boolean(),
  notReported: z.array(
    z.object({ organisationName: z.string(), effectiveDueOn: z.string(), status: z.string() }),
  ),
  summary: z.string(),
  /** The issuing body as it signs (absent from snapshots taken before official formatting). */
  official: z
    .object({
      issuerId: z.string(),
      kind: z.enum(ORGANISATION_KINDS),
      letterhead: z.object({ superior: z.string().nullable(), body: z.string() }),
      symbol: z.string(),
      seat: z.string(),
      /** The report's number once registered ("12"), the signer's role and name. */
      number: z.string().nullable(),
      signerRole: z.enum(["head", "deputy"]),
      signerName: z.string().nullable(),
      recipients: z.array(z.string()),
    })
    .optional(),
  /** The directive as its own document says it: kind, issuer, subject; and its indicators' goals. */
  directiveDocument: z.object({ kind: z.string(), issuer: z.string(), subject: z.string() }).optional(),
  indicatorGoals: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        unit: z.string(),
        valueKind: z.string(),
        baselineValue: z.number().nullable(),
        baselineYear: z.number().nullable(),
        targets: z.array(z.object({ year: z.number(), value: z.number(), comparator: z.string() })),
      }),
    )
    .optional(),
});

export type ConsolidatedContent = z.infer<typeof consolidatedSchema>;

/** `POST /tong-hop`: save a snapshot of the period's report for the organisation. */
export const consolidatedCreateForm = z.object({
  period: z.string().trim().min(1, { error: "Chưa chọn kỳ báo cáo" }).max(120),
  org: z.string().trim().min(1, { error: "Chưa chọn tổ chức" }).max(120),
});

export const consolidatedEditSchema = z.object({
  summary: z.string().max(20_000, { error: "Nội dung dài quá 20.000 ký tự" }),
  /** The revision the edit was made from; a newer save makes this edit a 409 with both texts. */
  revision: z.coerce
    .number({ error: "Thiếu số phiên bản (revision) của bản tổng hợp" })
    .int()
    .min(1, { error: "Thiếu số phiên bản (revision) của bản tổng hợp" }),
  /** The number the report was registered under ("12"); empty leaves room to write it. */
  number: z
    .string()
    .trim()
    .regex(/^(\d{1,6})?$/, { error: "Số báo cáo chỉ gồm chữ số, ví dụ 12" })
    .optional(),
  signerRole: z.enum(["head", "deputy"], { error: "Chọn người ký: người đứng đầu hoặc cấp phó" }).optional(),
  signerName: z.string().trim().max(100, { error: "Họ tên người ký quá dài" }).optional(),
});
export type ConsolidatedEdit = z.output<typeof consolidatedEditSchema>;
