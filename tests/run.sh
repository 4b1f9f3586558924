#!/bin/sh
# shellcheck disable=SC2086  # $COMMON is a list of QEMU options, split on purpose
# tests/run.sh: the whole test suite, run by `make test` after `make all`.
#
#   host       `make -s host-tests` (HOST PASS / HOST FAIL lines)
#   usertests  PVH direct boot with init=/bin/usertests (PASS / FAIL lines)
#   bench_smoke  PVH direct boot with init=/bin/osbench --smoke: every row of
#              the benchmark prints a value (none "-1 error"), then BENCH done
#   boot_pvh   PVH direct boot of the default init: its greeting, then the
#              shell's first prompt (QEMU is then stopped)
#   panic_*    deliberate kernel faults (crash=pagefault, crash=stack): the
#              report and QEMU status 5
#   iso_*      GRUB ISO (`make iso`) under SeaBIOS and OVMF: same as boot_pvh
#   iso_*_poweroff  a second ISO, without isa-debug-exit, whose pid 1 is
#              /bin/hello: its exit ends in an ACPI power-off found through
#              GRUB's RSDP tag
#   poweroff_* `usertests --reboot poweroff` on microvm, q35 and pc
#   restart_*  `usertests --reboot restart`, each way of resetting
#   session/*  tests/session.py: a scripted session typed into the shell
#              over the serial console, one result per step
#
# A power-off and a reset both make QEMU exit with status 0 (-no-reboot), so
# the power and restart tests also run QEMU's monitor protocol (QMP) on its
# stdin/stdout: its SHUTDOWN event says "guest-shutdown" for a power-off and
# "guest-reset" for a reset.  Each must also show the kernel's own line
# ("aurora: power off", "aurora: restart"), which is what tools/qemu.sh goes by.
#
# Guest runs go in four lanes in parallel (PVH boots | ISO boots | power |
# the session).  Logs go to build/test-logs/.  The last line printed is always
# `N passed, M failed`; the exit status is 1 if anything failed.
#
# Env: KVM=1 runs the guests under KVM instead of TCG.
set -u

cd "$(dirname "$0")/.." || exit 2

BUILD=build
LOGS=$BUILD/test-logs
KERNEL=$BUILD/kernel.elf
INITRD=$BUILD/initrd.cpio
ISO=$BUILD/aurora.iso
ISO_EXIT=$BUILD/aurora-exit.iso   # pid 1 is /bin/hello, which exits at once
QEMU=qemu-system-x86_64
GREETING='Hello from /bin/init (pid 1)'
HELLO='hello, world'   # what /bin/hello prints
PROMPT='/ # '          # the shell's first prompt (PS1 '\w \$ ' in /, uid 0)

T_USERTESTS=300
T_PVH=120
T_BENCH=120
# The rows osbench must print (shared/spec/BENCH.md fixes the names).
BENCH_ROWS="tsc_mhz null write_null read_zero open_close stat pipe_rtt fork_exit
            fork_exec mmap_touch brk_grow shm_cycle pipe_bw file_create_unlink
            msg_rtt yield boot_to_init reset_to_init"
T_SEABIOS=120
T_OVMF=240
T_SESSION=900          # the whole session; each step has its own time-out

rm -rf "$LOGS"
mkdir -p "$LOGS" || exit 2

if [ "${KVM:-0}" = 1 ]; then
    ACCEL="-enable-kvm -cpu host"
else
    ACCEL="-accel tcg -cpu max"
fi
# Common to every guest run.  The serial port goes to a file; stdin is
# /dev/null.
COMMON_NOEXIT="$ACCEL -m 256M -display none -no-reboot -net none"
COMMON="$COMMON_NOEXIT -device isa-debug-exit,iobase=0xf4,iosize=0x04"

# ---- helpers ----------------------------------------------------------------

# record FILE LINE: print a result line and append it to a results file.
# LINE is `PASS name` or `FAIL name: reason`.
record() {
    printf '%s\n' "$2"
    printf '%s\n' "$2" >> "$1"
}

