import { useEffect, type RefObject } from "react";

const FOCUSABLE = "input:not([type=hidden]), select, textarea, button";

/**
 * After a submission answered with errors, moves focus to the first field in error (Polaris's form pattern):
 * Polaris marks a field with an `error` as `aria-invalid` and describes it by its message, so a screen reader
 * announces the field, that it is invalid, and why. A ChoiceList marks its fieldset: its first choice takes
 * the focus. With no field in error, the element marked `data-form-error` (a banner) takes it.
 * `answer` is the action's answer object: each new answer with errors moves focus once.
 */
export function useFocusFirstError(
  container: RefObject<HTMLElement>,
  answer: { errors?: object | null } | null | undefined,
): void {
  useEffect(() => {
    const root = container.current;
    if (!root || !answer?.errors || Object.keys(answer.errors).length === 0) return;
    focusFirstError(root);
  }, [answer, container]);
}

/** Focuses the first field in error under `root` (see useFocusFirstError); false when there is none. */
export function focusFirstError(root: HTMLElement): boolean {
  const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  const field = invalid?.matches(FOCUSABLE) ? invalid : invalid?.querySelector<HTMLElement>(FOCUSABLE);
  const target = field ?? root.querySelector<HTMLElement>("[data-form-error]");
  if (!target) return false;
  if (!field && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
  return true;
}
