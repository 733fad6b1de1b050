/** A stylesheet link placed in the body (allowed by HTML and the CSP's style-src 'self'). */
export function PageStyles() {
  return <link rel="stylesheet" href="/assets/review.css" />;
}
