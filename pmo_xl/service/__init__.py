"""The service layer: reading, validating, scheduling and earned value put together for one purpose."""