# status_text STATUS: what a QEMU exit status means.
status_text() {
    case $1 in
    0) echo "QEMU status 0 (a power-off or reset: triple fault?)" ;;
    1) echo "QEMU status 1 (init exited 0)" ;;
    3) echo "QEMU status 3 (init exited non-zero)" ;;
    5) echo "QEMU status 5 (kernel panic)" ;;
    124|137) echo "timed out" ;;
    *) echo "QEMU status $1" ;;
    esac
}

# clean: drop terminal escape sequences and control characters (firmware
# and GRUB paint the screen) so that log excerpts are safe to print.
ESC=$(printf '\033')
clean() {
    sed "s/$ESC\[[0-9;=?]*[A-Za-z]//g" | tr -d '\000-\010\013-\037'
}

# show_tail NAME: the end of a failed run's log, indented.
show_tail() {
    {
        echo "    --- last lines of $LOGS/$1.log:"
        tail -n 15 "$LOGS/$1.log" 2>/dev/null | clean | cut -c 1-200 | sed 's/^/    | /'
        if [ -s "$LOGS/$1.qemu-stderr" ]; then
            echo "    --- QEMU stderr:"
            tail -n 5 "$LOGS/$1.qemu-stderr" | sed 's/^/    | /'
        fi
    } > "$LOGS/.tail.$1"
    cat "$LOGS/.tail.$1"        # one write: lanes print in parallel
    rm -f "$LOGS/.tail.$1"
}

# run_qemu NAME SECONDS QEMU-ARGS...: boot a guest under timeout(1) with its
# serial port logged (carriage returns stripped) to $LOGS/NAME.log.
# Returns QEMU's exit status (124 or 137 on timeout).
run_qemu() {
    rq_name=$1 rq_secs=$2
    shift 2
    timeout -k 10 "$rq_secs" "$QEMU" "$@" \
        -serial "file:$LOGS/$rq_name.raw" \
        < /dev/null > "$LOGS/$rq_name.qemu-stderr" 2>&1 &
    echo $! > "$LOGS/.pid.$rq_name"
    wait $!
    rq_status=$?
    rm -f "$LOGS/.pid.$rq_name"
    tr -d '\r' < "$LOGS/$rq_name.raw" > "$LOGS/$rq_name.log" 2>/dev/null
    rm -f "$LOGS/$rq_name.raw"
    [ -s "$LOGS/$rq_name.qemu-stderr" ] || rm -f "$LOGS/$rq_name.qemu-stderr"
    return $rq_status
}

# run_qemu_qmp NAME SECONDS QEMU-ARGS...: run_qemu, with QMP on QEMU's
# stdin and stdout: $LOGS/NAME.qmp gets its events.  -> QEMU's status.
run_qemu_qmp() {
    rq_name=$1 rq_secs=$2
    shift 2
    printf '{"execute":"qmp_capabilities"}\n' > "$LOGS/.qmp-in.$rq_name"
    timeout -k 10 "$rq_secs" "$QEMU" "$@" -qmp stdio \
        -serial "file:$LOGS/$rq_name.raw" \
        < "$LOGS/.qmp-in.$rq_name" > "$LOGS/$rq_name.qmp" \
        2> "$LOGS/$rq_name.qemu-stderr" &
    echo $! > "$LOGS/.pid.$rq_name"
    wait $!
    rq_status=$?
    rm -f "$LOGS/.pid.$rq_name" "$LOGS/.qmp-in.$rq_name"
    tr -d '\r' < "$LOGS/$rq_name.raw" > "$LOGS/$rq_name.log" 2>/dev/null
    rm -f "$LOGS/$rq_name.raw"
    [ -s "$LOGS/$rq_name.qemu-stderr" ] || rm -f "$LOGS/$rq_name.qemu-stderr"
    return $rq_status
}

