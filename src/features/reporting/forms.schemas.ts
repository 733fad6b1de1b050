/** What the report forms' JSON routes accept and answer (the form builder's API). */
import * as z from "zod";
import { FormDefinition } from "../../domain/form";
import { FORM_TEMPLATES, type FormTemplateKey } from "../../domain/form-definition";
import { requiredText } from "../../domain/required-text";
import { staleWriteJson } from "../../platform/openapi";
import type { FormVersionRow } from "./forms.queries";

export const formName = requiredText("Vui lòng nhập tên biểu mẫu", 300, "Tên biểu mẫu dài quá 300 ký tự");

export const createFormSchema = z
  .strictObject({
    directiveId: requiredText("Vui lòng chọn chỉ thị", 64),
    name: formName,
    /** Either a definition, or a template to start from. */
    definition: FormDefinition.optional(),
    template: z
      .enum(Object.keys(FORM_TEMPLATES) as [FormTemplateKey], { error: "Không có mẫu này" })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.definition && !v.template) {
      ctx.addIssue({
        code: "custom",
        path: ["definition"],
        message: "Vui lòng gửi nội dung biểu mẫu hoặc chọn mẫu có sẵn",
      });
    }
  });

export const formVersionSchema = z.strictObject({
  name: formName,
  definition: FormDefinition,
  /** The version the editor started from; must still be the latest. */
  baseVersion: z.number({ error: "Thiếu phiên bản gốc" }).int().min(1),
});

export const formIdParams = z.object({ id: z.string().describe("Mã phiên bản biểu mẫu") });

/** `directiveId` longer than 64 characters is cut, not refused (as before the declaration). */
export const formListQuery = z.object({
  directiveId: z.string().optional().describe("Chỉ các biểu mẫu của chỉ thị này"),
});

/** One version of a form as the API shows it. */
export const formJsonSchema = z.object({
  id: z.string(),
  familyId: z.string().describe("Mã biểu mẫu (mã phiên bản 1)"),
  version: z.number().int(),
  name: z.string(),
  directiveId: z.string(),
  definition: FormDefinition.nullable().describe(
    "Nội dung biểu mẫu; null nếu nội dung đã lưu không đọc được",
  ),
  createdAt: z.number().int(),
});

export const formListJson = z.object({ forms: z.array(formJsonSchema) });

export const formDetailJson = z.object({
  ...formJsonSchema.shape,
  versions: z
    .array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        name: z.string(),
        createdAt: z.number().int(),
        periods: z.number().int().describe("Số kỳ báo cáo dùng phiên bản này"),
      }),
    )
    .describe("Mới nhất trước (tối đa 100)"),
});

export const savedFormJson = z.object({
  ...formJsonSchema.shape,
  changed: z.boolean().describe("false: nội dung không đổi, không tạo phiên bản mới"),
});

export const formTemplatesJson = z.object({
  templates: z.array(z.object({ key: z.string(), label: z.string(), definition: FormDefinition })),
});

/** A save from an older version carries both: the latest saved (`current`) and what was sent (`yours`). */
export const staleFormJson = staleWriteJson(
  formJsonSchema,
  z.object({ name: z.string(), definition: FormDefinition, baseVersion: z.number().int() }),
);

export function formJson(f: FormVersionRow): z.infer<typeof formJsonSchema> {
  return {
    id: f.id,
    familyId: f.familyId,
    version: f.version,
    name: f.name,
    directiveId: f.directiveId,
    definition: f.definition,
    createdAt: f.createdAt,
  };
}
