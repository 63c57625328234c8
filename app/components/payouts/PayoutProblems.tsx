import { Banner } from "@shopify/polaris";

/** What went wrong paying payouts (Shopify's own words among them), payout by payout. */
export function PayoutProblems({ problems }: { problems: Array<{ reference: string; message: string }> }) {
  if (problems.length === 0) return null;
  return (
    <Banner tone="critical" title="Some payouts were not paid">
      <ul>
        {problems.map((problem) => (
          <li key={problem.reference}>
            {problem.reference}: {problem.message}
          </li>
        ))}
      </ul>
    </Banner>
  );
}
