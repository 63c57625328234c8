import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  BlockStack,
  Button,
  Card,
  ChoiceList,
  FormLayout,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useRef, useState } from "react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import {
  getPayoutSettings,
  ledgerCurrencies,
  payoutSettingsForm,
  savePayoutSettings,
  type PayoutSettingsErrors,
  type PayoutSettingsForm,
} from "~/models/payouts/settings.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { currencyAffixes, currencyDigits } from "~/format/money";
import { PAYOUT_METHODS, PAYOUT_METHOD_WORDS } from "~/models/payouts/codes";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useFocusFirstError } from "~/components/ui/useFocusFirstError";
import { useAnswerToast, type ToastMessage } from "~/components/ui/toast";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, { currency }, currencies] = await Promise.all([
    getPayoutSettings(prisma, session.shop),
    getShopProfile(prisma, session.shop),
    ledgerCurrencies(prisma, session.shop),
  ]);
  return { form: payoutSettingsForm(settings, currency, currencies) };
};

/** The minimum payout fields ("minimums.USD": "25.00"), at most one per currency a shop could have. */
function minimumsOf(data: FormData): Record<string, string> {
  const minimums: Record<string, string> = {};
  for (const [name, value] of data.entries()) {
    const currency = /^minimums\.([A-Z]{3})$/.exec(name)?.[1];
    if (currency && Object.keys(minimums).length < MAX_CURRENCIES)
      minimums[currency] = String(value).slice(0, 40);
  }
  return minimums;
}
const MAX_CURRENCIES = 200;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const data = await request.formData();
  const form: PayoutSettingsForm = {
    holdingDays: String(data.get("holdingDays") ?? ""),
    holdingFrom: String(data.get("holdingFrom") ?? ""),
    minimums: minimumsOf(data),
    // Polaris names a multiple choice list's checkboxes "methods[]".
    methods: [...data.getAll("methods"), ...data.getAll("methods[]")].map(String),
  };
  const errors = await savePayoutSettings(prisma, session.shop, form);
  if (errors) {
    // What was typed comes back with the errors: nothing is lost, and each error sits under its field.
    return json<{ errors: PayoutSettingsErrors; values: PayoutSettingsForm; toast: ToastMessage }>(
      { errors, values: form, toast: { message: "Check the highlighted fields", isError: true } },
      { status: 400 },
    );
  }
  return json<{ errors: null; toast: ToastMessage }>({
    errors: null,
    toast: { message: "Payout settings saved" },
  });
};

const METHOD_HELP: Record<string, string> = {
  paypal:
    "Download a file per batch and upload it in PayPal Payouts (your PayPal business account must have Payouts).",
  store_credit:
    "Shopify store credit on the affiliate's customer account, in the payout's currency. Spendable at checkout by customers logged in with new customer accounts.",
  gift_card:
    "A Shopify gift card to the affiliate's customer account, which Shopify sends them with its code. In the shop's currency only; needs the gift card scopes, which Shopify may grant only on request.",
  manual: "Bank transfer or anything else: record the reference and the date.",
};

export default function PayoutSettingsPage() {
  const { form } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  useAnswerToast(answer);
  const navigate = useNavigate();
  const saving = useNavigation().state === "submitting";
  const [holdingDays, setHoldingDays] = useState(form.holdingDays);
  const [holdingFrom, setHoldingFrom] = useState([form.holdingFrom]);
  const [minimums, setMinimums] = useState(form.minimums);
  const [methods, setMethods] = useState<string[]>(form.methods);
  const errors: PayoutSettingsErrors = answer?.errors ?? {};
  const currencies = Object.keys(minimums);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, answer);

  return (
    <Page narrowWidth>
      <TitleBar title="Payout settings">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/payouts")}>
          Payouts
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Form method="post" ref={formRef}>
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  When commissions are payable
                </Text>
                <FormLayout>
                  <TextField
                    label="Holding period (days)"
                    name="holdingDays"
                    type="number"
                    min={0}
                    value={holdingDays}
                    onChange={setHoldingDays}
                    error={errors.holdingDays}
                    helpText="Time for returns and refunds before a commission is paid."
                    autoComplete="off"
                  />
                  <ChoiceList
                    title="Counted from"
                    name="holdingFrom"
                    choices={[
                      { label: "The commission's approval", value: "approval" },
                      { label: "The order", value: "order" },
                    ]}
                    selected={holdingFrom}
                    onChange={setHoldingFrom}
                    error={errors.holdingFrom}
                  />
                  {currencies.map((currency, index) => (
                    <TextField
                      key={currency}
                      label={index === 0 ? "Minimum payout" : `Minimum payout in ${currency}`}
                      name={`minimums.${currency}`}
                      type="text"
                      inputMode="decimal"
                      {...currencyAffixes(currency)}
                      placeholder={
                        currencyDigits(currency) === 0 ? "0" : `0.${"0".repeat(currencyDigits(currency))}`
                      }
                      value={minimums[currency]}
                      onChange={(value) => setMinimums((previous) => ({ ...previous, [currency]: value }))}
                      error={errors[`minimums.${currency}`]}
                      helpText={
                        index === 0
                          ? `A balance in ${currency} is paid once it reaches this amount. Empty: any balance above zero is paid.`
                          : undefined
                      }
                      autoComplete="off"
                    />
                  ))}
                  <ChoiceList
                    title="Methods offered"
                    name="methods"
                    allowMultiple
                    choices={PAYOUT_METHODS.map((m) => ({
                      label: PAYOUT_METHOD_WORDS[m],
                      value: m,
                      helpText: METHOD_HELP[m],
                    }))}
                    selected={methods}
                    onChange={setMethods}
                    error={errors.methods}
                  />
                  <Button submit variant="primary" loading={saving}>
                    Save
                  </Button>
                </FormLayout>
              </BlockStack>
            </Card>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
