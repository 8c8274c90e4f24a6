"""Demo steps of `sapa demo`, one module per area, in the order data flows."""
