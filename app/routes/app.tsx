import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import prisma, { sqlite } from "~/db.server";
import { ensureShopProfile } from "~/models/ledger/time-zone.server";
import { authenticate } from "~/shopify.server";
import { APP_BRIDGE_STANDIN_PATH, isAppBridgeStandinEnabled } from "~/dev/app-bridge-standin/standin.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  return {
    apiKey: process.env.SHOPIFY_API_KEY || "",
    // Development and tests only: the App Bridge stand-in instead of Shopify's script (see standin.server.ts).
    ...(isAppBridgeStandinEnabled() ? { appBridgeUrl: APP_BRIDGE_STANDIN_PATH } : {}),
  };
};

export default function App() {
  const data = useLoaderData<typeof loader>();
  const appBridgeUrl = "appBridgeUrl" in data ? data.appBridgeUrl : undefined;

  return (
    <AppProvider
      isEmbeddedApp
      apiKey={data.apiKey}
      {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}
    >
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/affiliates">Affiliates</Link>
        <Link to="/app/connections">Connections</Link>
        <Link to="/app/products">Products</Link>
        <Link to="/app/coupons">Coupons</Link>
        <Link to="/app/orders">Orders</Link>
        <Link to="/app/commissions">Commissions</Link>
        <Link to="/app/payouts">Payouts</Link>
        <Link to="/app/deliveries">Deliveries</Link>
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      <main>
        <Outlet />
      </main>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
