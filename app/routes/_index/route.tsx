import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { login } from "~/shopify.server";
import styles from "./styles.module.css";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) {
    throw redirect(`/app?${url.searchParams.toString()}`);
  }
  return { showForm: Boolean(login) };
};

export default function Landing() {
  const { showForm } = useLoaderData<typeof loader>();

  return (
    <div className={styles.index}>
      <div className={styles.content}>
        <h1 className={styles.heading}>Affiliate Ledger</h1>
        <p className={styles.text}>
          Credit every affiliate order correctly, take commission back on refunds, and see why.
        </p>
        {showForm && (
          <Form className={styles.form} method="post" action="/auth/login">
            <label className={styles.label}>
              <span>Shop domain</span>
              <input className={styles.input} type="text" name="shop" />
              <span>e.g: my-shop-domain.myshopify.com</span>
            </label>
            <button className={styles.button} type="submit">
              Log in
            </button>
          </Form>
        )}
        <ul className={styles.list}>
          <li>
            <strong>One referrer per order</strong>. Connections, coupons, links and renewals are ranked, and
            the losers are explained.
          </li>
          <li>
            <strong>Refunds reverse commissions</strong>. Pro rata, automatically, before payout.
          </li>
          <li>
            <strong>Every decision traced</strong>. Each commission says which rule paid it and why.
          </li>
        </ul>
      </div>
    </div>
  );
}
