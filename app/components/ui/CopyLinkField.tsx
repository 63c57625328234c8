import { useCallback } from "react";
import { Button, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";

export interface CopyLinkFieldProps {
  label: string;
  value: string;
  helpText?: string;
}

/** A read-only field with a Copy button that puts its value on the clipboard and confirms with a toast. */
export function CopyLinkField({ label, value, helpText }: CopyLinkFieldProps) {
  const shopify = useAppBridge();
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(value);
      shopify.toast.show("Link copied");
    } catch {
      shopify.toast.show("Could not copy: select the link and copy it", { isError: true });
    }
  }, [shopify, value]);
  return (
    <TextField
      label={label}
      value={value}
      readOnly
      autoComplete="off"
      helpText={helpText}
      connectedRight={<Button onClick={copy}>Copy link</Button>}
    />
  );
}
