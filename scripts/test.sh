#!/usr/bin/env bash
# The end of `pnpm test`, after the codegen check, the build and the typechecks: the one vitest run
# (vitest.config.ts) and `pnpm lint` side by side. The tests mostly wait on sockets and timers, so the
# lint's CPU fits in beside them; both must pass.
set -uo pipefail
cd "$(dirname "$0")/.."
lint_output=$(mktemp)
pnpm --silent lint > "$lint_output" 2>&1 &
lint=$!
pnpm exec vitest run "$@"
tests=$?
wait "$lint"
lint_status=$?
cat "$lint_output"
rm -f "$lint_output"
[ "$lint_status" -eq 0 ] || echo "pnpm lint failed (fix with pnpm lint:fix)" >&2
[ "$tests" -eq 0 ] && [ "$lint_status" -eq 0 ]
