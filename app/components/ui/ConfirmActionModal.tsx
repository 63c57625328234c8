import type { ReactNode } from "react";
import { BlockStack, Box, Text } from "@shopify/polaris";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { TitleBarButton } from "./TitleBarButton";

export interface ConfirmActionModalProps {
  /** The App Bridge modal's id (also usable with `shopify.modal.show(id)`). */
  id: string;
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  destructive?: boolean;
  /** Disables the confirm button while the action runs. */
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
  /** What the merchant may add to the action, under the message (a decline's reason). */
  children?: ReactNode;
}

/**
 * An App Bridge modal asking the merchant to confirm an action, with the action and Cancel in its title bar,
 * and any field the action takes under the message.
 */
export function ConfirmActionModal(props: ConfirmActionModalProps) {
  const { id, open, title, message, confirmLabel, destructive, busy, onConfirm, onClose, children } = props;
  return (
    <Modal id={id} open={open} onHide={onClose}>
      <Box padding="400">
        <BlockStack gap="400">
          <Text as="p">{message}</Text>
          {children}
        </BlockStack>
      </Box>
      <TitleBar title={title}>
        <TitleBarButton
          variant="primary"
          tone={destructive ? "critical" : undefined}
          disabled={busy || undefined}
          onClick={onConfirm}
        >
          {confirmLabel}
        </TitleBarButton>
        <TitleBarButton onClick={onClose}>Cancel</TitleBarButton>
      </TitleBar>
    </Modal>
  );
}