# power_test RESULTS NAME WANT GREP SECONDS QEMU-ARGS...: a guest that ends
# the machine itself.  WANT is poweroff or restart: QEMU must exit with
# status 0, its SHUTDOWN event must say guest-shutdown or guest-reset, and
# the console must show the kernel's line for it and the fixed string GREP
# (empty: nothing more).
power_test() {
    pw_results=$1 pw_name=$2 pw_want=$3 pw_grep=$4 pw_secs=$5
    shift 5
    case $pw_want in
    poweroff) pw_reason=guest-shutdown pw_line='aurora: power off' ;;
    *)        pw_reason=guest-reset    pw_line='aurora: restart' ;;
    esac
    run_qemu_qmp "$pw_name" "$pw_secs" "$@"
    pw_status=$?
    pw_log=$LOGS/$pw_name.log
    pw_why=
    case $pw_status in
    0) ;;
    124|137) pw_why="timed out after $pw_secs s" ;;
    *) pw_why="$(status_text "$pw_status"), expected 0" ;;
    esac
    pw_got=$(sed -n 's/.*"event": "SHUTDOWN".*"reason": "\([a-z-]*\)".*/\1/p' \
        "$LOGS/$pw_name.qmp" 2>/dev/null | head -n 1)
    if [ "$pw_got" != "$pw_reason" ]; then
        pw_why="${pw_why:+$pw_why, }QMP shutdown reason '${pw_got:-none}', expected $pw_reason"
    fi
    if grep -aq 'KERNEL PANIC' "$pw_log" 2>/dev/null; then
        pw_why="${pw_why:+$pw_why, }$(grep -a -m1 'KERNEL PANIC' "$pw_log" | clean)"
    fi
    for pw_pat in "$pw_line" ${pw_grep:+"$pw_grep"}; do
        if ! grep -aqF "$pw_pat" "$pw_log" 2>/dev/null; then
            pw_why="${pw_why:+$pw_why, }no '$pw_pat' on the console"
        fi
    done
    if [ -z "$pw_why" ]; then
        record "$pw_results" "PASS $pw_name"
        rm -f "$LOGS/$pw_name.qmp"
    else
        record "$pw_results" "FAIL $pw_name: $pw_why"
        show_tail "$pw_name"
    fi
}

# run_qemu_until NAME SECONDS PATTERN QEMU-ARGS...: like run_qemu, but QEMU
# is stopped as soon as its serial log contains PATTERN (a fixed string).
# Returns 0 when the pattern was seen, else QEMU's own status (124 after
# SECONDS).  For guests that never power off by themselves (the shell
# waits for input for ever).
run_qemu_until() {
    ru_name=$1 ru_secs=$2 ru_pat=$3
    shift 3
    "$QEMU" "$@" -serial "file:$LOGS/$ru_name.raw" \
        < /dev/null > "$LOGS/$ru_name.qemu-stderr" 2>&1 &
    ru_pid=$!
    echo $ru_pid > "$LOGS/.pid.$ru_name"
    ru_waited=0
    while :; do
        if grep -aqF "$ru_pat" "$LOGS/$ru_name.raw" 2>/dev/null; then
            kill -TERM $ru_pid 2>/dev/null
            wait $ru_pid 2>/dev/null
            ru_status=0
            break
        fi
        if ! kill -0 $ru_pid 2>/dev/null; then
            wait $ru_pid
            ru_status=$?
            # It may have printed the pattern just before it stopped.
            grep -aqF "$ru_pat" "$LOGS/$ru_name.raw" 2>/dev/null && ru_status=0
            break
        fi
        if [ $ru_waited -ge "$ru_secs" ]; then
            kill -KILL $ru_pid 2>/dev/null
            wait $ru_pid 2>/dev/null
            ru_status=124
            break
        fi
        sleep 1
        ru_waited=$((ru_waited + 1))
    done
    rm -f "$LOGS/.pid.$ru_name"
    tr -d '\r' < "$LOGS/$ru_name.raw" > "$LOGS/$ru_name.log" 2>/dev/null
    rm -f "$LOGS/$ru_name.raw"
    # QEMU's note that we stopped it is no news.
    grep -v 'terminating on signal' "$LOGS/$ru_name.qemu-stderr" \
        > "$LOGS/.stderr.$ru_name" 2>/dev/null
    mv "$LOGS/.stderr.$ru_name" "$LOGS/$ru_name.qemu-stderr"
    [ -s "$LOGS/$ru_name.qemu-stderr" ] || rm -f "$LOGS/$ru_name.qemu-stderr"
    return $ru_status
}

