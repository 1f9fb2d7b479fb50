"""Pure rules of portfolio governance: committee recurrences, follow-up of decisions and actions,
minutes changes, stage gates and change control.  No file, no Excel, no sentences."""
