/**
 * Stands in for `postal-mime` in the Worker bundle (wrangler.toml `[alias]`). Resend's SDK
 * imports it only to forward received (inbound) emails, which this Worker never does; the real
 * parser is ~20 KB gzip. Calling it is a bug, so it says so.
 */
const PostalMime = {
  parse(): never {
    throw new Error("postal-mime is not bundled: this Worker does not forward inbound email");
  },
};
export default PostalMime;
