import type { ReactNode } from "react";

export interface TitleBarButtonProps {
  children: ReactNode;
  onClick(): void;
  /** App Bridge's title bar reads these attributes: a primary action, or a breadcrumb back. */
  variant?: "primary" | "breadcrumb";
  tone?: "critical";
  disabled?: boolean;
}

/**
 * A button inside App Bridge's `<TitleBar>` (or a `<Modal>`'s): App Bridge renders it in the admin's title bar
 * (or modal footer) and clicks it when the merchant does.
 */
export function TitleBarButton({ children, onClick, variant, tone, disabled }: TitleBarButtonProps) {
  // `variant` and `tone` are App Bridge attributes, not React DOM props.
  const appBridgeAttributes = { variant, tone };
  return (
    <button type="button" {...appBridgeAttributes} disabled={disabled || undefined} onClick={onClick}>
      {children}
    </button>
  );
}
