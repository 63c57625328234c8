/** Titles of connected products, by gid (ids that are gone, or not products, come back null / empty). */
export const PRODUCTS_BY_ID = `#graphql
  query ProductsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
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
}

export type ProductsByIdNode = ({ __typename: "Product" } & ProductTitle) | { __typename: string } | null;

export interface ProductsByIdData {
  nodes: ProductsByIdNode[];
}

/** The products among the answered nodes (deleted products and other types dropped). */
export function productsFromNodes(nodes: ProductsByIdNode[]): ProductTitle[] {
  const products: ProductTitle[] = [];
  for (const node of nodes) {
    if (node && node.__typename === "Product" && "title" in node)
      products.push({ id: node.id, title: node.title });
  }
  return products;
}