# boot_test RESULTS NAME SECONDS QEMU-ARGS...: one test that passes when
# the guest prints the greeting of /bin/init and then the shell's prompt
# (the default init starts the shell and never exits by itself).
boot_test() {
    bt_results=$1 bt_name=$2 bt_secs=$3
    shift 3
    run_qemu_until "$bt_name" "$bt_secs" "$PROMPT" "$@"
    bt_status=$?
    bt_log=$LOGS/$bt_name.log
    bt_why=
    case $bt_status in
    0) ;;
    124|137) bt_why="no prompt '$PROMPT' after $bt_secs s" ;;
    *) bt_why="no prompt '$PROMPT': $(status_text "$bt_status")" ;;
    esac
    if grep -aq 'KERNEL PANIC' "$bt_log" 2>/dev/null; then
        bt_why="${bt_why:+$bt_why, }$(grep -a -m1 'KERNEL PANIC' "$bt_log" | clean)"
    fi
    if ! grep -aqF "$GREETING" "$bt_log" 2>/dev/null; then
        bt_why="${bt_why:+$bt_why, }no '$GREETING' on the console"
    fi
    if [ -z "$bt_why" ]; then
        record "$bt_results" "PASS $bt_name"
    else
        record "$bt_results" "FAIL $bt_name: $bt_why"
        show_tail "$bt_name"
    fi
}

# ---- lane A: PVH direct boots -------------------------------------------------

