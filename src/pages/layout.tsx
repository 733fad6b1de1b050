import { raw } from "hono/html";
import type { Child } from "hono/jsx";

export interface LayoutProps {
  title: string;
  children: Child;
  /** Shown in the header when someone is signed in. */
  userName?: string;
  csrfToken?: string;
  nav?: Child;
}

/**
 * Served at /assets/app.css so the CSP can forbid inline styles and scripts.
 * Focus outlines are dark on the white page and white on the red header: at least 3:1 against
 * what they are drawn on (WCAG 1.4.11; the e2e suite checks it).
 */
export const APP_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--accent:#b00020;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--link:#0550ae}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#fff}
header{background:var(--accent);color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;font-weight:600}header nav{display:flex;gap:.35rem 1rem;flex-wrap:wrap;align-items:center;flex:1}
header nav button{padding:.25rem .7rem;font-size:.95rem}
@media (max-width:40rem){header nav{order:3;flex:1 1 100%;font-size:.95rem}}
main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:var(--link)}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}.muted{color:var(--muted)}.card{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:.75rem 0}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.85rem;border:1px solid currentColor}
.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}
button,.button{display:inline-block;background:var(--link);color:#fff;border:0;border-radius:6px;padding:.55rem 1rem;font-size:1rem;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--link);border:1px solid var(--link)}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input,textarea,select{width:100%;max-width:40rem;font:inherit;padding:.45rem;border:1px solid #8c959f;border-radius:6px}
textarea{min-height:7rem}:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}header :focus-visible{outline-color:#fff}
.grid{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr))}.stat{font-size:1.8rem;font-weight:700}
.error{color:var(--bad);font-weight:600}.notice{background:#fff8c5;border:1px solid #d4a72c;padding:.6rem;border-radius:6px}
form.inline{display:inline;margin:0}.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
button.big{font-size:1.2rem;font-weight:600;padding:.8rem 2rem;width:100%;max-width:22rem}
dl.grid dd{margin:0}textarea.secret{min-height:0;font-family:ui-monospace,monospace;word-break:break-all}
@media print{header,nav,.noprint{display:none}}
`;

export function Layout(props: LayoutProps) {
  // The doctype keeps browsers out of quirks mode (JSX cannot write it).
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {props.csrfToken ? <meta name="csrf-token" content={props.csrfToken} /> : null}
          <title>{`${props.title} · Theo dõi thực hiện Chỉ thị`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body>
          <header>
            <a href="/">Theo dõi thực hiện Chỉ thị</a>
            <nav aria-label="Điều hướng chính">{props.nav}</nav>
            {props.userName ? <span>{props.userName}</span> : null}
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}
