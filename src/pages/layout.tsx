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
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="icon" href="/favicon.ico" sizes="32x32" />
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
