/**
 * The form builder's decisions, pure: the templates a new form starts from (the standard outline
 * of a Party report), turning the builder page's flat fields back into a form definition (and a
 * definition into those fields), and versioning (a save that changes nothing adds no version; a
 * change adds one, which the schedules move to while open periods keep theirs).
 */
import {
  CrossFieldRule,
  FormDefinition,
  type FormItem,
  NUMBER_VALUE_KINDS,
  RULE_OPERATORS,
  type RuleOperator,
} from "./form";
import { fieldNumber } from "./numbers";

/**
 * The standard outline of a Party committee's report on implementing a directive: leadership
 * and direction; results; assessment (strengths, limitations, causes, lessons); directions;
 * recommendations; the data appendix.
 */
export const STANDARD_OUTLINE_TEMPLATE: FormDefinition = {
  version: 1,
  title: "Báo cáo kết quả thực hiện",
  items: [
    narrative(
      "lanh_dao_chi_dao",
      "Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền",
      "I. Tình hình triển khai thực hiện",
      true,
    ),
    narrative(
      "ket_qua",
      "Kết quả thực hiện các nhiệm vụ, giải pháp",
      "I. Tình hình triển khai thực hiện",
      true,
    ),
    narrative("uu_diem", "Ưu điểm", "II. Đánh giá chung", true),
    narrative("han_che", "Hạn chế, khó khăn, vướng mắc", "II. Đánh giá chung", true),
    narrative("nguyen_nhan", "Nguyên nhân (khách quan, chủ quan)", "II. Đánh giá chung", true),
    narrative("bai_hoc", "Bài học kinh nghiệm", "II. Đánh giá chung", false),
    narrative("phuong_huong", "Phương hướng, nhiệm vụ thời gian tới", "III. Phương hướng, nhiệm vụ", true),
    narrative("kien_nghi", "Kiến nghị, đề xuất", "IV. Kiến nghị, đề xuất", false),
    {
      kind: "number",
      key: "hoi_nghi_quan_triet",
      label: "Số hội nghị quán triệt, triển khai",
      section: "Phụ lục số liệu",
      unit: "hội nghị",
      valueKind: "integer",
      min: 0,
      required: true,
    },
    {
      kind: "yesno",
      key: "ban_hanh_ke_hoach",
      label: "Đã ban hành chương trình/kế hoạch thực hiện",
      section: "Phụ lục số liệu",
      help: "Nếu có, ghi số hiệu văn bản, ví dụ 01-KH/TU.",
      requiresDocumentRef: true,
      required: true,
    },
  ],
};

function narrative(key: string, label: string, section: string, required: boolean): FormItem {
  return { kind: "narrative", key, label, section, required, maxLength: 20_000 };
}

export const FORM_TEMPLATES = {
  standard: {
    label:
      "Đề cương báo cáo chuẩn (lãnh đạo, chỉ đạo; kết quả; đánh giá; phương hướng; kiến nghị; phụ lục số liệu)",
    definition: STANDARD_OUTLINE_TEMPLATE,
  },
} as const;
export type FormTemplateKey = keyof typeof FORM_TEMPLATES;

/** A form definition as stored: keys in a fixed order, so equal forms compare equal as text. */
export function canonicalDefinition(def: FormDefinition): string {
  return JSON.stringify(FormDefinition.parse(def));
}

export interface VersionDecision {
  /** False when the new definition equals the latest version (nothing is written). */
  changed: boolean;
  version: number;
  added: string[];
  removed: string[];
  modified: string[];
}

/** What saving `next` over `latest` (null for a new form) does. */
export function decideVersion(
  latest: { version: number; definition: FormDefinition; name: string } | null,
  next: FormDefinition,
  nextName: string,
): VersionDecision {
  if (!latest) {
    return { changed: true, version: 1, added: next.items.map((i) => i.key), removed: [], modified: [] };
  }
  const before = new Map(latest.definition.items.map((i) => [i.key, JSON.stringify(i)]));
  const after = new Map(next.items.map((i) => [i.key, JSON.stringify(i)]));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const modified = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
  const changed =
    nextName !== latest.name || canonicalDefinition(latest.definition) !== canonicalDefinition(next);
  return { changed, version: changed ? latest.version + 1 : latest.version, added, removed, modified };
}

// ---- the builder page's fields <-> a definition

/** Flat fields as a form post gives them: `items.0.label`, `rules.1.op`, … */
export type BuilderFields = Record<string, string | undefined>;

const ITEM_KINDS = ["narrative", "number", "yesno"] as const;

