/**
 * CSV import of organisations and people with roles: a page with a file field and a
 * "Kiểm tra trước" (dry-run) button, and the JSON endpoints
 * `POST /api/imports/organisations?dryRun=1` and `POST /api/imports/people?dryRun=1`
 * (body: text/csv, or multipart with a `file` field). All-or-nothing; see services/org-import.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { ROLE_LABELS, scopeFor } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { ORGANISATION_KINDS, ROLES } from "../db/schema";
import { ORGANISATION_KIND_LABELS as KIND_LABELS } from "../domain/status-labels";
import type { AppEnv } from "../http/context";
import { AppError, forbidden } from "../platform/errors";
import {
  decodeUtf8,
  type ImportContext,
  type ImportResult,
  importOrganisations,
  importPeople,
  MAX_IMPORT_BYTES,
  ORG_COLUMNS_CSV,
  PEOPLE_COLUMNS_CSV,
} from "../services/org-import";

export const importRoutes = new Hono<AppEnv>();

type Kind = "organisations" | "people";

function mayImportSomewhere(c: Context<AppEnv>): boolean {
  const s = scopeFor(c.var.principal, "org.manage");
  return s.global || s.subtrees.length > 0 || s.exact.length > 0;
}

const tooBig = () =>
  new AppError(
    "too_large",
    "file_too_large",
    `Tệp quá lớn (tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB); hãy chia nhỏ tệp`,
  );

/** The uploaded bytes: a text/csv body, or the `file` field of a multipart form. */
async function uploadedBytes(
  c: Context<AppEnv>,
): Promise<{ bytes: ArrayBuffer; fields: Record<string, string> }> {
  const type = c.req.header("content-type") ?? "";
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_IMPORT_BYTES + 64 * 1024) throw tooBig();
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") fields[k] = v;
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      throw new AppError("invalid", "file_missing", "Vui lòng chọn tệp CSV để tải lên", [
        { field: "file", message: "Chưa chọn tệp" },
      ]);
    }
    if (file.size > MAX_IMPORT_BYTES) throw tooBig();
    return { bytes: await file.arrayBuffer(), fields };
  }
  if (type.startsWith("text/csv") || type.startsWith("text/plain") || type === "") {
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > MAX_IMPORT_BYTES) throw tooBig();
    return { bytes, fields: {} };
  }
  throw new AppError(
    "unsupported",
    "unsupported_media_type",
    "Hãy gửi tệp CSV (text/csv) hoặc biểu mẫu có trường file",
  );
}

async function runImport(
  c: Context<AppEnv>,
  kind: Kind,
  bytes: ArrayBuffer,
  dryRun: boolean,
): Promise<ImportResult> {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, issues: [decoded.issue] };
  const principal = c.var.principal!;
  const ctx: ImportContext = {
    db: c.env.DB,
    principal,
    actor: { personId: principal.personId, kind: principal.kind, ip: clientIp(c) },
    now: c.var.now,
    dryRun,
  };
  const result =
    kind === "organisations"
      ? await importOrganisations(ctx, decoded.text)
      : await importPeople(ctx, decoded.text);
  // The import checked org.manage on every affected parent row by row.
  c.set("authorized", [...(c.var.authorized ?? []), "org.manage"]);
  return result;
}

function apiHandler(kind: Kind) {
  return async (c: Context<AppEnv>) => {
    if (!mayImportSomewhere(c)) throw forbidden();
    const dryRun = ["1", "true"].includes(c.req.query("dryRun") ?? "");
    const { bytes } = await uploadedBytes(c);
    const result = await runImport(c, kind, bytes, dryRun);
    if (!result.ok) {
      const bad = result.issues.some((i) => i.line === 0 && i.message.includes("UTF-8"));
      return c.json(
        {
          error: {
            code: bad ? "bad_encoding" : "import_invalid",
            message: bad ? result.issues[0]!.message : "Tệp có lỗi; chưa có dữ liệu nào được ghi",
            fields: result.issues.map((i) => ({
              field: i.column ? `dòng ${i.line}: ${i.column}` : `dòng ${i.line}`,
              message: i.message,
            })),
          },
          issues: result.issues,
        },
        422,
      );
    }
    return c.json(result);
  };
}

importRoutes.post(
  "/api/imports/organisations",
  requirePolicy("org.manage", "in-handler"),
  apiHandler("organisations"),
);
importRoutes.post("/api/imports/people", requirePolicy("org.manage", "in-handler"), apiHandler("people"));

const KIND_LABEL: Record<Kind, string> = { organisations: "Tổ chức", people: "Người dùng và vai trò" };
const ACTION_LABEL = { create: "Thêm mới", update: "Cập nhật", unchanged: "Không đổi" } as const;

