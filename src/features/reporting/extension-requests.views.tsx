/** Extension requests on the report page: the requests so far and the reporter's form. */
import { CsrfField } from "../../auth/page";
import { formatDateVi } from "../../domain/time";
import type { ExtensionRequestRow } from "./extension-requests.queries";

export const EXTENSION_STATUS_LABELS: Record<ExtensionRequestRow["status"], string> = {
  pending: "Chờ quyết định",
  granted: "Đã chấp thuận",
  refused: "Không chấp thuận",
  withdrawn: "Đã rút",
};

const STATUS_LABELS = EXTENSION_STATUS_LABELS;

/** The reporter's request form and the requests so far, for the report page. */
export function ExtensionRequestSection(props: {
  obligationId: string;
  requests: ExtensionRequestRow[];
  mayAsk: boolean;
  csrf: string;
}) {
  const pending = props.requests.find((r) => r.status === "pending");
  return (
    <section aria-labelledby="ext-h" class="card noprint">
      <h2 id="ext-h">Gia hạn</h2>
      {props.requests.length ? (
        <ul>
          {props.requests.map((r) => (
            <li>
              <a href={`/de-nghi-gia-han/${r.id}`}>Đề nghị đến {formatDateVi(r.requestedDueOn)}</a>:{" "}
              {STATUS_LABELS[r.status]}
              {r.grantedDueOn ? ` (hạn mới ${formatDateVi(r.grantedDueOn)})` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {props.mayAsk && !pending ? (
        <form method="post" action={`/bao-cao/${props.obligationId}/xin-gia-han`}>
          <CsrfField token={props.csrf} />
          <label for="ext-date">Đề nghị gia hạn đến ngày</label>
          <input id="ext-date" name="requestedDueOn" type="date" required />
          <label for="ext-reason">Lý do</label>
          <textarea id="ext-reason" name="reason" rows={3} required minlength={10} maxlength={1000} />
          <p>
            <button type="submit" class="secondary">
              Gửi đề nghị gia hạn
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
