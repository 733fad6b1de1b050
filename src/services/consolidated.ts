/**
 * The consolidated report (báo cáo tổng hợp) of a period for a subtree: the rates, the
 * indicator table per child, what each organisation said under each directive section (accepted
 * reports, and submitted ones marked as not yet reviewed), and who has not reported. Saved as a
 * dated JSON snapshot in `consolidated_reports`, editable (the Commission's own summary), and
 * rendered as a printable page and as .docx in the conventional layout of a Party report.
 */
import * as z from "zod";
import { formatDateVi, localDate } from "../domain/time";
import {
  childrenOf,
  indicatorRollup,
  notReported,
  type OrgInfo,
  type PeriodInfo,
  type ReadDb,
  rollupSubtree,
} from "./compliance-queries";
import type { Block } from "./docx";

/** Reports whose narratives enter one snapshot (a snapshot row must stay well under D1's 2 MB). */
export const MAX_NARRATIVE_REPORTS = 300;

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
});

export type ConsolidatedContent = z.infer<typeof consolidatedSchema>;

interface DirectiveRow {
  code: string;
  title: string;
  issued_on: string;
}

/** The commission whose staff follow this subtree (nearest above or at it), for the letterhead. */
async function issuerName(db: ReadDb, org: OrgInfo): Promise<string> {
  const ids = org.path.split("/").filter(Boolean);
  const row = await db
    .prepare(
      `select name from organisations where kind = 'commission' and parent_id in (select value from json_each(?))
       order by length(path) desc limit 1`,
    )
    .bind(JSON.stringify(ids))
    .first<{ name: string }>();
  return row?.name ?? "Ban Tuyên giáo và Dân vận Trung ương";
}

export async function buildConsolidated(
  db: ReadDb,
  org: OrgInfo,
  period: PeriodInfo,
  now: number,
): Promise<ConsolidatedContent> {
  const children = await childrenOf(db, org.id);
  const [rollups, indicators, missing, directive, issuer] = await Promise.all([
    rollupSubtree(db, org, [period.id], now, { children }),
    indicatorRollup(db, org, [period.id], now),
    notReported(db, org, period.id, now),
    db
      .prepare(
        `select d.code, d.title, d.issued_on from directives d join reporting_schedules s on s.directive_id = d.id
         where s.id = ?`,
      )
      .bind(period.scheduleId)
      .first<DirectiveRow>(),
    issuerName(db, org),
  ]);
  const { results: sections } = await db
    .prepare(
      `select ds.number, ds.title from directive_sections ds join reporting_schedules s on s.directive_id = ds.directive_id
       where s.id = ? order by ds.number`,
    )
    .bind(period.scheduleId)
    .all<{ number: number; title: string }>();
  const { results: reports } = await db
    .prepare(
      `select org.name as organisation_name, ob.status, rv.content from obligations ob
       join organisations org on org.id = ob.organisation_id
       join report_versions rv on rv.id = ob.current_version_id
       where ob.period_id = ? and org.path >= ? and org.path < ? and ob.status in ('accepted', 'submitted')
       order by ob.status = 'accepted' desc, org.path limit ?`,
    )
    .bind(period.id, org.path, `${org.path}~`, MAX_NARRATIVE_REPORTS + 1)
    .all<{ organisation_name: string; status: "accepted" | "submitted"; content: string }>();
  const parsed = reports.slice(0, MAX_NARRATIVE_REPORTS).map((r) => {
    let values: Record<string, unknown> = {};
    try {
      const v = JSON.parse(r.content) as unknown;
      if (v && typeof v === "object") values = v as Record<string, unknown>;
    } catch {
      // A malformed stored version contributes no narrative.
    }
    return { ...r, values };
  });
  const current = rollups.get(period.id)!;
  const names = new Map(children.map((c) => [c.id, c.name]));
  names.set("", `${org.name} (chính đơn vị)`);
  const ind = indicators.get(period.id);
  return {
    version: 1,
    period: {
      id: period.id,
      label: period.label,
      scheduleName: period.scheduleName,
      cutoffStart: period.cutoffStart,
      cutoffEnd: period.cutoffEnd,
      dueOn: period.dueOn,
    },
    organisation: { id: org.id, name: org.name },
    issuer,
    directiveCode: directive?.code ?? "52-CT/TW",
    directiveTitle: directive?.title ?? "",
    directiveIssuedOn: directive?.issued_on ?? "2025-10-03",
    generatedAt: now,
    totals: current.root,
    children: current.children
      .filter((c) => c.totals.expected > 0 || c.totals.notExpectedClosed > 0)
      .map((c) => ({
        id: c.organisationId,
        name: names.get(c.organisationId) ?? c.organisationId,
        totals: c.totals,
      })),
    indicators: {
      rows: (ind?.children ?? []).map((r) => ({
        id: r.organisationId || org.id,
        name: names.get(r.organisationId) ?? r.organisationId,
        coverage: r.coverage.value,
        insured: r.insured.value,
        population: r.population,
      })),
      total: {
        coverage: ind?.total.coverage.value ?? null,
        insured: ind?.total.insured.value ?? null,
        population: ind?.total.population ?? 0,
      },
    },
    sections: sections.map((s) => ({
      number: s.number,
      title: s.title,
      entries: parsed.flatMap((r) => {
        const text = r.values[`section_${s.number}`];
        return typeof text === "string" && text.trim() !== ""
          ? [{ organisationName: r.organisation_name, status: r.status, text: text.trim() }]
          : [];
      }),
    })),
    narrativesTruncated: reports.length > MAX_NARRATIVE_REPORTS,
    notReported: missing.map((m) => ({
      organisationName: m.organisationName,
      effectiveDueOn: m.effectiveDueOn,
      status: m.status,
    })),
    summary: "",
  };
}