usertests_test() {
    ut_results=$1
    run_qemu usertests "$T_USERTESTS" -M microvm $COMMON \
        -kernel "$KERNEL" -initrd "$INITRD" -append "init=/bin/usertests"
    ut_status=$?
    ut_log=$LOGS/usertests.log

    # One result per PASS / FAIL line, renamed usertests/NAME.
    awk '/^(PASS|FAIL) / { print $1 " usertests/" substr($0, 6) }' "$ut_log" \
        > "$LOGS/.usertests.lines"
    cat "$LOGS/.usertests.lines"
    cat "$LOGS/.usertests.lines" >> "$ut_results"
    ut_pass=$(grep -c '^PASS ' "$LOGS/.usertests.lines")
    ut_fail=$(grep -c '^FAIL ' "$LOGS/.usertests.lines")
    rm -f "$LOGS/.usertests.lines"

    ut_bad=0
    ut_timeout=0
    case $ut_status in 124|137) ut_timeout=1 ;; esac
    if [ $ut_timeout = 1 ]; then
        record "$ut_results" "FAIL usertests_timeout: no exit after $T_USERTESTS s"
        ut_bad=1
    fi
    if grep -aq 'KERNEL PANIC' "$ut_log"; then
        record "$ut_results" "FAIL usertests_panic: $(grep -a -m1 'KERNEL PANIC' "$ut_log" | clean)"
        ut_bad=1
    fi
    ut_summary=$(grep -a '^usertests: ' "$ut_log" | tail -n 1)
    if [ -z "$ut_summary" ]; then
        record "$ut_results" "FAIL usertests_summary: no 'usertests:' summary line ($ut_pass PASS, $ut_fail FAIL lines seen)"
        ut_bad=1
    else
        ut_sp=$(printf '%s\n' "$ut_summary" | sed -n 's/^usertests: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
        ut_sf=$(printf '%s\n' "$ut_summary" | sed -n 's/^usertests: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
        if [ -z "$ut_sp" ]; then
            record "$ut_results" "FAIL usertests_summary: malformed summary '$ut_summary'"
            ut_bad=1
        elif [ "$ut_sp" != "$ut_pass" ] || [ "$ut_sf" != "$ut_fail" ]; then
            record "$ut_results" "FAIL usertests_summary: '$ut_summary' but the log has $ut_pass PASS and $ut_fail FAIL lines"
            ut_bad=1
        fi
        # QEMU's status must match the outcome: 1 when everything passed,
        # 3 (usertests exited non-zero) otherwise.  Timeouts and panics are
        # already counted above.
        if [ $ut_timeout = 0 ] && [ "$ut_status" != 5 ]; then
            if [ "$ut_fail" = 0 ] && [ "${ut_sf:-0}" = 0 ]; then
                ut_want=1
            else
                ut_want=3
            fi
            if [ "$ut_status" != "$ut_want" ]; then
                record "$ut_results" "FAIL usertests_exit: $(status_text "$ut_status"), expected $ut_want"
                ut_bad=1
            fi
        fi
    fi
    if [ "$ut_fail" != 0 ] || [ $ut_bad = 1 ]; then
        show_tail usertests
    fi
}

# panic_test RESULTS NAME APPEND PATTERN...: a deliberate kernel fault
# (crash=... on the command line); the report must contain every PATTERN
# and QEMU must exit with the panic status 5.
panic_test() {
    pt_results=$1 pt_name=$2 pt_append=$3
    shift 3
    run_qemu "$pt_name" "$T_PVH" -M microvm $COMMON \
        -kernel "$KERNEL" -initrd "$INITRD" -append "$pt_append"
    pt_status=$?
    pt_why=
    [ "$pt_status" = 5 ] || pt_why="$(status_text "$pt_status"), expected 5 (kernel panic)"
    for pt_pat in "$@" 'rip ffffffff8' 'KERNEL PANIC'; do
        if ! grep -aqF "$pt_pat" "$LOGS/$pt_name.log" 2>/dev/null; then
            pt_why="${pt_why:+$pt_why, }no '$pt_pat' in the report"
        fi
    done
    if [ -z "$pt_why" ]; then
        record "$pt_results" "PASS $pt_name"
    else
        record "$pt_results" "FAIL $pt_name: $pt_why"
        show_tail "$pt_name"
    fi
}

# bench_smoke_test RESULTS: the benchmark program with a tiny count per
# row: it must start, print every row once with a value, and finish.
bench_smoke_test() {
    bs_results=$1
    run_qemu bench_smoke "$T_BENCH" -M microvm $COMMON \
        -kernel "$KERNEL" -initrd "$INITRD" -append "init=/bin/osbench --smoke"
    bs_status=$?
    bs_log=$LOGS/bench_smoke.log
    bs_why=
    case $bs_status in
    124|137) bs_why="timed out after $T_BENCH s" ;;
    1|3) ;;     # judged by the rows: osbench exits 1 when a row failed
    *) bs_why=$(status_text "$bs_status") ;;
    esac
    for bs_row in $BENCH_ROWS; do
        bs_n=$(grep -ac "^BENCH $bs_row " "$bs_log" 2>/dev/null)
        if [ "$bs_n" != 1 ]; then
            bs_why="${bs_why:+$bs_why, }row $bs_row printed $bs_n times"
        elif grep -aq "^BENCH $bs_row -1 error" "$bs_log"; then
            bs_why="${bs_why:+$bs_why, }row $bs_row: -1 error"
        elif ! grep -aqE "^BENCH $bs_row [0-9]+(\.[0-9]+)? [A-Za-z/]+\$" "$bs_log"; then
            bs_why="${bs_why:+$bs_why, }row $bs_row: malformed"
        fi
    done
    grep -aqx 'BENCH done' "$bs_log" 2>/dev/null || bs_why="${bs_why:+$bs_why, }no 'BENCH done'"
    if grep -aq 'KERNEL PANIC' "$bs_log" 2>/dev/null; then
        bs_why="${bs_why:+$bs_why, }$(grep -a -m1 'KERNEL PANIC' "$bs_log" | clean)"
    fi
    if [ -z "$bs_why" ]; then
        record "$bs_results" "PASS bench_smoke"
    else
        record "$bs_results" "FAIL bench_smoke: $bs_why"
        show_tail bench_smoke
    fi
}

