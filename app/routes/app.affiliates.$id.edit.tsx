import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { checkAffiliateForm, getAffiliate, updateAffiliate } from "~/models/affiliates/affiliates.server";
import { authenticate } from "~/shopify.server";
import { AffiliateForm } from "~/components/affiliates/AffiliateForm";
import { TitleBarButton } from "~/components/ui/TitleBarButton";

const notFound = () => new Response("Affiliate not found", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const affiliate = await getAffiliate(prisma, session.shop, params.id ?? "");
  if (!affiliate) throw notFound();
  return {
    shop: session.shop,
    affiliate: {
      id: affiliate.id,
      name: affiliate.name,
      email: affiliate.email ?? "",
      refCode: affiliate.refCode,
      rateKind: affiliate.rateKind ?? "",
      rateValue: affiliate.rateValue ?? "",
      active: affiliate.active,
    },
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const parsed = await checkAffiliateForm(prisma, session.shop, await request.formData(), params.id);
  if (!parsed.ok) {
    // Still a 404 for an affiliate that is not this shop's, whatever the form says.
    if (!(await getAffiliate(prisma, session.shop, params.id ?? ""))) throw notFound();
    return json({ errors: parsed.errors }, { status: 400 });
  }
  const result = await updateAffiliate(prisma, session.shop, params.id ?? "", parsed.value);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/app/affiliates/${result.affiliate.id}?saved=updated`);
};

export default function EditAffiliate() {
  const { affiliate, shop } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigate = useNavigate();
  return (
    <Page narrowWidth>
      <TitleBar title={`Edit ${affiliate.name}`}>
        <TitleBarButton variant="breadcrumb" onClick={() => navigate(`/app/affiliates/${affiliate.id}`)}>
          {affiliate.name}
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <AffiliateForm
            key={affiliate.id}
            initial={affiliate}
            answer={actionData}
            submitLabel="Save changes"
            shop={shop}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