export function parseContent(text: string): ConsolidatedContent | null {
  try {
    const parsed = consolidatedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function reportTitle(c: ConsolidatedContent): string {
  return `Tổng hợp kết quả thực hiện Chỉ thị số ${c.directiveCode}, ngày ${formatDateVi(c.directiveIssuedOn)} của Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới (${c.period.scheduleName.replace(/ thực hiện Chỉ thị.*$/, "")}, kỳ ${c.period.label})`;
}

export const pct = (v: number | null, digits = 1) =>
  v === null ? "—" : `${v.toFixed(digits).replace(".", ",")}%`;
export const int = (v: number | null) =>
  v === null ? "—" : String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

/** "Hà Nội, ngày 24 tháng 11 năm 2026" */
export function placeAndDate(at: number): string {
  const [y, m, d] = localDate(at).split("-");
  return `Hà Nội, ngày ${d} tháng ${m} năm ${y}`;
}

export const SECTION_HEADINGS = {
  reporting: "I. TÌNH HÌNH BÁO CÁO",
  indicators: "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
  tasks: "III. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP",
  missing: "IV. CÁC TỔ CHỨC CHƯA BÁO CÁO",
  summary: "V. NHẬN XÉT, ĐÁNH GIÁ VÀ KIẾN NGHỊ",
} as const;

export const STATUS_NOTE: Record<"accepted" | "submitted", string> = {
  accepted: "đã được chấp nhận",
  submitted: "đã nộp, chưa xem xét",
};

export function reportingParagraph(c: ConsolidatedContent): string {
  const t = c.totals;
  return `Đến ngày ${formatDateVi(localDate(c.generatedAt))}, trong phạm vi ${c.organisation.name} có ${t.expected} tổ chức phải báo cáo kỳ ${c.period.label} (hạn nộp ${formatDateVi(c.period.dueOn)}); đã nộp ${t.reported} báo cáo (tỷ lệ báo cáo ${pct(t.reportingRate)}), trong đó ${t.onTime} báo cáo đúng hạn (tỷ lệ đúng hạn ${pct(t.timelinessRate)}), ${t.late} báo cáo nộp muộn; ${t.accepted} báo cáo đã được chấp nhận, ${t.returned} báo cáo bị trả lại để hoàn thiện; còn ${t.missing} tổ chức chưa nộp báo cáo.`;
}

export function indicatorParagraph(c: ConsolidatedContent): string {
  const total = c.indicators.total;
  return `Theo số liệu của các báo cáo đã nộp, tỷ lệ bao phủ bảo hiểm y tế bình quân theo dân số đạt ${pct(total.coverage, 2)} (năm 2024: 94,29%; mục tiêu năm 2026: trên 95%, năm 2030: bao phủ toàn dân); số người tham gia bảo hiểm y tế: ${int(total.insured)} người.`;
}

export const RECIPIENTS = [
  "Ban Bí thư (để báo cáo),",
  "Các đồng chí Lãnh đạo Ban,",
  "Các vụ, đơn vị liên quan,",
  "Lưu Văn phòng Ban.",
];

/** The report as .docx blocks: letterhead, place and date, title, numbered sections, "Nơi nhận". */
export function consolidatedBlocks(c: ConsolidatedContent, updatedAt: number): Block[] {
  const blocks: Block[] = [
    {
      kind: "columns",
      left: [
        { kind: "p", text: c.issuer.toUpperCase(), bold: true, align: "center", size: 13 },
        { kind: "p", text: "*", align: "center" },
        { kind: "p", text: "Số: … -BC/BTGDVTW", align: "center", size: 13 },
      ],
      right: [
        { kind: "p", text: "ĐẢNG CỘNG SẢN VIỆT NAM", bold: true, underline: true, align: "center", size: 14 },
        { kind: "p", text: placeAndDate(updatedAt), italic: true, align: "right", size: 13 },
      ],
    },
    { kind: "p", text: "BÁO CÁO", style: "Title" },
    { kind: "p", text: reportTitle(c), bold: true, align: "center" },
    { kind: "p", text: "-----", align: "center" },
    { kind: "p", text: SECTION_HEADINGS.reporting, style: "Heading1" },
    { kind: "p", text: reportingParagraph(c) },
  ];
  if (c.children.length > 0) {
    blocks.push({
      kind: "table",
      header: ["Tổ chức", "Phải nộp", "Đã nộp", "Đúng hạn", "Chưa nộp", "Tỷ lệ báo cáo", "Tỷ lệ đúng hạn"],
      rows: c.children.map((ch) => [
        ch.name,
        String(ch.totals.expected),
        String(ch.totals.reported),
        String(ch.totals.onTime),
        String(ch.totals.missing),
        pct(ch.totals.reportingRate),
        pct(ch.totals.timelinessRate),
      ]),
    });
  }
  blocks.push(
    { kind: "p", text: SECTION_HEADINGS.indicators, style: "Heading1" },
    { kind: "p", text: indicatorParagraph(c) },
  );
  if (c.indicators.rows.length > 0) {
    blocks.push({
      kind: "table",
      header: ["Tổ chức", "Tỷ lệ bao phủ BHYT", "Số người tham gia BHYT", "Dân số"],
      rows: c.indicators.rows.map((r) => [
        r.name,
        pct(r.coverage, 2),
        int(r.insured),
        int(r.population || null),
      ]),
    });
  }
  blocks.push({ kind: "p", text: SECTION_HEADINGS.tasks, style: "Heading1" });
  for (const s of c.sections) {
    blocks.push({ kind: "p", text: `${s.number}. ${s.title}`, style: "Heading2" });
    if (s.entries.length === 0) blocks.push({ kind: "p", text: "Chưa có tổ chức nào báo cáo nội dung này." });
    for (const e of s.entries) {
      blocks.push({ kind: "p", text: `- ${e.organisationName} (${STATUS_NOTE[e.status]}): ${e.text}` });
    }
  }
  if (c.narrativesTruncated) {
    blocks.push({
      kind: "p",
      text: "(Chỉ tổng hợp nội dung của một phần các báo cáo; xem đầy đủ trên hệ thống.)",
      italic: true,
    });
  }
  blocks.push({ kind: "p", text: SECTION_HEADINGS.missing, style: "Heading1" });
  if (c.notReported.length === 0) blocks.push({ kind: "p", text: "Tất cả các tổ chức đã nộp báo cáo." });
  else
    blocks.push({
      kind: "table",
      header: ["TT", "Tổ chức", "Hạn nộp"],
      rows: c.notReported.map((m, i) => [String(i + 1), m.organisationName, formatDateVi(m.effectiveDueOn)]),
    });
  blocks.push(
    { kind: "p", text: SECTION_HEADINGS.summary, style: "Heading1" },
    { kind: "p", text: c.summary.trim() || "(Chưa có nhận xét của Ban.)" },
    {
      kind: "columns",
      left: [
        { kind: "p", text: "Nơi nhận:", bold: true, italic: true, underline: true, size: 12 },
        ...RECIPIENTS.map((r) => ({ kind: "p" as const, text: `- ${r}`, size: 11 })),
      ],
      right: [
        { kind: "p", text: `T/M ${c.issuer.toUpperCase()}`, bold: true, align: "center", size: 13 },
        { kind: "p", text: "", align: "center" },
      ],
    },
  );
  return blocks;
}