lane_pvh() {
    boot_test "$1" boot_pvh "$T_PVH" -M microvm $COMMON \
        -kernel "$KERNEL" -initrd "$INITRD" -append ""
    # A bad kernel read: the fault, the address, the registers and a
    # symbolized backtrace.
    panic_test "$1" panic_report crash=pagefault \
        'kernel fault: page fault (vector 14' \
        'faulting address: 0xdead000 (read, not present)' \
        'cr2 000000000dead000' '] crash_test+0x' '] kmain+0x'
    # Runaway recursion hits the guard page and is reported as a double
    # fault on its own stack, not as silent corruption.
    panic_test "$1" panic_stack_overflow crash=stack \
        'kernel fault: double fault (vector 8' 'a kernel stack overflow' '] kmain+0x'
    bench_smoke_test "$1"
    usertests_test "$1"
}

# ---- lane B: GRUB ISO under SeaBIOS and OVMF ---------------------------------

lane_iso() {
    li_results=$1
    if [ "$iso_ok" != 1 ]; then
        record "$li_results" "FAIL iso_seabios: make iso failed (see $LOGS/iso-build.log)"
        record "$li_results" "FAIL iso_ovmf: make iso failed (see $LOGS/iso-build.log)"
        record "$li_results" "FAIL iso_seabios_poweroff: make iso failed (see $LOGS/iso-build.log)"
        record "$li_results" "FAIL iso_ovmf_poweroff: make iso failed (see $LOGS/iso-build.log)"
        return
    fi

    boot_test "$li_results" iso_seabios "$T_SEABIOS" -M q35 $COMMON -cdrom "$ISO"

    if [ -f /usr/share/OVMF/OVMF_CODE.fd ] && [ -f /usr/share/OVMF/OVMF_VARS.fd ]; then
        cp /usr/share/OVMF/OVMF_VARS.fd "$LOGS/ovmf-vars.fd"
        boot_test "$li_results" iso_ovmf "$T_OVMF" -M q35 $COMMON \
            -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
            -drive "if=pflash,format=raw,file=$LOGS/ovmf-vars.fd" \
            -cdrom "$ISO"
        rm -f "$LOGS/ovmf-vars.fd"
    elif [ -f /usr/share/ovmf/OVMF.fd ]; then
        boot_test "$li_results" iso_ovmf "$T_OVMF" -M q35 $COMMON \
            -bios /usr/share/ovmf/OVMF.fd -cdrom "$ISO"
    else
        record "$li_results" "FAIL iso_ovmf: no OVMF firmware (run make deps)"
    fi

    # Without isa-debug-exit, pid 1's exit powers off through ACPI, whose
    # tables the kernel finds through GRUB's RSDP tag (under UEFI there is
    # no other way).  The default init never exits (it keeps a shell on
    # the console), so these boot an ISO whose pid 1 is /bin/hello.
    if [ "$iso_exit_ok" != 1 ]; then
        record "$li_results" "FAIL iso_seabios_poweroff: building $ISO_EXIT failed (see $LOGS/iso-build.log)"
        record "$li_results" "FAIL iso_ovmf_poweroff: building $ISO_EXIT failed (see $LOGS/iso-build.log)"
        return
    fi
    power_test "$li_results" iso_seabios_poweroff poweroff "$HELLO" "$T_SEABIOS" \
        -M q35 $COMMON_NOEXIT -cdrom "$ISO_EXIT"
    if [ -f /usr/share/OVMF/OVMF_CODE.fd ] && [ -f /usr/share/OVMF/OVMF_VARS.fd ]; then
        cp /usr/share/OVMF/OVMF_VARS.fd "$LOGS/ovmf-vars.fd"
        power_test "$li_results" iso_ovmf_poweroff poweroff "$HELLO" "$T_OVMF" \
            -M q35 $COMMON_NOEXIT \
            -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
            -drive "if=pflash,format=raw,file=$LOGS/ovmf-vars.fd" \
            -cdrom "$ISO_EXIT"
        rm -f "$LOGS/ovmf-vars.fd"
    elif [ -f /usr/share/ovmf/OVMF.fd ]; then
        power_test "$li_results" iso_ovmf_poweroff poweroff "$HELLO" "$T_OVMF" \
            -M q35 $COMMON_NOEXIT -bios /usr/share/ovmf/OVMF.fd -cdrom "$ISO_EXIT"
    else
        record "$li_results" "FAIL iso_ovmf_poweroff: no OVMF firmware (run make deps)"
    fi
}

