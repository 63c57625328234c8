import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useRef, useState } from "react";
import prisma from "~/db.server";
import type { AffiliateOption } from "~/models/affiliates/option";
import { findActiveAffiliateOption, listActiveAffiliateOptions } from "~/models/affiliates/options.server";
import type { StoreCustomerOption } from "~/models/connections/customers";
import { linkCustomerToAffiliate } from "~/models/connections/link-customer.server";
import { authenticate } from "~/shopify.server";
import { AffiliatePicker } from "~/components/affiliates/AffiliatePicker";
import { CustomerPicker } from "~/components/connections/CustomerPicker";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useFocusFirstError } from "~/components/ui/useFocusFirstError";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const affiliates = await listActiveAffiliateOptions(prisma, session.shop, { take: 25 });
  // `?affiliateId=` preselects an affiliate (this shop's active ones only).
  const wanted = new URL(request.url).searchParams.get("affiliateId");
  const preselected = wanted ? await findActiveAffiliateOption(prisma, session.shop, wanted) : null;
  return { affiliates, preselected };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, redirect } = await authenticate.admin(request);
  const result = await linkCustomerToAffiliate(prisma, admin.graphql, session.shop, await request.formData());
  if (!result.ok) {
    return json(
      { errors: result.errors, existingCustomer: result.existingCustomer ?? null },
      { status: 400 },
    );
  }
  return redirect(`/app/connections?created=${encodeURIComponent(result.connection.id)}`);
};

type Mode = "existing" | "new";

export default function LinkCustomerToAffiliate() {
  const { affiliates, preselected } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer?.errors ?? {};
  const navigate = useNavigate();
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, answer);
  const [affiliate, setAffiliate] = useState<AffiliateOption | null>(preselected);
  const [mode, setMode] = useState<Mode>("existing");
  const [customer, setCustomer] = useState<StoreCustomerOption | null>(null);
  const [newCustomer, setNewCustomer] = useState({ firstName: "", lastName: "", email: "" });
  const [expiresAt, setExpiresAt] = useState("");
  const setField = (field: keyof typeof newCustomer) => (value: string) =>
    setNewCustomer((current) => ({ ...current, [field]: value }));
  // The store customer who already has the new customer's email: connect them instead, in one click.
  const existingCustomer = mode === "new" ? answer?.existingCustomer : null;
  const connectExistingCustomer = (existing: StoreCustomerOption) => {
    if (!formRef.current) return;
    const form = new FormData(formRef.current);
    form.set("customerMode", "existing");
    form.set("customerId", existing.id);
    setMode("existing");
    setCustomer(existing);
    submit(form, { method: "post" });
  };

  return (
    <Page narrowWidth>
      <TitleBar title="Link customer to affiliate">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/connections")}>
          Connections
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Form method="post" noValidate ref={formRef}>
            <BlockStack gap="400">
              {errors.form && (
                <div data-form-error>
                  <Banner tone="critical" title="The customer was not connected">
                    <p>{errors.form}</p>
                  </Banner>
                </div>
              )}
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    1. Select the affiliate
                  </Text>
                  <AffiliatePicker
                    initialOptions={affiliates}
                    selected={affiliate}
                    onChange={setAffiliate}
                    error={errors.affiliateId}
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    2. Select an existing store customer or create a new one
                  </Text>
                  <input type="hidden" name="customerMode" value={mode} />
                  <ChoiceList
                    title="Customer"
                    titleHidden
                    name="customerModeChoice"
                    choices={[
                      { label: "Existing store customer", value: "existing" },
                      { label: "Create a new customer", value: "new" },
                    ]}
                    selected={[mode]}
                    onChange={([value]) => setMode(value as Mode)}
                    error={errors.customerMode}
                  />
                  {mode === "existing" ? (
                    <CustomerPicker selected={customer} onChange={setCustomer} error={errors.customerId} />
                  ) : (
                    <FormLayout>
                      <FormLayout.Group>
                        <TextField
                          label="First name"
                          name="firstName"
                          value={newCustomer.firstName}
                          onChange={setField("firstName")}
                          error={errors.firstName}
                          autoComplete="off"
                          requiredIndicator
                        />
                        <TextField
                          label="Last name"
                          name="lastName"
                          value={newCustomer.lastName}
                          onChange={setField("lastName")}
                          error={errors.lastName}
                          autoComplete="off"
                        />
                      </FormLayout.Group>
                      <TextField
                        label="Email"
                        name="email"
                        type="email"
                        value={newCustomer.email}
                        onChange={setField("email")}
                        error={
                          existingCustomer && errors.email ? (
                            <>
                              {errors.email} —{" "}
                              <Button
                                variant="plain"
                                onClick={() => connectExistingCustomer(existingCustomer)}
                              >
                                Use this customer
                              </Button>
                            </>
                          ) : (
                            errors.email
                          )
                        }
                        autoComplete="off"
                        requiredIndicator
                        helpText="The customer is created in your Shopify store with this name and email."
                      />
                    </FormLayout>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    3. Expiry (optional)
                  </Text>
                  <TextField
                    label="Connection expires on"
                    name="expiresAt"
                    type="date"
                    value={expiresAt}
                    onChange={setExpiresAt}
                    error={errors.expiresAt}
                    autoComplete="off"
                    helpText="Leave empty to keep the connection until you disconnect it."
                  />
                </BlockStack>
              </Card>
              <InlineStack align="end" gap="200">
                <Button onClick={() => navigate("/app/connections")}>Cancel</Button>
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Connect
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
