/** The head and foot of an official document on a page (print view), matching the .docx layout. */
import type { Letterhead } from "../domain/official-format";

export function OfficialHead(props: { letterhead: Letterhead; numberLine: string; placeAndDate: string }) {
  return (
    <div class="head official-head">
      <div>
        {props.letterhead.superior ? <span class="superior">{props.letterhead.superior}</span> : null}
        {props.letterhead.superior ? <br /> : null}
        <strong class="body">{props.letterhead.body}</strong>
        <br />*<br />
        <span class="number">{props.numberLine}</span>
      </div>
      <div>
        <strong>
          <u>ĐẢNG CỘNG SẢN VIỆT NAM</u>
        </strong>
        <p class="place">{props.placeAndDate}</p>
      </div>
    </div>
  );
}

export function OfficialFoot(props: {
  recipients: string[];
  signature: string[];
  signerName: string | null;
}) {
  return (
    <div class="head recipients">
      <div>
        <p>
          <u>Nơi nhận:</u>
        </p>
        <ul>
          {props.recipients.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
      </div>
      <div class="signature">
        {props.signature.map((line) => (
          <>
            <strong>{line}</strong>
            <br />
          </>
        ))}
        <p class="signer">{props.signerName ?? ""}</p>
      </div>
    </div>
  );
}
