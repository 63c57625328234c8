/** Product search for the stand-in resource picker (`title:shoe`, or free text). Scope: read_products. */
export const PRODUCT_SEARCH = `#graphql
  query ProductSearch($query: String!, $first: Int!) {
    products(first: $first, query: $query) {
      nodes {
        id
        title
      }
    }
  }
`;

export interface ProductSearchVariables {
  query: string;
  /** 1..250 */
  first: number;
}

export interface ProductSearchData {
  products: { nodes: Array<{ id: string; title: string }> };
}
