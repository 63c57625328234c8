import { TextField } from "@shopify/polaris";
import { MAX_DECLINE_REASON_LENGTH } from "~/models/affiliates/application";

/**
 * The merchant's reason for declining an application, asked the same way wherever an application is declined
 * (the affiliate's page and the Pending list's Decline confirmation): where the applicant reads it is the
 * decision's email and their portal page (docs/portal.md).
 */
export function DeclineReasonField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  return (
    <TextField
      label="Reason for declining (optional)"
      helpText="Emailed to the applicant with the decision, and shown on their portal page."
      multiline={2}
      maxLength={MAX_DECLINE_REASON_LENGTH}
      autoComplete="off"
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
