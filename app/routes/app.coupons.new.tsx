import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Autocomplete,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { assignCoupon, createCoupon } from "~/models/coupons/coupons.server";
import type { loader as searchLoader } from "./app.coupons.search";
import { affiliateLabel } from "~/models/affiliates/option";
import { affiliatePicker } from "~/models/affiliates/options.server";
import { formValues, type FieldErrors } from "~/lib/forms";
import { AddAffiliateFirst } from "~/components/affiliates/AddAffiliateFirst";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const requested = new URL(request.url).searchParams.get("affiliateId")?.trim() || null;
  return affiliatePicker(prisma, session.shop, requested);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const fields = formValues(await request.formData());
  const intent = fields.intent;
  if (intent !== "assign" && intent !== "create") {
    return json(
      { ok: false as const, intent: null, errors: { form: "Choose assign or create" } as FieldErrors },
      { status: 400 },
    );
  }
  const result =
    intent === "assign"
      ? await assignCoupon(prisma, admin.graphql, session.shop, fields)
      : await createCoupon(prisma, admin.graphql, session.shop, fields);
  if (!result.ok) return json({ ...result, intent }, { status: 400 });
  const message =
    intent === "assign"
      ? `${result.coupon.code} assigned to ${result.coupon.affiliateName}`
      : `${result.coupon.code} created in Shopify and assigned to ${result.coupon.affiliateName}`;
  return json({ ...result, intent, toast: { message } });
};

const MODES = [
  { id: "assign", content: "Existing discount code" },
  { id: "create", content: "New discount code" },
] as const;

export default function NewCouponPage() {
  const { affiliates, affiliateId: preselected } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const search = useFetcher<typeof searchLoader>();
  const [mode, setMode] = useState(0);
  const [affiliateId, setAffiliateId] = useState(preselected ?? "");
  const [code, setCode] = useState("");
  const [title, setTitle] = useState("");
  const [percentage, setPercentage] = useState("10");
  const intent = MODES[mode].id;
  const errors: FieldErrors = answer && !answer.ok && answer.intent === intent ? answer.errors : {};
  const formError = answer && !answer.ok ? answer.errors.form : undefined;
  const submitting = navigation.state === "submitting";

  useEffect(() => {
    if (!answer?.ok) return;
    shopify.toast.show(answer.toast.message);
    navigate(`/app/coupons?affiliateId=${encodeURIComponent(answer.coupon.affiliateId)}`);
  }, [answer, navigate, shopify]);

  // Search Shopify's codes as the merchant types (debounced), for the existing-code field.
  useEffect(() => {
    if (intent !== "assign") return;
    const timer = setTimeout(
      () => search.load(`/app/coupons/search?q=${encodeURIComponent(code.trim())}`),
      250,
    );
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `search` changes identity on every load
  }, [code, intent]);

  const options = useMemo(
    () =>
      (search.data?.options ?? []).map((option) => ({
        value: option.code,
        disabled: option.assignedTo !== null,
        label: `${option.code} — ${option.title} (${option.status.toLowerCase()})${
          option.assignedTo ? `, already ${option.assignedTo.affiliateName}'s` : ""
        }`,
      })),
    [search.data],
  );

  if (affiliates.length === 0) {
    return (
      <Page narrowWidth>
        <TitleBar title="Assign coupon" />
        <AddAffiliateFirst>
          A coupon credits the affiliate it belongs to. Add your first affiliate, then come back here.
        </AddAffiliateFirst>
      </Page>
    );
  }

  return (
    <Page narrowWidth>
      <TitleBar title="Assign coupon">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/coupons")}>
          Coupons
        </TitleBarButton>
      </TitleBar>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="affiliateId" value={affiliateId} />
        <input type="hidden" name="code" value={code} />
        {intent === "create" && (
          <>
            <input type="hidden" name="title" value={title} />
            <input type="hidden" name="percentage" value={percentage} />
          </>
        )}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {formError && <Banner tone="critical" title={formError} />}
              <Card>
                <Select
                  label="Affiliate"
                  options={[
                    { label: "Choose an affiliate", value: "", disabled: true },
                    ...affiliates.map((a) => ({ label: affiliateLabel(a), value: a.id })),
                  ]}
                  value={affiliateId}
                  onChange={setAffiliateId}
                  error={errors.affiliateId}
                  helpText="Orders using the code are credited to this affiliate."
                />
              </Card>
              <Card padding="0">
                <Tabs tabs={[...MODES]} selected={mode} onSelect={setMode} fitted>
                  <div style={{ padding: "var(--p-space-400)" }}>
                    {intent === "assign" ? (
                      <BlockStack gap="300">
                        <Text as="p" tone="subdued">
                          Pick a discount code that already exists in your store.
                        </Text>
                        <Autocomplete
                          options={options}
                          selected={code ? [code] : []}
                          onSelect={([selected]) => selected && setCode(selected)}
                          loading={search.state === "loading"}
                          emptyState={
                            <Text as="p" tone="subdued">
                              {search.data?.error ?? "No matching discount codes in your store."}
                            </Text>
                          }
                          textField={
                            <Autocomplete.TextField
                              label="Discount code"
                              autoComplete="off"
                              value={code}
                              onChange={setCode}
                              placeholder="Search your store's discount codes"
                              error={errors.code}
                            />
                          }
                        />
                      </BlockStack>
                    ) : (
                      <FormLayout>
                        <Text as="p" tone="subdued">
                          Creates a percentage-off discount on the whole order, for all customers, starting
                          now. Edit it further in Shopify&apos;s Discounts page.
                        </Text>
                        <TextField
                          label="Discount code"
                          autoComplete="off"
                          value={code}
                          onChange={setCode}
                          error={errors.code}
                          helpText="What customers enter at checkout, e.g. ALICE10."
                        />
                        <TextField
                          label="Title"
                          autoComplete="off"
                          value={title}
                          onChange={setTitle}
                          error={errors.title}
                          helpText="Shown in Shopify's discounts list, not to customers."
                        />
                        <TextField
                          label="Percentage off"
                          type="number"
                          min={0.01}
                          max={100}
                          suffix="%"
                          autoComplete="off"
                          value={percentage}
                          onChange={setPercentage}
                          error={errors.percentage}
                        />
                      </FormLayout>
                    )}
                  </div>
                </Tabs>
              </Card>
              <InlineStack align="end" gap="200">
                <Button url="/app/coupons">Cancel</Button>
                <Button submit variant="primary" loading={submitting}>
                  {intent === "assign" ? "Assign" : "Create and assign"}
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
