/**
 * The sign-in link email: table-based layout with inline styles (mail clients ignore
 * stylesheets), one button, and a plain-text part. It is a transactional message asked
 * for by the recipient, so it carries no List-Unsubscribe header.
 */
import { salutation } from "./layout";

export interface SigninLinkEmailInput {
  fullName: string;
  /** The person's position (chức vụ), in the salutation when known. */
  title?: string | null;
  link: string;
  /** Minutes the link stays valid. */
  validMinutes: number;
  /** When the link expires, already formatted for Vietnam (e.g. "14:05 ngày 03/11/2026"). */
  expiresAtText: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function signinLinkEmail(input: SigninLinkEmailInput): RenderedEmail {
  const subject = "Liên kết đăng nhập hệ thống Theo dõi thực hiện Chỉ thị";
  const html = (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f6f8fa;">
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          border={0}
          style="background:#f6f8fa;"
        >
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table
                role="presentation"
                width="560"
                cellpadding="0"
                cellspacing="0"
                border={0}
                style="max-width:560px;width:100%;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;"
              >
                <tr>
                  <td style="background:#b00020;color:#ffffff;padding:14px 20px;font:600 16px Arial,Helvetica,sans-serif;border-radius:8px 8px 0 0;">
                    Theo dõi thực hiện Chỉ thị
                  </td>
                </tr>
                <tr>
                  <td style="padding:20px;font:16px/1.5 Arial,Helvetica,sans-serif;color:#1b1f24;">
                    <p style="margin:0 0 12px;">{salutation(input.fullName, input.title)}</p>
                    <p style="margin:0 0 12px;">
                      Đồng chí (hoặc ai đó dùng địa chỉ thư này) vừa yêu cầu đăng nhập hệ thống. Bấm nút dưới
                      đây để đăng nhập. Liên kết chỉ dùng được một lần và hết hạn sau {input.validMinutes}{" "}
                      phút (lúc {input.expiresAtText}).
                    </p>
                    <table
                      role="presentation"
                      cellpadding="0"
                      cellspacing="0"
                      border={0}
                      style="margin:20px 0;"
                    >
                      <tr>
                        <td style="border-radius:6px;background:#0550ae;">
                          <a
                            href={input.link}
                            style="display:inline-block;padding:12px 22px;font:600 16px Arial,Helvetica,sans-serif;color:#ffffff;text-decoration:none;border-radius:6px;"
                          >
                            Đăng nhập
                          </a>
                        </td>
                      </tr>
                    </table>
                    <p style="margin:0 0 12px;color:#57606a;font-size:14px;">
                      Nếu nút không hoạt động, hãy chép liên kết sau vào trình duyệt:
                      <br />
                      <a href={input.link} style="color:#0550ae;word-break:break-all;">
                        {input.link}
                      </a>
                    </p>
                    <p style="margin:0;color:#57606a;font-size:14px;">
                      Nếu đồng chí không yêu cầu đăng nhập, hãy bỏ qua thư này; tài khoản vẫn an toàn.
                    </p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
  const text = [
    salutation(input.fullName, input.title),
    "",
    "Đồng chí (hoặc ai đó dùng địa chỉ thư này) vừa yêu cầu đăng nhập hệ thống Theo dõi thực hiện Chỉ thị.",
    `Mở liên kết sau để đăng nhập (dùng một lần, hết hạn sau ${input.validMinutes} phút, lúc ${input.expiresAtText}):`,
    "",
    input.link,
    "",
    "Nếu đồng chí không yêu cầu đăng nhập, hãy bỏ qua thư này; tài khoản vẫn an toàn.",
  ].join("\n");
  return { subject, html: `<!doctype html>${html.toString()}`, text };
}
