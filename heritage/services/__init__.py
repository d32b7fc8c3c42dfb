"""Use cases, one function each: (session, input) -> result. They may flush, never commit;
the caller (one HTTP request, one CLI command) owns the transaction."""
