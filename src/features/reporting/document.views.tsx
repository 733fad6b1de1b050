/** The report's print view in the official layout: JSX only, fed by document.pages.tsx. */
import { OfficialFoot, OfficialHead } from "../../documents/official-page";
import { numberLine, placeAndDateLine, signatureLines } from "../../domain/official-format";
import { outlineOf, plainLabel, valueInDocument } from "../../domain/report-outline";
import type { ReportDocument } from "./document.service";

export function ReportDocumentView(props: { id: string; doc: ReportDocument }) {
  return (
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <p class="noprint">
        <a href={`/bao-cao/${props.id}`}>← Về báo cáo</a> ·{" "}
        <a class="button secondary" href={`/bao-cao/${props.id}/van-ban.docx`}>
          Tải về (.docx)
        </a>{" "}
        Dùng lệnh In của trình duyệt để in.
      </p>
      <article class="doc">
        <OfficialHead
          letterhead={props.doc.body.letterhead}
          numberLine={numberLine(props.doc.number, "BC", props.doc.body.symbol)}
          placeAndDate={placeAndDateLine(props.doc.body.seat, props.doc.date)}
        />
        <h1 class="title">
          BÁO CÁO
          <br />
          {props.doc.subject}
        </h1>
        {outlineOf(props.doc.definition).map((group) => (
          <>
            <h2>{group.heading}</h2>
            {group.part === "appendix" ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Nội dung</th>
                    <th scope="col">Đơn vị tính</th>
                    <th scope="col" class="num">
                      Số liệu
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.items.map((item) => (
                    <tr>
                      <th scope="row">{plainLabel(item.label)}</th>
                      <td>{item.kind === "number" ? item.unit : ""}</td>
                      <td class="num">{valueInDocument(props.doc.values[item.key])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              group.items.map((item) => (
                <>
                  {group.items.length > 1 ? <h3>{plainLabel(item.label)}</h3> : null}
                  {valueInDocument(props.doc.values[item.key])
                    .split(/\n+/)
                    .map((p) => (
                      <p>{p}</p>
                    ))}
                </>
              ))
            )}
          </>
        ))}
        <OfficialFoot
          recipients={props.doc.recipients}
          signature={signatureLines(props.doc.body.kind, props.doc.signerRole)}
          signerName={props.doc.signerName}
        />
      </article>
    </>
  );
}
