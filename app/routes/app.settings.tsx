import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  InlineStack,
  Layout,
  Page,
  TextField,
} from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useFocusFirstError } from "~/components/ui/useFocusFirstError";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { getProgramSettings, saveProgramSettings } from "~/models/program/program.server";
import { publishCookieWindow } from "~/models/storefront/cookie-window.server";
import { formValues, type FieldErrors } from "~/lib/forms";
import {
  parseSettingsForm,
  settingsToForm,
  type SettingsField,
  type SettingsForm,
} from "~/models/program/settings-form.server";
import { useAnswerToast, type ToastMessage } from "~/components/ui/toast";
import type { RateKind } from "~/attribution/types";
import { RateFields } from "~/components/settings/RateFields";
import { AffiliatePortalSettings } from "~/components/settings/AffiliatePortalSettings";
import {
  getPortalSettings,
  parsePortalSettingsForm,
  portalSettingsToForm,
  proxyPathOf,
  savePortalSettings,
} from "~/models/portal/settings.server";
import type { PortalSettingsField, PortalSettingsForm } from "~/models/portal/views";
import { affiliatePortalUrl } from "~/models/email/queue.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [view, portal, pathPrefix] = await Promise.all([
    getProgramSettings(prisma, session.shop),
    getPortalSettings(prisma, session.shop),
    proxyPathOf(prisma, session.shop),
  ]);
  return {
    form: { ...settingsToForm(view), ...portalSettingsToForm(portal) },
    saved: view.saved,
    portalUrl: affiliatePortalUrl(session.shop, pathPrefix),
  };
};

type ActionAnswer =
  | { ok: false; errors: FieldErrors; toast?: undefined; publishWarning?: undefined }
  | { ok: true; errors?: undefined; toast: ToastMessage; publishWarning: string | null };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const values = formValues(await request.formData());
  const parsed = parseSettingsForm(values);
  const portal = parsePortalSettingsForm(values);
  if (!parsed.ok || !portal.ok) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(portal.ok ? {} : portal.errors) };
    return json<ActionAnswer>({ ok: false, errors }, { status: 400 });
  }
  await saveProgramSettings(prisma, session.shop, parsed.settings);
  await savePortalSettings(prisma, session.shop, portal.settings);

  // The settings are saved whatever happens next; the storefront embed reads its cookie window
  // from a metafield, which may fail to update on its own.
  let publishWarning: string | null = null;
  try {
    await publishCookieWindow(admin.graphql, parsed.settings.cookieWindowDays);
  } catch (error) {
    if (error instanceof Response) throw error; // Shopify asks App Bridge to re-authenticate.
    publishWarning =
      "The settings are saved, but the storefront could not be updated with the new cookie window. " +
      "Save again to retry." +
      (error instanceof Error ? ` (${error.message})` : "");
  }
  return json<ActionAnswer>({
    ok: true,
    publishWarning,
    toast: { message: publishWarning ? "Settings saved; storefront not updated" : "Settings saved" },
  });
};

