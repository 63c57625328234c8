import { useEffect, useRef } from "react";
import { useLocation, useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";

import type { ToastMessage } from "~/lib/answers";

export type { ToastMessage };

type ToastApi = ReturnType<typeof useAppBridge>["toast"];

// The toast this page showed last: a newer answer replaces it, so a refused save's "Check the highlighted
// fields" does not stay above the "saved" that follows it.
let lastToastId: string | null = null;

function showLatestToast(toasts: ToastApi, toast: ToastMessage) {
  if (lastToastId !== null) toasts.hide(lastToastId);
  lastToastId = toasts.show(toast.message, { isError: toast.isError ?? false });
}

/**
 * Shows `answer.toast` once for every new answer (an action's or a fetcher's data object): a new submission
 * shows its toast again even when the text is the same, in place of the toast shown before. Answers without
 * a `toast` show nothing.
 */
export function useAnswerToast(answer: object | null | undefined): void {
  const shopify = useAppBridge();
  const shown = useRef<unknown>(null);
  useEffect(() => {
    const toast = (answer as { toast?: ToastMessage | null } | null | undefined)?.toast;
    if (!toast || shown.current === answer) return;
    shown.current = answer;
    showLatestToast(shopify.toast, toast);
  }, [answer, shopify]);
}

/**
 * Shows a toast a loader derived from a one-time URL parameter (e.g. `?created=<id>` after a redirect), then
 * removes the parameter from the URL so a reload does not show it again.
 */
export function useRedirectToast(toast: ToastMessage | null | undefined, params: string[]): void {
  const shopify = useAppBridge();
  const location = useLocation();
  const navigate = useNavigate();
  const shownFor = useRef<string | null>(null);
  useEffect(() => {
    if (!toast || shownFor.current === location.key) return;
    shownFor.current = location.key;
    showLatestToast(shopify.toast, toast);
    const search = new URLSearchParams(location.search);
    for (const param of params) search.delete(param);
    const query = search.toString();
    navigate(`${location.pathname}${query ? `?${query}` : ""}`, { replace: true, preventScrollReset: true });
  }, [toast, location, navigate, params, shopify]);
}