# ---- lane C: reboot(2) ends the machine ----------------------------------------

# pvh_power RESULTS NAME WANT MACHINE APPEND: usertests --reboot WANT booted
# directly (PVH) on MACHINE; APPEND goes before init= on the command line.
pvh_power() {
    power_test "$1" "$2" "$3" "usertests: reboot(" "$T_PVH" -M "$4" $COMMON \
        -kernel "$KERNEL" -initrd "$INITRD" -append "$5 init=/bin/usertests --reboot $3"
}

lane_power() {
    # Power-off: the sleep control register of hardware-reduced ACPI
    # (microvm), PM1a_CNT on the chipsets (q35's ICH9, pc's PIIX4).
    pvh_power "$1" poweroff_microvm poweroff microvm ""
    pvh_power "$1" poweroff_q35 poweroff q35 ""
    pvh_power "$1" poweroff_pc poweroff pc ""
    # Restart: the FADT's reset register (microvm: memory, q35: port
    # 0xcf9), pc's FADT has none, so port 0xcf9 by hand; then each later
    # fallback on its own (reboot= says where to start).
    pvh_power "$1" restart_microvm restart microvm ""
    pvh_power "$1" restart_q35 restart q35 ""
    pvh_power "$1" restart_pc restart pc ""
    pvh_power "$1" restart_kbd restart pc reboot=kbd
    pvh_power "$1" restart_triple restart microvm reboot=triple
}

# ---- lane C: the shell session ------------------------------------------------

lane_session() {
    ls_results=$1
    if ! command -v python3 >/dev/null 2>&1; then
        record "$ls_results" "FAIL session: python3 is not installed (run make deps)"
        return
    fi
    ls_kvm=
    [ "${KVM:-0}" = 1 ] && ls_kvm=--kvm
    # shellcheck disable=SC2086  # $ls_kvm is empty or one option
    timeout -k 10 "$T_SESSION" python3 tests/session.py $ls_kvm \
        --kernel "$KERNEL" --initrd "$INITRD" --log "$LOGS/session.log" \
        > "$LOGS/session.out" 2>&1 &
    echo $! > "$LOGS/.pid.session"
    wait $!
    ls_status=$?
    rm -f "$LOGS/.pid.session"
    grep -E '^(PASS|FAIL) ' "$LOGS/session.out" > "$LOGS/.session.lines"
    cat "$LOGS/.session.lines"
    cat "$LOGS/.session.lines" >> "$ls_results"
    ls_fail=$(grep -c '^FAIL ' "$LOGS/.session.lines")
    rm -f "$LOGS/.session.lines"
    case $ls_status in
    0|1) ;;
    124|137) record "$ls_results" "FAIL session_timeout: not done after $T_SESSION s" ;;
    *) record "$ls_results" "FAIL session_driver: tests/session.py exited with status $ls_status"
       ls_fail=1 ;;
    esac
    if [ "$ls_status" = 1 ] && [ "$ls_fail" = 0 ]; then
        record "$ls_results" "FAIL session_driver: status 1 without a FAIL line"
        ls_fail=1
    fi
    if [ "$ls_fail" != 0 ]; then
        {
            echo "    --- session transcript: $LOGS/session.log.txt; driver output:"
            grep -vE '^(PASS|FAIL) ' "$LOGS/session.out" | tail -n 15 | sed 's/^/    | /'
        } > "$LOGS/.tail.session"
        cat "$LOGS/.tail.session"
        rm -f "$LOGS/.tail.session"
    fi
}

# ---- interrupt: stop what we started ----------------------------------------

