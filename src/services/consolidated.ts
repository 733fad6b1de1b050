/**
 * The consolidated report (báo cáo tổng hợp) of a period for a subtree: the rates, the
 * indicator table per child, what each organisation said under each directive section (accepted
 * reports, and submitted ones marked as not yet reviewed), and who has not reported. Saved as a
 * dated JSON snapshot in `consolidated_reports`, editable (the Commission's own summary), and
 * rendered as a printable page and as .docx in the conventional layout of a Party report.
 */
import * as z from "zod";
import { ORGANISATION_KINDS } from "../db/schema";
import { storedDocumentKindLabel } from "../domain/document-number";
import { placeAndDateLine } from "../domain/official-format";
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
import { loadIssuingBody, subjectOf } from "./official-body";
import { officialFootBlock, officialHeadBlocks } from "./official-docx";

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

interface DirectiveRow {
  id: string;
  code: string;
  title: string;
  issued_on: string;
  doc_number: string | null;
  doc_type: string | null;
  doc_issuer: string | null;
  doc_title: string | null;
}

/** The commission whose staff follow this subtree (nearest above or at it): it issues the report. */
async function issuerOf(db: ReadDb, org: OrgInfo): Promise<{ id: string; name: string } | null> {
  const ids = org.path.split("/").filter(Boolean);
  return db
    .prepare(
      `select id, name from organisations where kind = 'commission' and parent_id in (select value from json_each(?))
       order by length(path) desc limit 1`,
    )
    .bind(JSON.stringify(ids))
    .first<{ id: string; name: string }>();
}

/** Who receives it: the body above "to report", the body's own leaders, its archive. */
function recipientsOf(
  parentKind: string | null,
  parentName: string | null,
  directiveIssuer: string,
): string[] {
  const above =
    parentKind === "secretariat" || parentKind === null
      ? directiveIssuer
      : `Thường trực ${parentName ?? ""}`.trim();
  return [`${above} (để báo cáo),`, "Các đồng chí lãnh đạo Ban,", "Lưu Văn phòng Ban."];
}

