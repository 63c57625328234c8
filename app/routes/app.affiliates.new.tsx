import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { checkAffiliateForm, createAffiliate } from "~/models/affiliates/affiliates.server";
import { authenticate } from "~/shopify.server";
import { AffiliateForm, EMPTY_AFFILIATE } from "~/components/affiliates/AffiliateForm";
import { TitleBarButton } from "~/components/ui/TitleBarButton";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { shop: session.shop };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const parsed = await checkAffiliateForm(prisma, session.shop, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const result = await createAffiliate(prisma, session.shop, parsed.value);
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/app/affiliates/${result.affiliate.id}?saved=created`);
};

export default function NewAffiliate() {
  const { shop } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigate = useNavigate();
  return (
    <Page narrowWidth>
      <TitleBar title="Add affiliate">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/affiliates")}>
          Affiliates
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <AffiliateForm
            initial={EMPTY_AFFILIATE}
            answer={actionData}
            submitLabel="Save affiliate"
            shop={shop}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
