import { IndexTable, Link } from "@shopify/polaris";
import { formatDate } from "~/format/dates";
import { formatMoney } from "~/format/money";
import { PAYOUT_METHOD_WORDS, isPayoutMethod, payoutReference } from "~/models/payouts/codes";
import { PayoutStatusBadge } from "./PayoutStatusBadge";
import { NumericCell } from "~/components/ui/NumericCell";

export interface PayoutRow {
  id: string;
  number: number;
  currency: string;
  amount: string;
  method: string;
  status: string;
  reference: string | null;
  failureReason: string | null;
  createdAt: string | Date;
  paidAt: string | Date | null;
  affiliate: { id: string; name: string };
  lineCount: number;
}

export const methodWords = (method: string) =>
  isPayoutMethod(method) ? PAYOUT_METHOD_WORDS[method] : method;

/** Payouts as a table: reference, affiliate, amount, method, status, lines, dates. */
export function PayoutsTable({
  payouts,
  timeZone,
  pagination,
  showAffiliate = true,
}: {
  payouts: PayoutRow[];
  timeZone: string;
  pagination?: React.ComponentProps<typeof IndexTable>["pagination"];
  showAffiliate?: boolean;
}) {
  const headings = [
    { title: "Payout" },
    ...(showAffiliate ? [{ title: "Affiliate" }] : []),
    { title: "Amount", alignment: "end" as const },
    { title: "Method" },
    { title: "Status" },
    { title: "Lines", alignment: "end" as const },
    { title: "Created" },
    { title: "Paid" },
  ] as React.ComponentProps<typeof IndexTable>["headings"];
  return (
    <IndexTable
      resourceName={{ singular: "payout", plural: "payouts" }}
      itemCount={payouts.length}
      selectable={false}
      headings={headings}
      pagination={pagination}
    >
      {payouts.map((payout, index) => (
        <IndexTable.Row id={payout.id} key={payout.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/app/payouts/${payout.id}`} removeUnderline>
              {payoutReference(payout.number)}
            </Link>
          </IndexTable.Cell>
          {showAffiliate && (
            <IndexTable.Cell>
              <Link url={`/app/affiliates/${payout.affiliate.id}`} removeUnderline>
                {payout.affiliate.name}
              </Link>
            </IndexTable.Cell>
          )}
          <NumericCell>{formatMoney(payout.amount, payout.currency)}</NumericCell>
          <IndexTable.Cell>{methodWords(payout.method)}</IndexTable.Cell>
          <IndexTable.Cell>
            <PayoutStatusBadge status={payout.status} />
          </IndexTable.Cell>
          <NumericCell>{payout.lineCount}</NumericCell>
          <IndexTable.Cell>{formatDate(payout.createdAt, { timeZone })}</IndexTable.Cell>
          <IndexTable.Cell>{payout.paidAt ? formatDate(payout.paidAt, { timeZone }) : "—"}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
