import type { ButtonHTMLAttributes } from "react";

export interface TitleBarButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> {
  variant?: "primary" | "breadcrumb";
}

/**
 * A button of App Bridge's `<TitleBar>`: App Bridge reads the plain `<button>` and its `variant`
 * attribute (which React's DOM typings and the lint rules do not know).
 */
export function TitleBarButton({ variant, disabled, ...rest }: TitleBarButtonProps) {
  const appBridgeAttributes: Record<string, string | undefined> = { variant };
  return <button type="button" {...appBridgeAttributes} disabled={disabled || undefined} {...rest} />;
}
