// Text placed into a Liquid template that Shopify renders in the shop's theme (the app proxy's
// `application/liquid` answers). HTML escaping is not enough there: `{{ customer.email }}` typed into a form
// would be run by Shopify as Liquid and print the viewer's own data. So the Liquid delimiters go too.

const LIQUID_SAFE: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "{": "&#123;",
  "}": "&#125;",
  "%": "&#37;",
};

/**
 * Any stored or typed text, safe to print in an `application/liquid` page: HTML-escaped (text and quoted
 * attribute values alike), and `{`, `}`, `%` written as character references, so no Liquid tag or output
 * can be formed from it. The browser shows the original text.
 */
export function escapeForLiquid(text: string | number | null | undefined): string {
  return String(text ?? "").replace(/[&<>"'{}%]/g, (c) => LIQUID_SAFE[c]);
}
