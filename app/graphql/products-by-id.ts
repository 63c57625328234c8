/**
 * Titles and featured images of connected products, by gid (ids that are gone, or not products, come back
 * null / empty).
 */
export const PRODUCTS_BY_ID = `#graphql
  query ProductsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        featuredMedia {
          preview {
            image {
              url(transform: { maxWidth: 120, maxHeight: 120 })
              altText
            }
          }
        }
      }
    }
  }
`;

export interface ProductsByIdVariables {
  /** gid://shopify/Product/… (see `toProductGid`); at most 250. */
  ids: string[];
}

export interface ProductTitle {
  id: string;
  title: string;
  /** The featured image, small, when the product has one. */
  image: { url: string; altText: string | null } | null;
}

interface ProductNode {
  __typename: "Product";
  id: string;
  title: string;
  featuredMedia?: { preview?: { image?: { url: string; altText: string | null } | null } | null } | null;
}

export type ProductsByIdNode = ProductNode | { __typename: string } | null;

export interface ProductsByIdData {
  nodes: ProductsByIdNode[];
}

/** The products among the answered nodes (deleted products and other types dropped). */
export function productsFromNodes(nodes: ProductsByIdNode[]): ProductTitle[] {
  const products: ProductTitle[] = [];
  for (const node of nodes) {
    if (node && node.__typename === "Product" && "title" in node) {
      const image = node.featuredMedia?.preview?.image ?? null;
      products.push({
        id: node.id,
        title: node.title,
        image: image ? { url: image.url, altText: image.altText ?? null } : null,
      });
    }
  }
  return products;
}
