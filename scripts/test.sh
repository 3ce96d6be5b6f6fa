#!/usr/bin/env bash
# `npm test`: jest, and eslint beside it. Jest keeps both cores busy most of the run, but not its
# last files; eslint (one thread) fills that gap, which makes the whole run shorter than one after
# the other. Exits non-zero when either fails; arguments go to jest.
set -u
npx projen eslint &
lint=$!
jest --passWithNoTests --ci "$@"
tests=$?
wait "$lint"
linted=$?
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
exit "$linted"
