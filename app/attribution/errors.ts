/**
 * Thrown for malformed engine input. The message always starts with the path of the offending
 * field, e.g. `order.lineItems[2].quantity: must be an integer >= 0`; `field` holds that path alone.
 */
export class AttributionInputError extends Error {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "AttributionInputError";
    this.field = field;
  }
}