async function importPage(
  c: Context<AppEnv>,
  result?: { kind: Kind; result: ImportResult },
  status: 200 | 422 = 200,
) {
  const csrf = await csrfTokenFor(c);
  const r = result?.result;
  return renderPage(
    c,
    "Nhập dữ liệu từ tệp CSV",
    <>
      <h1>Nhập dữ liệu từ tệp CSV</h1>
      <p>
        Tệp CSV mã hóa UTF-8 (trong Excel chọn “CSV UTF-8”), dòng đầu là tên cột. Tổ chức được nhận diện theo
        mã: nhập lại cùng tệp chỉ cập nhật những gì thay đổi. Nếu có bất kỳ dòng nào lỗi thì không dữ liệu nào
        được ghi.
      </p>
      <ul>
        <li>
          Tổ chức: <code>{ORG_COLUMNS_CSV.join(",")}</code>
        </li>
        <li>
          Người dùng: <code>{PEOPLE_COLUMNS_CSV.join(",")}</code>
        </li>
      </ul>
      <details open>
        <summary>Giá trị cho phép của cột kind (loại tổ chức) và role (vai trò)</summary>
        <table>
          <caption class="muted">Cột kind: ghi đúng mã ở cột bên trái</caption>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Loại tổ chức</th>
            </tr>
          </thead>
          <tbody>
            {ORGANISATION_KINDS.map((k) => (
              <tr>
                <td>
                  <code>{k}</code>
                </td>
                <td>{KIND_LABELS[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption class="muted">Cột role: ghi đúng mã ở cột bên trái</caption>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Vai trò</th>
            </tr>
          </thead>
          <tbody>
            {ROLES.map((r) => (
              <tr>
                <td>
                  <code>{r}</code>
                </td>
                <td>{ROLE_LABELS[r]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">Mọi lỗi của tệp được liệt kê cùng lúc, kèm số dòng; sửa hết rồi nhập lại.</p>
      </details>
      {r ? (
        <section aria-labelledby="result-h" class="card">
          <h2 id="result-h">
            {r.ok
              ? r.dryRun
                ? `Kiểm tra trước (${KIND_LABEL[result.kind]}): chưa ghi dữ liệu`
                : `Đã nhập ${KIND_LABEL[result.kind].toLowerCase()}`
              : "Tệp có lỗi, chưa có dữ liệu nào được ghi"}
          </h2>
          {r.ok ? (
            <>
              <p>
                Thêm mới: {r.created} · Cập nhật: {r.updated} · Không đổi: {r.unchanged}
              </p>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Dòng</th>
                    <th scope="col">Đối tượng</th>
                    <th scope="col">Thao tác</th>
                    <th scope="col">Thay đổi</th>
                  </tr>
                </thead>
                <tbody>
                  {r.items.slice(0, 500).map((i) => (
                    <tr>
                      <td>{i.line}</td>
                      <td>{i.key}</td>
                      <td>{ACTION_LABEL[i.action]}</td>
                      <td>{i.changes.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <ul role="alert">
              {r.issues.slice(0, 200).map((i) => (
                <li class="error">{i.message}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <form method="post" action="/nhap-du-lieu" enctype="multipart/form-data">
        <CsrfField token={csrf} />
        <label for="kind">Loại dữ liệu</label>
        <select id="kind" name="kind">
          <option value="organisations" selected={result?.kind !== "people"}>
            Tổ chức
          </option>
          <option value="people" selected={result?.kind === "people"}>
            Người dùng và vai trò
          </option>
        </select>
        <label for="file">Tệp CSV</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <p>
          <button type="submit" name="dryRun" value="1">
            Kiểm tra trước
          </button>{" "}
          <button type="submit" name="dryRun" value="0" class="secondary">
            Nhập dữ liệu
          </button>
        </p>
      </form>
    </>,
    status,
  );
}

importRoutes.get("/nhap-du-lieu", requirePolicy("org.manage", "in-handler"), async (c) => {
  if (!mayImportSomewhere(c)) throw forbidden();
  c.set("authorized", [...(c.var.authorized ?? []), "org.manage"]);
  return importPage(c);
});

importRoutes.post("/nhap-du-lieu", requirePolicy("org.manage", "in-handler"), async (c) => {
  if (!mayImportSomewhere(c)) throw forbidden();
  const { bytes, fields } = await uploadedBytes(c);
  const kind: Kind = fields.kind === "people" ? "people" : "organisations";
  const result = await runImport(c, kind, bytes, fields.dryRun !== "0");
  return importPage(c, { kind, result }, result.ok ? 200 : 422);
});
