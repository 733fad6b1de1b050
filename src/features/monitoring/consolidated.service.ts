/**
 * The consolidated report (báo cáo tổng hợp) of a period for a subtree: the rates, the
 * indicator table per child, what each organisation said under each directive section (accepted
 * reports, and submitted ones marked as not yet reviewed), and who has not reported. Saved as a
 * dated JSON snapshot in `consolidated_reports`, editable (the Commission's own summary), and
 * rendered as a printable page and as .docx in the conventional layout of a Party report
 * (consolidated.document.ts).
 */
import { auditStatement } from "../../audit";
import type { Principal } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import { loadIssuingBody, subjectOf } from "../../documents/official-body";
import { deadlineOf, formatDeadline } from "../../domain/deadline";
import { storedDocumentKindLabel } from "../../domain/document-number";
import { parseValues } from "../../domain/form-values";
import { localDate } from "../../domain/time";
import { newId } from "../../ids";
import { AppError } from "../../platform/errors";
import { reportTitle } from "./consolidated.document";
import {
  directiveOfSchedule,
  EDIT_WON_SQL,
  indicatorGoalRows,
  insertSnapshotStatement,
  issuerOf,
  narrativeReports,
  parentOf,
  type SnapshotRow,
  sectionsOfSchedule,
  updateSnapshotStatement,
} from "./consolidated.queries";
import { type ConsolidatedContent, type ConsolidatedEdit, consolidatedSchema } from "./consolidated.schemas";
import { indicatorRollup, notReported, rollupSubtree } from "./monitoring.queries";
import { childrenOf, type OrgInfo, type PeriodInfo, type ReadDb } from "./selection.queries";

/** Reports whose narratives enter one snapshot (a snapshot row must stay well under D1's 2 MB). */
export const MAX_NARRATIVE_REPORTS = 300;

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
    directiveOfSchedule(db, period.scheduleId),
    issuerOf(db, org),
  ]);
  const calendar = await loadCalendar(db);
  const body = await loadIssuingBody(db, issuerOrg?.id ?? org.id);
  const parent = body ? await parentOf(db, body.id) : null;
  const kind = directive?.docNumber
    ? storedDocumentKindLabel(directive.docNumber, directive.docType ?? "")
    : "Chỉ thị";
  const directiveIssuer = directive?.docIssuer ?? "";
  const goalRows = directive ? await indicatorGoalRows(db, directive.id) : [];
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
  const sections = await sectionsOfSchedule(db, period.scheduleId);
  const reports = await narrativeReports(db, period.id, org, MAX_NARRATIVE_REPORTS + 1);
  // A malformed stored version contributes no narrative.
  const parsed = reports
    .slice(0, MAX_NARRATIVE_REPORTS)
    .map((r) => ({ ...r, values: parseValues(r.content) }));
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
      dueText: formatDeadline(deadlineOf(period.dueOn, calendar), calendar),
    },
    organisation: { id: org.id, name: org.name },
    issuer: body?.name ?? org.name,
    directiveCode: directive?.code ?? "",
    directiveTitle: directive?.title ?? "",
    directiveIssuedOn: directive?.issuedOn ?? localDate(now),
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
          ? [{ organisationName: r.organisationName, status: r.status, text: text.trim() }]
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
      subject: subjectOf(directive?.docTitle ?? null, kind, directive?.title ?? ""),
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

/** A stored snapshot's content, or a failure when it no longer parses. */
export function snapshotContent(row: SnapshotRow): ConsolidatedContent {
  const content = parseContent(row.content);
  if (!content) throw new AppError("internal", "snapshot_corrupt", "Bản tổng hợp bị hỏng, vui lòng lập lại");
  return content;
}

type Actor = Pick<Principal, "personId" | "kind">;

/** Builds the period's report for the organisation now and saves it as a snapshot (audited). Returns its id. */
export async function createSnapshot(
  db: D1Database,
  org: OrgInfo,
  period: PeriodInfo,
  actor: Actor,
  now: number,
): Promise<string> {
  const content = await buildConsolidated(db, org, period, now);
  const id = newId("bt_");
  await db.batch([
    insertSnapshotStatement(
      db,
      {
        id,
        periodId: period.id,
        organisationId: org.id,
        title: reportTitle(content),
        content: JSON.stringify(content),
        createdBy: actor.personId,
      },
      now,
    ),
    auditStatement(db, {
      at: now,
      actorKind: actor.kind,
      actorPersonId: actor.personId,
      action: "consolidated.created",
      entityType: "consolidated_report",
      entityId: id,
      organisationId: org.id,
      data: { periodId: period.id, expected: content.totals.expected, reported: content.totals.reported },
    }),
  ]);
  return id;
}

/**
 * Saves the Commission's summary (and the number and signer) over the revision the edit was made
 * from. `saved: false` when someone saved since: nothing is overwritten.
 */
export async function saveSnapshotEdit(
  db: D1Database,
  row: SnapshotRow,
  content: ConsolidatedContent,
  edit: ConsolidatedEdit,
  actor: Actor,
  now: number,
): Promise<{ saved: boolean; summary: string }> {
  const summary = edit.summary.replace(/\r\n/g, "\n");
  const next: ConsolidatedContent = {
    ...content,
    summary,
    ...(content.official
      ? {
          official: {
            ...content.official,
            number: edit.number === undefined ? content.official.number : edit.number || null,
            signerRole: edit.signerRole ?? content.official.signerRole,
            signerName: edit.signerName === undefined ? content.official.signerName : edit.signerName || null,
          },
        }
      : {}),
  };
  const nextJson = JSON.stringify(next);
  const [updated] = await db.batch([
    updateSnapshotStatement(db, row.id, nextJson, edit.revision, now),
    auditStatement(
      db,
      {
        at: now,
        actorKind: actor.kind,
        actorPersonId: actor.personId,
        action: "consolidated.edited",
        entityType: "consolidated_report",
        entityId: row.id,
        organisationId: row.organisationId,
        data: { before: content.summary, after: next.summary, fromRevision: edit.revision },
      },
      // Only the edit that won: same revision and instant are not enough (two edits in one
      // millisecond), the stored content must be this edit's.
      { sql: EDIT_WON_SQL, params: [row.id, edit.revision + 1, now, nextJson] },
    ),
  ]);
  return { saved: (updated?.meta.changes ?? 0) === 1, summary };
}
