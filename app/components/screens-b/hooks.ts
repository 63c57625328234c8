import { useEffect, useRef } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";

/** What an action answers for App Bridge to show as a toast. */
export interface ToastMessage {
  message: string;
  isError?: boolean;
}

/**
 * Shows `toast` once per new action/fetcher answer. Pass the answer object itself: a new object
 * (a new submission) shows its toast again, even with the same text.
 */
export function useToast(answer: unknown): void {
  const shopify = useAppBridge();
  const shown = useRef<unknown>(null);
  useEffect(() => {
    const toast = (answer as { toast?: ToastMessage | null } | null | undefined)?.toast;
    if (!toast || shown.current === answer) return;
    shown.current = answer;
    shopify.toast.show(toast.message, { isError: toast.isError ?? false });
  }, [answer, shopify]);
}
