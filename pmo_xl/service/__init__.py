"""The service layer: where reading, rules and writing are put together for one use case."""