/**
 * The definition the builder's fields describe (not yet validated: pass it to `FormDefinition`),
 * with the editing intents applied: `remove` drops item i, `up`/`down` move it, `add` appends an
 * item of a kind, `addRule`/`removeRule` edit the rules.
 */
export function definitionFromFields(fields: BuilderFields, intent = ""): unknown {
  const count = Math.min(500, Number(fields.itemCount ?? "0") || 0);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const f = (name: string) => fields[`items.${i}.${name}`];
    const kind = f("kind");
    if (!kind) continue;
    const base: Record<string, unknown> = {
      kind,
      key: (f("key") ?? "").trim(),
      label: (f("label") ?? "").trim(),
      required: f("required") === "on" || f("required") === "true",
    };
    const section = (f("section") ?? "").trim();
    if (section) base.section = section;
    const help = (f("help") ?? "").trim();
    if (help) base.help = help;
    if (kind === "narrative") {
      base.maxLength = fieldNumber(f("maxLength")) ?? 20_000;
    } else if (kind === "number") {
      base.unit = (f("unit") ?? "").trim();
      base.valueKind = f("valueKind") || "integer";
      // A blank bound is no bound (absent, as a hand-written definition would have it).
      const min = fieldNumber(f("min"));
      const max = fieldNumber(f("max"));
      if (min !== null) base.min = min;
      if (max !== null) base.max = max;
      const code = (f("indicatorCode") ?? "").trim();
      if (code) base.indicatorCode = code;
    } else if (kind === "yesno") {
      base.requiresDocumentRef = f("requiresDocumentRef") === "on" || f("requiresDocumentRef") === "true";
    }
    items.push(base);
  }
  const ruleCount = Math.min(100, Number(fields.ruleCount ?? "0") || 0);
  const rules: Record<string, unknown>[] = [];
  for (let i = 0; i < ruleCount; i++) {
    const left = (fields[`rules.${i}.left`] ?? "").trim();
    const right = (fields[`rules.${i}.right`] ?? "").trim();
    if (!left && !right) continue;
    const rule: Record<string, unknown> = { left, op: fields[`rules.${i}.op`] || "lte", right };
    const message = (fields[`rules.${i}.message`] ?? "").trim();
    if (message) rule.message = message;
    rules.push(rule);
  }
  const [verb, arg] = intent.split(":");
  const at = Number(arg);
  if (verb === "remove" && items[at]) items.splice(at, 1);
  if (verb === "up" && at > 0 && items[at]) [items[at - 1], items[at]] = [items[at]!, items[at - 1]!];
  if (verb === "down" && items[at + 1]) [items[at + 1], items[at]] = [items[at]!, items[at + 1]!];
  if (verb === "add" && (ITEM_KINDS as readonly string[]).includes(arg ?? ""))
    items.push(blankItem(arg!, items));
  if (verb === "addRule") rules.push({ left: "", op: "lte", right: "" });
  if (verb === "removeRule" && rules[at]) rules.splice(at, 1);
  const title = (fields.title ?? "").trim();
  return { version: 1, ...(title ? { title } : {}), items, ...(rules.length ? { rules } : {}) };
}

function blankItem(kind: string, items: Record<string, unknown>[]): Record<string, unknown> {
  const taken = new Set(items.map((i) => i.key));
  let n = items.length + 1;
  while (taken.has(`muc_${n}`)) n++;
  const base = { kind, key: `muc_${n}`, label: "", required: false };
  if (kind === "narrative") return { ...base, maxLength: 20_000 };
  if (kind === "number") return { ...base, unit: "", valueKind: "integer", min: 0, max: null };
  return { ...base, requiresDocumentRef: false };
}

/** The builder's fields for a definition (the inverse of `definitionFromFields`). */
export function fieldsFromDefinition(def: {
  title?: string;
  items: Record<string, unknown>[];
  rules?: Record<string, unknown>[];
}): BuilderFields {
  const out: BuilderFields = { title: def.title ?? "", itemCount: String(def.items.length) };
  def.items.forEach((item, i) => {
    for (const [k, v] of Object.entries(item)) {
      if (v === null || v === undefined) continue;
      out[`items.${i}.${k}`] = typeof v === "boolean" ? (v ? "on" : "") : String(v);
    }
  });
  const rules = def.rules ?? [];
  out.ruleCount = String(rules.length);
  rules.forEach((r, i) => {
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[`rules.${i}.${k}`] = String(v);
  });
  return out;
}

export { CrossFieldRule, NUMBER_VALUE_KINDS, RULE_OPERATORS, type RuleOperator };
