import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineError,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useFocusFirstError } from "~/components/ui/useFocusFirstError";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { connectProducts } from "~/models/products/products.server";
import { affiliateLabel } from "~/models/affiliates/option";
import { affiliatePicker } from "~/models/affiliates/options.server";
import { formValues, type FieldErrors } from "~/lib/forms";
import type { RateKind } from "~/attribution/types";
import { RateFields } from "~/components/settings/RateFields";
import { AddAffiliateFirst } from "~/components/affiliates/AddAffiliateFirst";
import { countOf } from "~/format/counts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const requested = new URL(request.url).searchParams.get("affiliateId")?.trim() || null;
  return affiliatePicker(prisma, session.shop, requested);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const result = await connectProducts(
    prisma,
    admin.graphql,
    session.shop,
    formValues(await request.formData()),
  );
  if (!result.ok) return json(result, { status: 400 });
  const n = (count: number) => countOf(count, "product");
  const parts = [
    result.connected > 0 ? `Connected ${n(result.connected)}` : null,
    result.updated > 0 ? `updated the rate of ${n(result.updated)}` : null,
  ].filter(Boolean);
  return json({ ...result, toast: { message: parts.join(", ") || "Nothing changed" } });
};

interface PickedProduct {
  id: string;
  title: string;
}

export default function ConnectProductsPage() {
  const { affiliates, affiliateId: preselected } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const [affiliateId, setAffiliateId] = useState(preselected ?? "");
  const [rate, setRate] = useState<{ kind: RateKind | ""; value: string }>({ kind: "", value: "" });
  const [products, setProducts] = useState<PickedProduct[]>([]);
  const errors: FieldErrors = answer && !answer.ok ? answer.errors : {};
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, answer && !answer.ok ? answer : null);
  const submitting = navigation.state === "submitting";

  // Done: say so, warn about products another affiliate already owns, and go back to the list.
  useEffect(() => {
    if (!answer?.ok) return;
    shopify.toast.show(answer.toast.message);
    if (answer.ownedElsewhere.length === 0)
      navigate(`/app/products?affiliateId=${encodeURIComponent(answer.affiliateId)}`);
  }, [answer, navigate, shopify]);

  const pick = async () => {
    const selection = await shopify.resourcePicker({
      type: "product",
      action: "select",
      multiple: true,
      selectionIds: products.map((product) => ({ id: product.id })),
    });
    if (!selection) return;
    const known = new Map(products.map((product) => [product.id, product.title]));
    setProducts(
      selection.map((product) => ({
        id: product.id,
        title: product.title || known.get(product.id) || product.id,
      })),
    );
  };

  if (affiliates.length === 0) {
    return (
      <Page narrowWidth>
        <TitleBar title="Connect products" />
        <AddAffiliateFirst>
          Products are connected to an affiliate. Add your first affiliate, then come back here.
        </AddAffiliateFirst>
      </Page>
    );
  }

  return (
    <Page narrowWidth>
      <TitleBar title="Connect products">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/products")}>
          Products
        </TitleBarButton>
      </TitleBar>
      <Form method="post" noValidate ref={formRef}>
        <input type="hidden" name="affiliateId" value={affiliateId} />
        <input type="hidden" name="rate.kind" value={rate.kind} />
        <input type="hidden" name="rate.value" value={rate.kind ? rate.value : ""} />
        <input type="hidden" name="products" value={JSON.stringify(products)} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {errors.form && (
                <div data-form-error>
                  <Banner tone="critical" title={errors.form} />
                </div>
              )}
              {answer?.ok && answer.ownedElsewhere.length > 0 && (
                <Banner
                  tone="warning"
                  title="Connected, but another affiliate already owns some of these products"
                  action={{
                    content: "Back to products",
                    url: `/app/products?affiliateId=${encodeURIComponent(answer.affiliateId)}`,
                  }}
                >
                  <p>
                    When a product is connected to several affiliates, the earliest connection (of an active
                    affiliate) earns the product commission:
                  </p>
                  <List type="bullet">
                    {answer.ownedElsewhere.map((product) => (
                      <List.Item key={product.productId}>
                        {product.productTitle}: {product.affiliateName}
                      </List.Item>
                    ))}
                  </List>
                </Banner>
              )}
              <Card>
                <BlockStack gap="400">
                  <Select
                    label="Affiliate"
                    options={[
                      { label: "Choose an affiliate", value: "", disabled: true },
                      ...affiliates.map((a) => ({ label: affiliateLabel(a), value: a.id })),
                    ]}
                    value={affiliateId}
                    onChange={setAffiliateId}
                    error={errors.affiliateId}
                  />
                  <RateFields
                    name="rate"
                    label="Rate"
                    allowProgramRate
                    programRateLabel="Affiliate's or program rate"
                    kind={rate.kind}
                    value={rate.value}
                    onChange={setRate}
                    kindError={errors["rate.kind"]}
                    valueError={errors["rate.value"]}
                  />
                  <Text as="p" tone="subdued">
                    Without a rate of its own, a connected product earns the affiliate&apos;s own rate, else
                    the program&apos;s default rate.
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Products
                    </Text>
                    <Button onClick={pick}>
                      {products.length > 0 ? "Change products" : "Select products"}
                    </Button>
                  </InlineStack>
                  {products.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No products selected yet: choose them from your store.
                    </Text>
                  ) : (
                    <BlockStack gap="100">
                      {products.map((product) => (
                        <InlineStack key={product.id} align="space-between" blockAlign="center">
                          <Text as="span">{product.title}</Text>
                          <Button
                            variant="plain"
                            tone="critical"
                            accessibilityLabel={`Remove ${product.title} from the selection`}
                            onClick={() => setProducts((prev) => prev.filter((p) => p.id !== product.id))}
                          >
                            Remove
                          </Button>
                        </InlineStack>
                      ))}
                    </BlockStack>
                  )}
                  {errors.products && <InlineError message={errors.products} fieldID="products" />}
                </BlockStack>
              </Card>
              <InlineStack align="end" gap="200">
                <Button url="/app/products">Cancel</Button>
                <Button submit variant="primary" loading={submitting}>
                  {products.length > 1 ? `Connect ${products.length} products` : "Connect"}
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
