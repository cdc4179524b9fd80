"""Services with one job each. Every function takes `owner_id` and scopes its queries by it."""
