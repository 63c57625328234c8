import { useRef, useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { RATE_KIND_OPTIONS } from "~/components/settings/RateFields";
import { RATE_FALLBACK_WORDS } from "~/format/rates";
import { useFocusFirstError } from "~/components/ui/useFocusFirstError";

export interface AffiliateFormValues {
  name: string;
  email: string;
  refCode: string;
  rateKind: string;
  rateValue: string;
  active: boolean;
}

export type AffiliateFormErrors = Partial<Record<keyof AffiliateFormValues | "form", string>>;

export const EMPTY_AFFILIATE: AffiliateFormValues = {
  name: "",
  email: "",
  refCode: "",
  rateKind: "",
  rateValue: "",
  active: true,
};

const RATE_OPTIONS = [{ label: RATE_FALLBACK_WORDS.program, value: "" }, ...RATE_KIND_OPTIONS];

export interface AffiliateFormProps {
  initial: AffiliateFormValues;
  /** The action's answer to the last submit: its errors show next to their fields, and focus moves to the first. */
  answer?: { errors?: AffiliateFormErrors } | null;
  submitLabel: string;
  /** The store domain, to preview the affiliate's link. */
  shop: string;
}

/** The affiliate's create/edit form. Every field posts as-is; the server validates and answers per field. */
export function AffiliateForm({ initial, answer, submitLabel, shop }: AffiliateFormProps) {
  const [values, setValues] = useState(initial);
  const errors = answer?.errors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, answer);
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const set =
    <K extends keyof AffiliateFormValues>(key: K) =>
    (value: AffiliateFormValues[K]) =>
      setValues((current) => ({ ...current, [key]: value }));

  return (
    <Form method="post" noValidate ref={formRef}>
      <BlockStack gap="400">
        {errors.form && (
          <div data-form-error>
            <Banner tone="critical" title="The affiliate was not saved">
              <p>{errors.form}</p>
            </Banner>
          </div>
        )}
        <Card>
          <FormLayout>
            <TextField
              label="Name"
              name="name"
              value={values.name}
              onChange={set("name")}
              error={errors.name}
              autoComplete="off"
              requiredIndicator
            />
            <TextField
              label="Email"
              name="email"
              type="email"
              value={values.email}
              onChange={set("email")}
              error={errors.email}
              autoComplete="off"
              helpText="Optional. Orders the affiliate places with this email are not credited to it."
            />
            <TextField
              label="Ref code"
              name="refCode"
              value={values.refCode}
              onChange={set("refCode")}
              error={errors.refCode}
              autoComplete="off"
              requiredIndicator
              helpText={
                values.refCode
                  ? `Link: https://${shop}/?ref=${values.refCode}`
                  : "2 to 64 letters, digits, dashes or underscores; unique in the store, in any letter case."
              }
            />
          </FormLayout>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Commission rate
            </Text>
            <FormLayout>
              <FormLayout.Group>
                <Select
                  label="Rate"
                  name="rateKind"
                  options={RATE_OPTIONS}
                  value={values.rateKind}
                  onChange={set("rateKind")}
                  error={errors.rateKind}
                  helpText={values.rateKind ? undefined : "The program's default rate applies (Settings)."}
                />
                {values.rateKind !== "" ? (
                  <TextField
                    label={values.rateKind === "percent" ? "Percent" : "Amount"}
                    name="rateValue"
                    value={values.rateValue}
                    onChange={set("rateValue")}
                    error={errors.rateValue}
                    autoComplete="off"
                    inputMode="decimal"
                    suffix={values.rateKind === "percent" ? "%" : undefined}
                    helpText={values.rateKind === "percent" ? undefined : "In the store's currency."}
                  />
                ) : (
                  <input type="hidden" name="rateValue" value="" />
                )}
              </FormLayout.Group>
            </FormLayout>
          </BlockStack>
        </Card>
        <Card>
          <input type="hidden" name="active" value={values.active ? "true" : "false"} />
          <Checkbox
            label="Active"
            checked={values.active}
            onChange={set("active")}
            error={errors.active}
            helpText="Inactive affiliates keep their history but earn no new commissions."
          />
        </Card>
        <InlineStack align="end">
          <Button submit variant="primary" loading={submitting}>
            {submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
