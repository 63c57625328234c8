import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, List, Text, TextField } from "@shopify/polaris";
import { AffiliatePicker } from "~/components/affiliates/AffiliatePicker";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { useAnswerToast } from "~/components/ui/toast";
import { formatMoney } from "~/format/money";
import { describeRule } from "~/format/ledger";
import type { AffiliateOption } from "~/models/affiliates/option";

/** What the order page's action answers a credit's preview or the credit itself. */
export type CreditAnswer =
  | { intent: "preview_credit"; preview: Array<{ affiliate: string; rule: string; amount: string }> }
  | { intent: "credit"; credited: true; toast: { message: string } }
  | { intent: "preview_credit" | "credit"; errors: Partial<Record<"affiliateId" | "note" | "form", string>> };

const MODAL_ID = "credit-by-hand";

/**
 * Credit by hand, on the page of an order that earned nothing: the affiliate and a note, then a
 * confirmation showing what will be credited (the server runs the engine for it).
 */
export function CreditByHandCard({
  affiliates,
  currency,
}: {
  affiliates: AffiliateOption[];
  currency: string;
}) {
  const previewer = useFetcher<CreditAnswer>();
  const crediter = useFetcher<CreditAnswer>();
  const [affiliate, setAffiliate] = useState<AffiliateOption | null>(null);
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  useAnswerToast(crediter.data);

  const preview = previewer.data && "preview" in previewer.data ? previewer.data.preview : null;
  const errors =
    (crediter.data && "errors" in crediter.data ? crediter.data.errors : null) ??
    (previewer.data && "errors" in previewer.data ? previewer.data.errors : null) ??
    {};
  useEffect(() => {
    if (preview) setConfirming(true);
  }, [preview]);
  useEffect(() => {
    if (crediter.data) setConfirming(false);
  }, [crediter.data]);

  const form = (intent: string) => ({ intent, affiliateId: affiliate?.id ?? "", note });
  const total = preview
    ? preview
        .map(
          (line) =>
            `${line.affiliate} earns ${formatMoney(line.amount, currency)} (${describeRule(line.rule).toLowerCase()})`,
        )
        .join("; ")
    : "";

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Credit by hand
        </Text>
        <Text as="p" tone="subdued">
          This order earned nothing. If an affiliate did send this customer, credit the order to them: the
          commission is worked out by the program&apos;s rules as if they had referred it, and a refund or
          cancellation takes it back like any other.
        </Text>
        {errors.form && <Banner tone="critical">{errors.form}</Banner>}
        <AffiliatePicker
          initialOptions={affiliates}
          selected={affiliate}
          onChange={setAffiliate}
          error={errors.affiliateId}
        />
        <TextField
          label="Note"
          value={note}
          onChange={setNote}
          multiline={2}
          maxLength={500}
          autoComplete="off"
          helpText="Why you credit this order (kept in the order's trace)."
          error={errors.note}
        />
        <InlineStack align="end">
          <Button
            variant="primary"
            loading={previewer.state !== "idle"}
            onClick={() => previewer.submit(form("preview_credit"), { method: "post" })}
          >
            Credit order
          </Button>
        </InlineStack>
        {preview && (
          <BlockStack gap="100">
            <Text as="p">What will be credited:</Text>
            <List>
              {preview.map((line, index) => (
                <List.Item key={index}>
                  {line.affiliate} earns {formatMoney(line.amount, currency)} (
                  {describeRule(line.rule).toLowerCase()})
                </List.Item>
              ))}
            </List>
          </BlockStack>
        )}
      </BlockStack>
      <ConfirmActionModal
        id={MODAL_ID}
        open={confirming && preview !== null}
        title="Credit this order by hand?"
        message={`${total}. The note is kept in the order's trace.`}
        confirmLabel="Credit"
        busy={crediter.state !== "idle"}
        onConfirm={() => crediter.submit(form("credit"), { method: "post" })}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
}
