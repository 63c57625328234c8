// A bound on the garbage a long read leaves in V8's old generation (the ledger's CSV export: a million lines, a
// page at a time). Each page's objects should die young, and mostly do; but in some exports, from early on to
// the end, one thread's young collections promote ≈ 0.6 MB of them every time (the reason column's entries,
// found with a sampling heap profile that keeps what full collections freed), and V8 lets the old generation
// grow to about twice what is live before it collects it: 40–50 MB more, the server past 100 MB
// (docs/decisions/0028). A budget asks for a full collection once the old generation has grown that much past
// what the last one left, on the thread that made the garbage.
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How a budget reads and empties the heap of the thread it runs on. */
export interface HeapProbe {
  /** Bytes held in the old generation, live or not yet collected. */
  oldBytes(): number;
  /** A full collection. */
  collect(): void;
}

/** The old generation's growth an export may leave uncollected. */
export const EXPORT_HEAP_BUDGET_BYTES = 16 * 2 ** 20;

const OLD_SPACES = new Set(["old_space", "large_object_space"]);

let fullCollection: (() => void) | null = null;

/**
 * V8's own full collection. `gc` is V8's function, exposed to a context made after the flag is set (the flag
 * holds for the whole process: the first call on each thread makes that thread's).
 */
function collectGarbage(): void {
  if (!fullCollection) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) fullCollection = exposed;
    else {
      setFlagsFromString("--expose-gc");
      fullCollection = runInNewContext("gc") as () => void;
    }
  }
  fullCollection();
}

/** This thread's heap. */
export const v8HeapProbe: HeapProbe = {
  oldBytes() {
    let bytes = 0;
    for (const space of getHeapSpaceStatistics()) {
      if (OLD_SPACES.has(space.space_name)) bytes += space.space_used_size;
    }
    return bytes;
  },
  collect: collectGarbage,
};

export class HeapBudget {
  private floor: number;

  constructor(
    private readonly budgetBytes: number = EXPORT_HEAP_BUDGET_BYTES,
    private readonly probe: HeapProbe = v8HeapProbe,
  ) {
    this.floor = probe.oldBytes();
  }

  /** Collects when the old generation holds more than the budget over what it held after the last collection. */
  check(): void {
    if (this.probe.oldBytes() - this.floor <= this.budgetBytes) return;
    this.probe.collect();
    this.floor = this.probe.oldBytes();
  }
}
