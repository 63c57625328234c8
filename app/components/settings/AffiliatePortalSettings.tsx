import { BlockStack, Card, Checkbox, ChoiceList, Layout, Text, TextField } from "@shopify/polaris";
import type { FieldErrors } from "~/lib/forms";
import type { PortalSettingsField, PortalSettingsForm } from "~/models/portal/views";
import { CopyLinkField } from "~/components/ui/CopyLinkField";

export interface AffiliatePortalSettingsProps {
  values: PortalSettingsForm;
  errors: FieldErrors;
  /** Where the shop serves the portal: `https://{shop}{path_prefix}`. */
  portalUrl: string;
  onChange(field: PortalSettingsField, value: string): void;
}

/** Settings' "Affiliate sign-up and portal" section: the sign-up form, approvals, terms, welcome message. */
export function AffiliatePortalSettings({
  values,
  errors,
  portalUrl,
  onChange,
}: AffiliatePortalSettingsProps) {
  const flag = (field: PortalSettingsField) => (checked: boolean) =>
    onChange(field, checked ? "true" : "false");
  return (
    <Layout.AnnotatedSection
      title="Affiliate sign-up and portal"
      description="Affiliates apply and see their link, coupons and commissions on your shop's own domain, logged in with your store's customer accounts."
    >
      <Card>
        <BlockStack gap="400">
          <CopyLinkField
            label="Portal address"
            value={portalUrl}
            helpText="Link to it from your theme's menu or footer."
          />
          <Checkbox
            label="Take applications"
            helpText="Visitors can apply through the sign-up form on the portal's page. When off, affiliates you add still see their portal."
            checked={values["portal.signUpOpen"] === "true"}
            onChange={flag("portal.signUpOpen")}
            error={errors["portal.signUpOpen"]}
          />
          <ChoiceList
            title="New applications"
            choices={[
              { label: "Approve by hand on the Affiliates page", value: "false" },
              { label: "Approve automatically", value: "true" },
            ]}
            selected={[values["portal.autoApprove"]]}
            onChange={([value]) => onChange("portal.autoApprove", value)}
            error={errors["portal.autoApprove"]}
          />
          <TextField
            label="Program terms"
            multiline={6}
            autoComplete="off"
            value={values["portal.terms"]}
            onChange={(value) => onChange("portal.terms", value)}
            error={errors["portal.terms"]}
            helpText="Applicants must accept them on the sign-up form. Shown as plain text."
          />
          <TextField
            label="Welcome message"
            multiline={3}
            autoComplete="off"
            value={values["portal.welcomeMessage"]}
            onChange={(value) => onChange("portal.welcomeMessage", value)}
            error={errors["portal.welcomeMessage"]}
            helpText="Shown at the top of every approved affiliate's portal and in their approval email."
          />
          <Checkbox
            label="Show affiliates their referred customers' emails, masked"
            helpText="Like c***@e***.com, next to each referred order. Names, addresses and full emails are never shown."
            checked={values["portal.showCustomerEmails"] === "true"}
            onChange={flag("portal.showCustomerEmails")}
            error={errors["portal.showCustomerEmails"]}
          />
          <Text as="p" tone="subdued">
            The portal is served through the app proxy: in your Shopify admin under Settings › Apps and sales
            channels › this app you can rename its address.
          </Text>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