export default function SettingsPage() {
  const { form, saved, portalUrl } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<SettingsForm & PortalSettingsForm>(form);
  useAnswerToast(answer);
  useFocusFirstError(formRef, answer && !answer.ok ? answer : null);

  // A successful save reloads the saved values (normalised, e.g. "07" → "7").
  useEffect(() => {
    if (answer?.ok) setValues(form);
  }, [answer, form]);

  const errors: FieldErrors = answer && !answer.ok ? answer.errors : {};
  const saving = navigation.state === "submitting";
  const set = (field: SettingsField | PortalSettingsField) => (value: string) =>
    setValues((prev) => ({ ...prev, [field]: value }));
  const setFlag = (field: SettingsField) => (checked: boolean) => set(field)(checked ? "true" : "false");
  const on = (field: SettingsField) => values[field] === "true";
  const rate = (
    prefix: "defaultRate" | "newCustomer.rate" | "couponCommission.rate" | "firstCommission.rate",
  ) => ({
    name: prefix,
    kind: values[`${prefix}.kind`] as RateKind,
    value: values[`${prefix}.value`],
    kindError: errors[`${prefix}.kind`],
    valueError: errors[`${prefix}.value`],
    onChange: (next: { kind: RateKind | ""; value: string }) =>
      setValues((prev) => ({ ...prev, [`${prefix}.kind`]: next.kind, [`${prefix}.value`]: next.value })),
  });
  const save = () => formRef.current && submit(formRef.current);
  const discard = () => setValues(form);
  const errorCount = Object.keys(errors).length;
  // App Bridge's save bar shows while the form differs from what is saved.
  const dirty = (Object.keys(values) as Array<keyof typeof values>).some((key) => values[key] !== form[key]);
  // The new customer and first commission rates cannot both be on: ticking one turns the other off.
  const conflicting: Partial<Record<SettingsField, SettingsField>> = {
    "newCustomer.enabled": "firstCommission.enabled",
    "firstCommission.enabled": "newCustomer.enabled",
  };
  const setRuleFlag = (field: SettingsField) => (checked: boolean) =>
    setValues((prev) => {
      const other = conflicting[field];
      return {
        ...prev,
        [field]: checked ? "true" : "false",
        ...(checked && other ? { [other]: "false" } : {}),
      };
    });

  return (
    <Page>
      <TitleBar title="Settings">
        <TitleBarButton variant="primary" onClick={save} disabled={saving}>
          Save
        </TitleBarButton>
      </TitleBar>
      <SaveBar id="settings-save-bar" open={dirty}>
        {/* App Bridge's own attribute: the primary button is the save bar's Save. */}
        {/* eslint-disable-next-line react/no-unknown-property */}
        <button variant="primary" onClick={save} disabled={saving}>
          Save
        </button>
        <button onClick={discard}>Discard</button>
      </SaveBar>
      <Form method="post" ref={formRef} noValidate>
        {Object.entries(values).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <BlockStack gap="500">
          {!saved && !answer && (
            <Banner tone="info" title="Your program runs on the default settings">
              <p>Review the commission rules below and save them to finish this setup step.</p>
            </Banner>
          )}
          {errorCount > 0 && (
            <Banner tone="critical" title="The settings were not saved">
              <p>
                {errorCount === 1 ? "One field needs" : `${errorCount} fields need`} your attention: see the
                messages next to them.
              </p>
            </Banner>
          )}
          {answer?.ok && answer.publishWarning && (
            <Banner tone="warning" title="The storefront could not be updated">
              <p>{answer.publishWarning}</p>
            </Banner>
          )}
          <Layout>
            <Layout.AnnotatedSection
              title="Default commission"
              description="What an affiliate earns on a referred order when no other rule applies and it has no rate of its own."
            >
              <Card>
                <RateFields label="Default rate" {...rate("defaultRate")} />
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Commission rules"
              description="Special rates for the referrer, checked in this order: new customer, coupon, first commission."
            >
              <BlockStack gap="400">
                <Card>
                  <BlockStack gap="300">
                    <Checkbox
                      label="New customer commission"
                      helpText="A different rate when the order's customer is new to the store. Cannot be on together with the first commission: ticking one turns the other off."
                      checked={on("newCustomer.enabled")}
                      onChange={setRuleFlag("newCustomer.enabled")}
                      error={errors["newCustomer.enabled"]}
                    />
                    {on("newCustomer.enabled") && (
                      <RateFields label="New customer rate" {...rate("newCustomer.rate")} />
                    )}
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="300">
                    <Checkbox
                      label="Coupon commission"
                      helpText="A different rate when the order used a coupon."
                      checked={on("couponCommission.enabled")}
                      onChange={setFlag("couponCommission.enabled")}
                      error={errors["couponCommission.enabled"]}
                    />
                    {on("couponCommission.enabled") && (
                      <>
                        <RateFields label="Coupon rate" {...rate("couponCommission.rate")} />
                        <ChoiceList
                          title="Applies to"
                          choices={[
                            {
                              label: "Orders using one of the affiliate's own coupons",
                              value: "affiliate_coupons",
                            },
                            { label: "Orders using any discount code", value: "any_coupon" },
                          ]}
                          selected={[values["couponCommission.appliesTo"]]}
                          onChange={([value]) => set("couponCommission.appliesTo")(value)}
                          error={errors["couponCommission.appliesTo"]}
                        />
                      </>
                    )}
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="300">
                    <Checkbox
                      label="First commission"
                      helpText="A different rate on a customer's first referred order through a link or coupon. Cannot be on together with the new customer commission: ticking one turns the other off."
                      checked={on("firstCommission.enabled")}
                      onChange={setRuleFlag("firstCommission.enabled")}
                      error={errors["firstCommission.enabled"]}
                    />
                    {on("firstCommission.enabled") && (
                      <RateFields label="First commission rate" {...rate("firstCommission.rate")} />
                    )}
                  </BlockStack>
                </Card>
              </BlockStack>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Lifetime and recurring"
              description="Keep crediting the affiliate who first referred a customer."
            >
              <Card>
                <BlockStack gap="300">
                  <Checkbox
                    label="Lifetime commissions"
                    helpText="A customer referred through a link or coupon is connected to that affiliate, who is credited for the customer's later orders."
                    checked={on("lifetime.enabled")}
                    onChange={setFlag("lifetime.enabled")}
                    error={errors["lifetime.enabled"]}
                  />
                  {on("lifetime.enabled") && (
                    <>
                      <ChoiceList
                        title="Connections expire"
                        choices={[
                          { label: "Never", value: "never" },
                          { label: "After a number of days", value: "after" },
                        ]}
                        selected={[values["lifetime.expires"]]}
                        onChange={([value]) => set("lifetime.expires")(value)}
                        error={errors["lifetime.expires"]}
                      />
                      {values["lifetime.expires"] === "after" && (
                        <TextField
                          label="Expire after"
                          type="number"
                          min={1}
                          suffix="days"
                          autoComplete="off"
                          value={values["lifetime.expiresAfterDays"]}
                          onChange={set("lifetime.expiresAfterDays")}
                          error={errors["lifetime.expiresAfterDays"]}
                        />
                      )}
                    </>
                  )}
                  <Checkbox
                    label="Recurring commissions"
                    helpText="Credit subscription renewals to the affiliate credited for the subscription's first order."
                    checked={on("recurring.enabled")}
                    onChange={setFlag("recurring.enabled")}
                    error={errors["recurring.enabled"]}
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Commission base"
              description="What percentages apply to: the line prices after discounts, and optionally shipping and tax."
            >
              <Card>
                <BlockStack gap="300">
                  <Checkbox
                    label="Include shipping"
                    helpText="Added to the referrer's base, never to a product connection's."
                    checked={on("base.includeShipping")}
                    onChange={setFlag("base.includeShipping")}
                    error={errors["base.includeShipping"]}
                  />
                  <Checkbox
                    label="Include tax"
                    checked={on("base.includeTax")}
                    onChange={setFlag("base.includeTax")}
                    error={errors["base.includeTax"]}
                  />
                  <Checkbox
                    label="Exclude self-referrals"
                    helpText="An affiliate earns nothing on its own orders (same email or same customer)."
                    checked={on("excludeSelfReferrals")}
                    onChange={setFlag("excludeSelfReferrals")}
                    error={errors.excludeSelfReferrals}
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Review"
              description="How new commissions are approved, and whether test orders earn."
            >
              <Card>
                <BlockStack gap="300">
                  <ChoiceList
                    title="Approval"
                    choices={[
                      { label: "Approve commissions by hand", value: "off" },
                      {
                        label: "Approve pending commissions automatically after a number of days",
                        value: "after",
                      },
                    ]}
                    selected={[values.autoApprove]}
                    onChange={([value]) => set("autoApprove")(value)}
                    error={errors.autoApprove}
                  />
                  {values.autoApprove === "after" && (
                    <TextField
                      label="Approve after"
                      type="number"
                      min={0}
                      suffix="days"
                      autoComplete="off"
                      value={values.autoApproveDays}
                      onChange={set("autoApproveDays")}
                      error={errors.autoApproveDays}
                      helpText="0 approves new commissions at the next run."
                    />
                  )}
                  <Checkbox
                    label="Credit test orders"
                    helpText="Test orders (placed with Shopify's test gateway) earn commissions like real ones."
                    checked={on("creditTestOrders")}
                    onChange={setFlag("creditTestOrders")}
                    error={errors.creditTestOrders}
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Storefront"
              description="How long a visit through an affiliate link is remembered in the shopper's browser."
            >
              <Card>
                <TextField
                  label="Cookie window"
                  type="number"
                  min={1}
                  max={365}
                  suffix="days"
                  autoComplete="off"
                  value={values.cookieWindowDays}
                  onChange={set("cookieWindowDays")}
                  error={errors.cookieWindowDays}
                  helpText="From 1 to 365 days. The storefront app embed must be on in your theme."
                />
              </Card>
            </Layout.AnnotatedSection>

            <AffiliatePortalSettings
              values={values}
              errors={errors}
              portalUrl={portalUrl}
              onChange={(field, value) => set(field)(value)}
            />
          </Layout>
          <Box paddingBlockEnd="800">
            <InlineStack align="end">
              <Button submit variant="primary" loading={saving}>
                Save
              </Button>
            </InlineStack>
          </Box>
        </BlockStack>
      </Form>
    </Page>
  );
}
