// Product connections: a product connected to an affiliate earns that affiliate a commission on the
// product's lines of every order (attribution.md, rule 5), at the connection's rate, else the
// affiliate's own, else the program's default.
import type { Prisma, PrismaClient } from "@prisma/client";
import { z } from "zod";
import { queryAdmin, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import { isGid, legacyId, toProductGid } from "~/graphql/ids";
import {
  PRODUCTS_BY_ID,
  productsFromNodes,
  type ProductsByIdData,
  type ProductsByIdVariables,
} from "~/graphql/products-by-id";
import { paginate, type PageInfo } from "~/lib/pagination";
import { orderByColumn, type ListSort } from "~/lib/sorting";
import { rateSchema } from "~/models/program/program.server";
import { fieldErrorsFromZod, type FieldErrors } from "~/lib/forms";
import { countOf } from "~/format/counts";
import { skippedMissing, type BulkAnswer } from "~/lib/answers";
import { EARNING_AFFILIATE } from "~/models/affiliates/affiliates.server";

/** The most products one submission connects (one ProductsById request). */
export const MAX_PRODUCTS_PER_CONNECT = 250;

export interface ProductConnectionRow {
  id: string;
  productId: string;
  productTitle: string;
  affiliateId: string;
  affiliateName: string;
  affiliateRef: string;
  affiliateActive: boolean;
  /** The connection's own rate; null when it earns the affiliate's or the program's rate. */
  rate: { kind: string; value: string } | null;
  /** What a connection without its own rate earns: "affiliate" when the affiliate has a rate. */
  fallback: "affiliate" | "program";
  /**
   * The affiliate whose connection owns this product instead of this one (the earliest connection of an
   * active affiliate wins, attribution.md rule 5); null when this connection owns it or none is active.
   */
  ownedBy: string | null;
  createdAt: string;
}

export interface ProductListFilters {
  affiliateId: string | null;
}

/** The columns the Products list sorts by. */
export const PRODUCT_SORTS = ["product", "createdAt"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** One page of this shop's product connections, newest first unless sorted otherwise, optionally of one affiliate. */
export async function listProductConnections(
  db: PrismaClient,
  shop: string,
  filters: ProductListFilters,
  page: number,
  sort: ListSort<ProductSort> = { key: "createdAt", direction: "desc" },
): Promise<{ connections: ProductConnectionRow[]; pageInfo: PageInfo }> {
  const where: Prisma.ProductConnectionWhereInput = { shop };
  if (filters.affiliateId) where.affiliateId = filters.affiliateId;
  const total = await db.productConnection.count({ where });
  const { pageInfo, skip, take } = paginate(total, page);
  const rows = await db.productConnection.findMany({
    where,
    include: { affiliate: { select: { name: true, refCode: true, active: true, rateKind: true } } },
    orderBy: orderByColumn(sort.key === "product" ? "productTitle" : "createdAt", sort.direction),
    skip,
    take,
  });
  // Who owns each product on this page: the earliest connection whose affiliate earns.
  const all = await db.productConnection.findMany({
    where: {
      shop,
      productId: { in: [...new Set(rows.map((row) => row.productId))] },
      affiliate: EARNING_AFFILIATE,
    },
    select: { id: true, productId: true, affiliate: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const owners = new Map<string, { id: string; name: string }>();
  for (const connection of all) {
    if (!owners.has(connection.productId)) {
      owners.set(connection.productId, { id: connection.id, name: connection.affiliate.name });
    }
  }
  return {
    pageInfo,
    connections: rows.map((row) => ({
      id: row.id,
      productId: row.productId,
      productTitle: row.productTitle ?? `Product ${row.productId}`,
      affiliateId: row.affiliateId,
      affiliateName: row.affiliate.name,
      affiliateRef: row.affiliate.refCode,
      affiliateActive: row.affiliate.active,
      rate: row.rateKind && row.rateValue ? { kind: row.rateKind, value: row.rateValue } : null,
      fallback: row.affiliate.rateKind ? "affiliate" : "program",
      ownedBy:
        owners.has(row.productId) && owners.get(row.productId)?.id !== row.id
          ? (owners.get(row.productId)?.name ?? null)
          : null,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

/** A connected product as Shopify has it now: its title and image, or gone (deleted from the store). */
export type ShopifyProduct =
  | { found: true; title: string; image: { url: string; altText: string | null } | null }
  | { found: false };

/**
 * The listed products as Shopify has them now (one ProductsById request for the page); null when Shopify
 * cannot be reached, so the list still shows what the app stored.
 */
export async function shopifyProducts(
  graphql: AdminGraphqlClient,
  productIds: string[],
): Promise<Map<string, ShopifyProduct> | null> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return new Map();
  try {
    const data = await queryAdmin<ProductsByIdData>(graphql, PRODUCTS_BY_ID, {
      ids: ids.map((id) => toProductGid(id)),
    } satisfies ProductsByIdVariables);
    const found = new Map(productsFromNodes(data.nodes).map((product) => [legacyId(product.id), product]));
    return new Map(
      ids.map((id): [string, ShopifyProduct] => {
        const product = found.get(id);
        return [id, product ? { found: true, title: product.title, image: product.image } : { found: false }];
      }),
    );
  } catch (error) {
    if (error instanceof ShopifyUnavailableError) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Connecting

/** A product id as the resource picker gives it (gid) or as Shopify's webhooks do (numeric). */
const productId = z
  .string()
  .trim()
  .refine((id) => /^[1-9]\d*$/.test(id) || isGid(id, "Product"), "is not a Shopify product id")
  .transform((id) => (isGid(id) ? legacyId(id, "Product") : id));

const connectSchema = z.object({
  affiliateId: z.string({ required_error: "Choose an affiliate" }).trim().min(1, "Choose an affiliate"),
  products: z
    .array(z.object({ id: productId, title: z.string().trim().max(255).optional() }), {
      invalid_type_error: "Select products to connect",
    })
    .min(1, "Select at least one product")
    .max(MAX_PRODUCTS_PER_CONNECT, `Connect at most ${MAX_PRODUCTS_PER_CONNECT} products at a time`),
  rate: z.union([z.null(), rateSchema]),
});

export interface ConnectFields {
  affiliateId?: string;
  /** JSON: `[{ "id": "gid://shopify/Product/8001", "title": "Trail shoe" }]`, as the picker selected them. */
  products?: string;
  /** "" (or absent) for no rate of its own. */
  "rate.kind"?: string;
  "rate.value"?: string;
}

export type ConnectResult =
  | {
      ok: true;
      affiliateId: string;
      /** New connections. */
      connected: number;
      /** Connections that existed and got the new rate. */
      updated: number;
      /** Products already connected to another affiliate, whose earlier connection owns them. */
      ownedElsewhere: Array<{ productId: string; productTitle: string; affiliateName: string }>;
    }
  | { ok: false; errors: FieldErrors };

function parseProducts(raw: string | undefined): unknown {
  if (!raw) return [];
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/**
 * Connects products to an affiliate of this shop, with an optional rate of their own. The products are
 * looked up in Shopify (they must exist; their titles are stored). Connecting a product again to the
 * same affiliate updates its rate. Errors are keyed by field: `affiliateId`, `products`, `rate.kind`,
 * `rate.value`, or `form`.
 */
export async function connectProducts(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  fields: ConnectFields,
): Promise<ConnectResult> {
  const kind = fields["rate.kind"]?.trim() ?? "";
  const parsed = connectSchema.safeParse({
    affiliateId: fields.affiliateId,
    products: parseProducts(fields.products),
    rate: kind ? { kind, value: fields["rate.value"] ?? "" } : null,
  });
  const errors: FieldErrors = parsed.success ? {} : collapse(fieldErrorsFromZod(parsed.error));
  const rate = parsed.success ? parsed.data.rate : null;
  const rawValue = fields["rate.value"]?.trim() ?? "";
  if (kind === "percent" && /^\d+(\.\d+)?$/.test(rawValue) && Number(rawValue) > 100) {
    errors["rate.value"] ??= "A percentage cannot exceed 100";
  }

  const affiliateId = fields.affiliateId?.trim();
  const affiliate = affiliateId
    ? await db.affiliate.findFirst({ where: { shop, id: affiliateId }, select: { id: true } })
    : null;
  if (affiliateId && !affiliate) errors.affiliateId = "Choose one of your affiliates";
  if (!parsed.success || Object.keys(errors).length > 0 || !affiliate) return { ok: false, errors };

  const ids = [...new Set(parsed.data.products.map((product) => product.id))];
  let titles: Map<string, string>;
  try {
    const data = await queryAdmin<ProductsByIdData>(graphql, PRODUCTS_BY_ID, {
      ids: ids.map((id) => toProductGid(id)),
    } satisfies ProductsByIdVariables);
    titles = new Map(productsFromNodes(data.nodes).map((product) => [legacyId(product.id), product.title]));
  } catch (error) {
    if (!(error instanceof ShopifyUnavailableError)) throw error;
    return {
      ok: false,
      errors: {
        form: "Shopify could not be reached to check the products. Nothing was connected: try again.",
      },
    };
  }
  const missing = ids.filter((id) => !titles.has(id));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: { products: `Not found in your store (deleted?): product ${missing.join(", ")}` },
    };
  }

  const existing = await db.productConnection.findMany({
    where: { shop, productId: { in: ids } },
    include: { affiliate: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const mine = new Set(existing.filter((c) => c.affiliateId === affiliate.id).map((c) => c.productId));
  const ownedElsewhere: Array<{ productId: string; productTitle: string; affiliateName: string }> = [];
  for (const id of ids) {
    const first = existing.find((c) => c.productId === id);
    if (first && first.affiliateId !== affiliate.id && !mine.has(id)) {
      ownedElsewhere.push({
        productId: id,
        productTitle: titles.get(id) ?? id,
        affiliateName: first.affiliate.name,
      });
    }
  }

  const data = { rateKind: rate?.kind ?? null, rateValue: rate?.value ?? null };
  await db.$transaction(
    ids.map((id) =>
      db.productConnection.upsert({
        where: { shop_productId_affiliateId: { shop, productId: id, affiliateId: affiliate.id } },
        create: {
          shop,
          productId: id,
          affiliateId: affiliate.id,
          productTitle: titles.get(id) ?? null,
          ...data,
        },
        update: { productTitle: titles.get(id) ?? null, ...data },
      }),
    ),
  );
  return {
    ok: true,
    affiliateId: affiliate.id,
    connected: ids.length - mine.size,
    updated: mine.size,
    ownedElsewhere,
  };
}

/** Per-product issues (`products.3.id`) are shown once, next to the product list. */
function collapse(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith("products.")) {
      const [, index, field] = key.split(".");
      result.products ??= `Product ${Number(index) + 1}${field === "id" ? "" : ` ${field}`} ${message}`;
    } else if (key === "rate") {
      result["rate.kind"] ??= message;
    } else {
      result[key] ??= message;
    }
  }
  if (result["rate.kind"]) result["rate.kind"] = "Choose a rate kind, or the program rate";
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Removing

export interface RemoveAnswer extends BulkAnswer {
  removed: number;
}

/** Removes product connections of this shop. Ids of other shops change nothing (reported as skipped). */
export async function removeProductConnections(
  db: PrismaClient,
  shop: string,
  ids: string[],
): Promise<RemoveAnswer> {
  const unique = [...new Set(ids)];
  const own = new Set(
    (await db.productConnection.findMany({ where: { shop, id: { in: unique } }, select: { id: true } })).map(
      (row) => row.id,
    ),
  );
  const { count } = await db.productConnection.deleteMany({ where: { shop, id: { in: [...own] } } });
  const skipped = skippedMissing(unique, own, "No such product connection");
  const n = (c: number) => countOf(c, "product connection");
  return {
    removed: count,
    skipped,
    toast: count > 0 ? { message: `Removed ${n(count)}` } : { message: "Nothing removed", isError: true },
  };
}
