/** The app's own installation on the shop: the owner of app-data metafields. */
export const CURRENT_APP_INSTALLATION_QUERY = `#graphql
  query CurrentAppInstallation {
    currentAppInstallation {
      id
    }
  }
`;

export type CurrentAppInstallationVariables = Record<string, never>;

export interface CurrentAppInstallationData {
  currentAppInstallation: {
    /** `gid://shopify/AppInstallation/…` */
    id: string;
  } | null;
}
