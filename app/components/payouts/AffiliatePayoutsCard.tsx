import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatMinor } from "~/format/money";
import { PAYOUT_METHOD_WORDS, type PayoutMethod } from "~/models/payouts/codes";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { useAnswerToast } from "~/components/ui/toast";
import { PayoutsTable, type PayoutRow } from "./PayoutsTable";

export interface AffiliatePayoutsCardProps {
  affiliateId: string;
  affiliateName: string;
  balances: Array<{
    currency: string;
    payableMinor: number;
    heldMinor: number;
    minimumMinor: number;
    payable: boolean;
  }>;
  payouts: PayoutRow[];
  methods: PayoutMethod[];
  timeZone: string;
  /** Where PayPal payouts go: the payout email the affiliate set (portal or sign-up), else their email. */
  paypal: { email: string | null; setByAffiliate: boolean };
}

/** The affiliate's page: what it is owed now, "Pay this affiliate now", and its latest payouts. */
export function AffiliatePayoutsCard(props: AffiliatePayoutsCardProps) {
  const { affiliateId, affiliateName, balances, payouts, methods, timeZone, paypal } = props;
  const fetcher = useFetcher<{ toast?: { message: string; isError?: boolean } }>();
  useAnswerToast(fetcher.data);
  const [method, setMethod] = useState<PayoutMethod>(methods[0] ?? "manual");
  const [confirming, setConfirming] = useState(false);
  const payable = balances.filter((b) => b.payable);
  const owed = payable.map((b) => formatMinor(b.payableMinor, b.currency)).join(" + ");

  const payNow = () => {
    const form = new FormData();
    form.set("method", method);
    for (const balance of payable) form.append("balance", `${affiliateId}:${balance.currency}`);
    fetcher.submit(form, { method: "post", action: "/app/payouts" });
    setConfirming(false);
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Payouts
        </Text>
        {balances.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing owed: no approved commission is waiting to be paid.
          </Text>
        ) : (
          balances.map((balance) => (
            <InlineStack key={balance.currency} gap="400" blockAlign="center">
              <Text
                as="p"
                variant="headingLg"
                numeric
                tone={balance.payableMinor < 0 ? "critical" : undefined}
              >
                {formatMinor(balance.payableMinor, balance.currency)}
              </Text>
              <Text as="p" tone="subdued">
                {balance.payable
                  ? "payable now"
                  : balance.payableMinor < 0
                    ? "owed back, taken off the next payout"
                    : `payable from ${formatMinor(balance.minimumMinor, balance.currency)}`}
                {balance.heldMinor !== 0
                  ? ` · ${formatMinor(balance.heldMinor, balance.currency)} still held`
                  : ""}
              </Text>
            </InlineStack>
          ))
        )}
        {payable.length > 0 && methods.length > 0 && (
          <InlineStack gap="200" blockAlign="end">
            <Select
              label="Pay by"
              options={methods.map((m) => ({ label: PAYOUT_METHOD_WORDS[m], value: m }))}
              value={method}
              onChange={(value) => setMethod(value as PayoutMethod)}
            />
            <Button variant="primary" onClick={() => setConfirming(true)} loading={fetcher.state !== "idle"}>
              Pay this affiliate now
            </Button>
          </InlineStack>
        )}
        {methods.includes("paypal") && (
          <Text as="p" tone="subdued">
            PayPal email: {paypal.email ?? "none"}
            {paypal.email
              ? paypal.setByAffiliate
                ? " (set by the affiliate)"
                : " (the affiliate's email)"
              : ""}
          </Text>
        )}
        {payouts.length > 0 && <PayoutsTable payouts={payouts} timeZone={timeZone} showAffiliate={false} />}
      </BlockStack>
      <ConfirmActionModal
        id="pay-affiliate-now"
        open={confirming}
        title="Pay this affiliate now"
        message={`Create a payout of ${owed} to ${affiliateName} by ${PAYOUT_METHOD_WORDS[method]}? You pay it on the next page.`}
        confirmLabel="Create payout"
        busy={fetcher.state !== "idle"}
        onConfirm={payNow}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
}