export async function buildConsolidated(
  db: ReadDb,
  org: OrgInfo,
  period: PeriodInfo,
  now: number,
): Promise<ConsolidatedContent> {
  const children = await childrenOf(db, org.id);
  const [rollups, indicators, missing, directive, issuerOrg] = await Promise.all([
    rollupSubtree(db, org, [period.id], now, { children }),
    indicatorRollup(db, org, [period.id], now),
    notReported(db, org, period.id, now),
    db
      .prepare(
        `select d.id, d.code, d.title, d.issued_on, doc.number as doc_number, doc.doc_type, doc.issuer as doc_issuer,
           doc.title as doc_title
         from directives d join reporting_schedules s on s.directive_id = d.id
         left join documents doc on doc.id = d.document_id
         where s.id = ?`,
      )
      .bind(period.scheduleId)
      .first<DirectiveRow>(),
    issuerOf(db, org),
  ]);
  const body = await loadIssuingBody(db, issuerOrg?.id ?? org.id);
  const parent = body
    ? await db
        .prepare(
          "select p.kind, p.name from organisations o join organisations p on p.id = o.parent_id where o.id = ?",
        )
        .bind(body.id)
        .first<{ kind: string; name: string }>()
    : null;
  const kind = directive?.doc_number
    ? storedDocumentKindLabel(directive.doc_number, directive.doc_type ?? "")
    : "Chỉ thị";
  const directiveIssuer = directive?.doc_issuer ?? "";
  const { results: goalRows } = directive
    ? await db
        .prepare(
          `select i.code, i.name, i.unit, i.value_kind as valueKind, i.baseline_value as baselineValue,
             i.baseline_year as baselineYear, t.year, t.value, t.comparator
           from indicators i left join indicator_targets t on t.indicator_id = i.id
           where i.directive_id = ? order by i.code, t.year`,
        )
        .bind(directive.id)
        .all<{
          code: string;
          name: string;
          unit: string;
          valueKind: string;
          baselineValue: number | null;
          baselineYear: number | null;
          year: number | null;
          value: number | null;
          comparator: string | null;
        }>()
    : { results: [] };
  const goals = new Map<string, NonNullable<ConsolidatedContent["indicatorGoals"]>[number]>();
  for (const r of goalRows) {
    const g = goals.get(r.code) ?? {
      code: r.code,
      name: r.name,
      unit: r.unit,
      valueKind: r.valueKind,
      baselineValue: r.baselineValue,
      baselineYear: r.baselineYear,
      targets: [],
    };
    if (r.year !== null && r.value !== null) {
      g.targets.push({ year: r.year, value: r.value, comparator: r.comparator ?? "gte" });
    }
    goals.set(r.code, g);
  }
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
    issuer: body?.name ?? org.name,
    directiveCode: directive?.code ?? "",
    directiveTitle: directive?.title ?? "",
    directiveIssuedOn: directive?.issued_on ?? localDate(now),
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
    ...(body
      ? {
          official: {
            issuerId: body.id,
            kind: body.kind,
            letterhead: body.letterhead,
            symbol: body.symbol,
            seat: body.seat,
            number: null,
            signerRole: "head" as const,
            signerName: null,
            recipients: recipientsOf(
              parent?.kind ?? null,
              parent?.name ?? null,
              directiveIssuer || "Ban Bí thư",
            ),
          },
        }
      : {}),
    directiveDocument: {
      kind,
      issuer: directiveIssuer,
      subject: subjectOf(directive?.doc_title ?? null, kind, directive?.title ?? ""),
    },
    indicatorGoals: [...goals.values()],
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

/** "Tổng hợp kết quả thực hiện Chỉ thị số 52-CT/TW, ngày 03/10/2025 của Ban Bí thư về … (Báo cáo 6 tháng, kỳ …)" */
export function reportTitle(c: ConsolidatedContent): string {
  const d = c.directiveDocument;
  const directive = d
    ? `${d.kind} số ${c.directiveCode}, ngày ${formatDateVi(c.directiveIssuedOn)}${d.issuer ? ` của ${d.issuer}` : ""} ${d.subject}`
    : `${c.directiveTitle}, ngày ${formatDateVi(c.directiveIssuedOn)}`;
  const schedule = c.period.scheduleName.replace(/ thực hiện .*$/u, "");
  return `Tổng hợp kết quả thực hiện ${directive.trim()} (${schedule}, kỳ ${c.period.label})`;
}

export const pct = (v: number | null, digits = 1) =>
  v === null ? "—" : `${v.toFixed(digits).replace(".", ",")}%`;
export const int = (v: number | null) =>
  v === null ? "—" : String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

/** "Hà Nội, ngày 24 tháng 11 năm 2026": the place of the issuer's seat. */
export function placeAndDate(c: ConsolidatedContent, at: number): string {
  return placeAndDateLine(c.official?.seat ?? "Hà Nội", localDate(at));
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

const vi = (n: number, digits = 2) => n.toLocaleString("vi-VN", { maximumFractionDigits: digits });

/** A value with its unit: "94,29%" for percentages, "1.234 người" otherwise. */
function withUnit(value: number, valueKind: string, unit: string): string {
  return valueKind === "percent" ? `${vi(value)}%` : `${vi(value)} ${unit}`;
}

/** The rolled-up value of an indicator in this report, when the roll-up computes it. */
function rolledUp(c: ConsolidatedContent, code: string): number | null {
  if (code === "coverage") return c.indicators.total.coverage;
  if (code === "insured") return c.indicators.total.insured;
  return null;
}

/** One sentence per indicator of the directive: the value reached, the baseline and the targets, from the data. */
export function indicatorParagraph(c: ConsolidatedContent): string {
  const goals = c.indicatorGoals ?? [];
  if (goals.length === 0) return "Chỉ thị chưa có chỉ tiêu định lượng.";
  const sentences = goals.map((g) => {
    const value = rolledUp(c, g.code);
    const reached =
      value === null ? "chưa có số liệu tổng hợp" : `đạt ${withUnit(value, g.valueKind, g.unit)}`;
    const context = [
      g.baselineValue !== null && g.baselineYear !== null
        ? `năm ${g.baselineYear}: ${withUnit(g.baselineValue, g.valueKind, g.unit)}`
        : null,
      ...g.targets.map(
        (t) =>
          `mục tiêu năm ${t.year}: ${t.comparator === "gt" ? "trên" : "đạt"} ${withUnit(t.value, g.valueKind, g.unit)}`,
      ),
    ].filter(Boolean);
    return `${g.name} ${reached}${context.length ? ` (${context.join("; ")})` : ""}`;
  });
  return `Theo số liệu của các báo cáo đã nộp: ${sentences.join("; ")}.`;
}

/** The report as .docx blocks: letterhead, place and date, title, numbered sections, "Nơi nhận". */
export function consolidatedBlocks(c: ConsolidatedContent, updatedAt: number): Block[] {
  const o = c.official;
  const blocks: Block[] = [
    officialHeadBlocks({
      letterhead: o?.letterhead ?? { superior: null, body: c.issuer.toUpperCase() },
      number: o?.number ?? null,
      type: "BC",
      symbol: o?.symbol ?? "",
      seat: o?.seat ?? "Hà Nội",
      date: localDate(updatedAt),
    }),
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
    officialFootBlock({
      recipients: o?.recipients ?? [],
      bodyKind: o?.kind ?? "commission",
      signerRole: o?.signerRole ?? "head",
      signerName: o?.signerName ?? null,
    }),
  );
  return blocks;
}
