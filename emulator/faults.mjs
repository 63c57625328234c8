// @ts-check
// Failure injection: "Shopify is down for the next N calls".

/** @import { Fault, FaultOptions, FaultStatus, RequestKind } from "./types" */

export function createFaultQueue() {
  /** @type {Fault[]} */
  let faults = [];

  return {
    /**
     * Makes the next `count` matching requests fail. Faults queue up: the first still-active matching one is used.
     * @param {number} count
     * @param {FaultOptions | FaultStatus} options a status (503, 429, "network", "throttled") or full options
     */
    failNext(count, options) {
      if (!Number.isSafeInteger(count) || count < 1) {
        throw new RangeError(`failNext: count must be a positive integer, got ${count}`);
      }
      const opts = typeof options === "object" ? options : { status: options };
      const status = opts.status;
      const validStatus =
        status === "network" ||
        status === "throttled" ||
        (typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599);
      if (!validStatus) {
        throw new RangeError(
          `failNext: status must be an HTTP error status, "network" or "throttled", got ${status}`,
        );
      }
      const operation = opts.operation ?? null;
      const kind = operation ? "graphql" : (opts.kind ?? "any");
      if (!["graphql", "oauth", "any"].includes(kind)) {
        throw new RangeError(`failNext: kind must be "graphql", "oauth" or "any", got ${kind}`);
      }
      faults.push({ remaining: count, status, kind, operation, answerLost: opts.answerLost ?? false });
    },

    /**
     * Consumes one matching fault.
     * @param {RequestKind} kind
     * @param {string | null} operation
     * @returns {Fault | null}
     */
    takeFault(kind, operation) {
      const fault = faults.find(
        (f) =>
          f.remaining > 0 &&
          (f.kind === "any" || f.kind === kind) &&
          (f.operation === null || f.operation === operation),
      );
      if (!fault) return null;
      fault.remaining -= 1;
      faults = faults.filter((f) => f.remaining > 0);
      return { ...fault };
    },

    clearFaults() {
      faults = [];
    },

    /** Faults still pending (copies). */
    pending() {
      return faults.map((f) => ({ ...f }));
    },
  };
}
