#!/bin/sh
# Runs the host test binaries given as arguments (see host.mk).
#
# Each binary prints its own HOST PASS/FAIL lines and exits 0 or 1.  Any
# other ending (a sanitizer report, a signal, a binary that will not run)
# is a crash: the case that was running never printed its line, so we
# print "HOST FAIL <binary>.sanitizer: crashed" to have it counted.  A
# binary that runs for more than HOST_TIMEOUT seconds (default 300; they
# take about a second) is stopped and counted the same way.
# Keeps going after a failing binary; exits 1 at the end if any failed.

# Sanitizers exit with 99, which no test uses, so a crash cannot pass for
# an ordinary failure.  Appended options win over anything inherited.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99:detect_leaks=1"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1:exitcode=99"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}exitcode=99"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT

# A broken formatter can loop for ever; never hang the build on it.
limit=${HOST_TIMEOUT:-300}
if command -v timeout >/dev/null 2>&1; then
	run() { timeout -k 5 "$limit" "$@"; }
else
	run() { "$@"; }
fi

failed=0
for t in "$@"; do
	name=$(basename "$t")
	run "$t" >"$out"
	rc=$?
	cat "$out"
	if [ $rc -eq 0 ]; then
		continue
	fi
	failed=1
	if [ $rc -ne 1 ] || ! grep -q "^HOST FAIL $name\." "$out"; then
		echo "HOST FAIL $name.sanitizer: crashed"
	fi
done
exit $failed
