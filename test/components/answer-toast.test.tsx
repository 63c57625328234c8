// @vitest-environment happy-dom
// An answer's toast replaces the one shown before it: after a refused save ("Check the highlighted fields")
// and an accepted one, only "saved" shows.
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it, vi } from "vitest";

const toasts = vi.hoisted(() => {
  const showing = new Map<string, string>();
  let next = 0;
  return {
    showing,
    show: (message: string) => {
      const id = `toast-${++next}`;
      showing.set(id, message);
      return id;
    },
    hide: (id: string) => void showing.delete(id),
  };
});

vi.mock("@shopify/app-bridge-react", () => ({
  useAppBridge: () => ({ toast: { show: toasts.show, hide: toasts.hide } }),
}));

const { useAnswerToast } = await import("~/components/ui/toast");

function Screen({ answer }: { answer: object | null }) {
  useAnswerToast(answer);
  return null;
}

describe("an answer's toast", () => {
  it("replaces the toast of the answer before it", async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const root = createRoot(document.createElement("div"));
    await act(async () =>
      root.render(<Screen answer={{ toast: { message: "Check the highlighted fields", isError: true } }} />),
    );
    expect([...toasts.showing.values()]).toEqual(["Check the highlighted fields"]);
    await act(async () => root.render(<Screen answer={{ toast: { message: "Payout settings saved" } }} />));
    expect([...toasts.showing.values()]).toEqual(["Payout settings saved"]);
    await act(async () => root.unmount());
  });
});
