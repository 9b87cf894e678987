"""The example shop's demo code: its consumers (one router per service) and the stream of
events `eventkit demo` publishes. It lives in eventkit's repository beside the shop's generated
models (`shop_events`), not in the eventkit wheel (docs/decisions/0029)."""
