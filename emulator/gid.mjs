// @ts-check
// Shopify global ids: gid://shopify/Customer/7001 <-> "7001".

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/([1-9]\d*)(?:\?.*)?$/;

/** @param {string} type @param {string} id */
export function toGid(type, id) {
  return `gid://shopify/${type}/${id}`;
}

/**
 * @param {unknown} gid
 * @returns {{ type: string, id: string } | null}
 */
export function parseGid(gid) {
  if (typeof gid !== "string") return null;
  const match = GID_PATTERN.exec(gid);
  return match ? { type: match[1], id: match[2] } : null;
}