lanes=
cleanup() {
    for f in "$LOGS"/.pid.*; do
        [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null
    done
    for p in $lanes; do
        kill -TERM "$p" 2>/dev/null
    done
    rm -f "$LOGS"/.pid.* "$LOGS"/.qmp-in.* "$LOGS/ovmf-vars.fd"
    echo "tests/run.sh: interrupted" >&2
    exit 130
}
trap cleanup INT TERM HUP

# ---- main -------------------------------------------------------------------

: > "$LOGS/.results.host"
: > "$LOGS/.results.pvh"
: > "$LOGS/.results.iso"
: > "$LOGS/.results.power"
: > "$LOGS/.results.session"

# (a) host unit tests
echo "== host tests"
make -s host-tests > "$LOGS/host-tests.raw" 2>&1
host_status=$?
tr -d '\r' < "$LOGS/host-tests.raw" > "$LOGS/host-tests.log"
rm -f "$LOGS/host-tests.raw"
sed -n 's/^HOST PASS /PASS host\//p; s/^HOST FAIL /FAIL host\//p' \
    "$LOGS/host-tests.log" > "$LOGS/.results.host"
h_pass=$(grep -c '^PASS ' "$LOGS/.results.host")
h_fail=$(grep -c '^FAIL ' "$LOGS/.results.host")
grep '^FAIL ' "$LOGS/.results.host"
if [ $host_status != 0 ] && [ "$h_fail" = 0 ]; then
    record "$LOGS/.results.host" "FAIL host-tests: make host-tests exited with status $host_status without a HOST FAIL line"
    tail -n 20 "$LOGS/host-tests.log" | sed 's/^/    | /'
    h_fail=1
fi
echo "host tests: $h_pass passed, $h_fail failed"

# (b, c, d) guest tests
echo "== guest tests (logs in $LOGS/)"
for f in "$KERNEL" "$INITRD"; do
    if [ ! -f "$f" ]; then
        echo "tests/run.sh: $f is missing: run make all first" >&2
    fi
done

# The ISO must boot the default init: build it with an empty command line.
iso_ok=0
rm -f "$ISO"
if make -s iso APPEND= > "$LOGS/iso-build.log" 2>&1 && [ -f "$ISO" ]; then
    iso_ok=1
else
    sed 's/^/    | /' "$LOGS/iso-build.log" | tail -n 20
fi
iso_exit_ok=0
rm -f "$ISO_EXIT"
if [ $iso_ok = 1 ] &&
   sh tools/mkiso.sh "$KERNEL" "$INITRD" "$ISO_EXIT" init=/bin/hello \
       >> "$LOGS/iso-build.log" 2>&1 && [ -f "$ISO_EXIT" ]; then
    iso_exit_ok=1
fi

lane_pvh "$LOGS/.results.pvh" &
lanes="$lanes $!"
lane_iso "$LOGS/.results.iso" &
lanes="$lanes $!"
lane_power "$LOGS/.results.power" &
lanes="$lanes $!"
lane_session "$LOGS/.results.session" &
lanes="$lanes $!"
for p in $lanes; do
    wait "$p"
done
lanes=

# ---- summary ----------------------------------------------------------------

cat "$LOGS/.results.host" "$LOGS/.results.pvh" "$LOGS/.results.iso" \
    "$LOGS/.results.power" "$LOGS/.results.session" > "$LOGS/results.txt"
rm -f "$LOGS/.results.host" "$LOGS/.results.pvh" "$LOGS/.results.iso" \
    "$LOGS/.results.power" "$LOGS/.results.session"
n_pass=$(grep -c '^PASS ' "$LOGS/results.txt")
n_fail=$(grep -c '^FAIL ' "$LOGS/results.txt")
if [ "$n_fail" != 0 ]; then
    echo "== failed tests (logs in $LOGS/):"
    sed -n 's/^FAIL \([^:]*\).*/    \1/p' "$LOGS/results.txt"
fi
echo "$n_pass passed, $n_fail failed"
[ "$n_fail" = 0 ]
