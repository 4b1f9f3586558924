#!/usr/bin/env python3
"""tests/session.py: a scripted session with /bin/sh over the serial console.

Boots the kernel with the default init (which starts the shell) through
tools/qemu.sh, as `make run` does, types
commands into the serial port the way a person would (Enter is a CR,
Ctrl-C and Ctrl-Z are the bytes 0x03 and 0x1a), reads what comes back
until the next prompt, and checks it.  Every step prints one line:

    PASS session/NAME
    FAIL session/NAME: why

tests/run.sh counts those lines.  The exit status is 0 when every step
passed.  The whole transcript goes to --log.

Synchronisation is by reading, never by sleeping: the harness sets
PS1='sh[$?]$ ', so every prompt also carries the status of the command
before it, and waits for it with a generous time-out (TCG is slow and
the machine may be busy with other tests).  The only retries are for
Ctrl-C and Ctrl-Z, which reach a job only once the shell has made it the
console's foreground group: a key pressed a moment too early is ignored
by the shell, as a person would notice and press it again.
"""
import argparse
import os
import re
import select
import signal
import subprocess
import sys
import time

PROMPT_RE = re.compile(r"sh\[(\d+)\][#$] ")
FIRST_PROMPT = "/ # "          # the default PS1 ("\w \$ ") in / as uid 0
ESC_RE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])")


def clean(raw):
    """Terminal output as the screen shows it, as text: a CR goes back to
    the start of the line and what follows overwrites it (the line editor
    redraws that way), a backspace or ESC [nD moves left, ESC [K clears to
    the end of the line; other escape sequences are dropped."""
    text = raw.decode("latin-1")
    done = []                 # finished lines
    line, col = [], 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\x1b":
            m = ESC_RE.match(text, i)
            if not m:
                if i + 1 >= n or text[i + 1] == "[":
                    break     # an unfinished sequence: wait for the rest
                i += 1
                continue
            arg, op = m.group(1), m.group(2)
            if op == "D":
                col = max(0, col - int(arg or "1"))
            elif op == "K":
                del line[col:]
            i = m.end()
            continue
        if ch == "\n":
            done.append("".join(line))
            line, col = [], 0
        elif ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(0, col - 1)
        elif ch >= " " or ch == "\t":
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
        i += 1
    done.append("".join(line))
    return "\n".join(done)


class Fatal(Exception):
    """The session cannot go on (no prompt, QEMU gone)."""


class Lost(Exception):
    """A step lost track of the shell (no prompt where one was due); the
    session tries to get a prompt back before the next step."""


class Guest:
    def __init__(self, argv, log_path, stderr_path):
        self.log = open(log_path, "wb")
        self.stderr = open(stderr_path, "wb")
        # A session of its own: stop() takes down QEMU with its script.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=self.stderr,
                                     start_new_session=True)
        self.raw = b""
        self.text = ""        # clean(self.raw)
        self.pos = 0          # where the unread part of text starts
        self.eof = False

    def _pump(self, deadline):
        """Reads what QEMU has written, until deadline.  False at EOF."""
        left = deadline - time.monotonic()
        if left <= 0 or self.eof:
            return not self.eof
        ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.2))
        if ready:
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                self.eof = True
                return False
            self.raw += data
            self.log.write(data)
            self.log.flush()
            self.text = clean(self.raw)
        return True

    def send(self, data):
        """Types data (str with \\r for Enter, \\x03 for Ctrl-C ...)."""
        if self.proc.poll() is not None:
            raise Fatal("QEMU has exited (status %d)" % self.proc.returncode)
        try:
            self.proc.stdin.write(data.encode("latin-1"))
            self.proc.stdin.flush()
        except OSError as e:
            raise Fatal("cannot type into QEMU: %s" % e)

    def expect(self, regex, timeout):
        """Waits for regex in the unread text; returns (text before the
        match, match) and moves past it, or (unread text, None)."""
        pat = re.compile(regex) if isinstance(regex, str) else regex
        deadline = time.monotonic() + timeout
        while True:
            m = pat.search(self.text, self.pos)
            if m:
                before = self.text[self.pos:m.start()]
                self.pos = m.end()
                return before, m
            if not self._pump(deadline) or time.monotonic() >= deadline:
                m = pat.search(self.text, self.pos)
                if m:
                    continue
                return self.text[self.pos:], None

    def wait_exit(self, timeout):
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._pump(deadline)
        try:
            self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return None
        while self._pump(time.monotonic() + 0.2):
            pass
        return self.proc.returncode

    def stop(self):
        # TERM first: tools/qemu.sh then removes its temporary console log.
        for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except OSError:
                break
            try:
                self.proc.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                pass
        self.log.close()
        self.stderr.close()


def short(s, n=160):
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[:n] + "..."


class Session:
    def __init__(self, guest, timeout):
        self.g = guest
        self.t = timeout
        self.passed = 0
        self.failed = 0

    # -- results --
    def result(self, name, why):
        if why is None:
            print("PASS session/%s" % name, flush=True)
            self.passed += 1
        else:
            print("FAIL session/%s: %s" % (name, why), flush=True)
            self.failed += 1

    # -- talking to the shell --
    def prompt(self, timeout=None):
        """Output up to the next prompt and the status it shows."""
        before, m = self.g.expect(PROMPT_RE, timeout or self.t)
        if not m:
            raise Lost("no prompt within %ds; last output: %s"
                       % (timeout or self.t, short(before[-300:])))
        return before, int(m.group(1))

    def recover(self):
        """After a Lost step: Ctrl-C (ends a job, or drops a half-typed
        line) and Enter until a prompt shows up again."""
        for _ in range(5):
            self.g.send("\x03")
            _, m = self.g.expect(PROMPT_RE, 5)
            if m:
                # Let whatever else was coming arrive, then start clean.
                while self.g.expect(PROMPT_RE, 2)[1]:
                    pass
                return
            self.g.send("\r")
            _, m = self.g.expect(PROMPT_RE, 5)
            if m:
                return
        raise Fatal("the shell does not answer any more")

    def run(self, line, timeout=None, shown=None):
        """Types a command line and Enter; returns (output, status).  The
        output is what comes between the line as the screen shows it
        (shown, when keys edit it) and the next prompt: waiting for the
        echo first skips anything left over from the step before."""
        self.g.send(line + "\r")
        before, m = self.g.expect(re.escape(shown or line) + r"\n",
                                  timeout or self.t)
        if not m:
            raise Lost("no echo of %r; got: %s" % (shown or line,
                                                   short(before[-300:])))
        return self.prompt(timeout)

    def key_until(self, key, regex, what, tries=10, each=5):
        """Presses key until regex shows up (see the module comment)."""
        for _ in range(tries):
            self.g.send(key)
            before, m = self.g.expect(regex, each)
            if m:
                return before, m
        raise Lost("%s: nothing after %d presses" % (what, tries))


# ---- the steps -------------------------------------------------------------------
# Each step is a function (session) -> None or a failure reason.  A Lost
# raised by one fails it, and the session gets a prompt back before going
# on; a Fatal ends the session: the remaining steps are reported as not run.

def lines(out):
    """The non-blank lines of out, without blanks at either end (wc pads
    its numbers)."""
    return [l.strip() for l in out.split("\n") if l.strip()]


def step_prompt(s):
    before, m = s.g.expect(re.escape(FIRST_PROMPT), s.t * 4)
    if not m:
        raise Fatal("no shell prompt '%s' after boot; last output: %s"
                    % (FIRST_PROMPT, short(before[-300:])))
    s.g.send("PS1='sh[$?]\\$ '\r")
    _, st = s.prompt()
    if st != 0:
        return "setting PS1 gave status %d" % st


def step_ps(s):
    out, st = s.run("ps")
    if st != 0:
        return "ps exited %d: %s" % (st, short(out))
    if not re.search(r"\bPID\b", out):
        return "no PID heading in: %s" % short(out)
    for name in ("sh", "ps", "init"):
        if not any(re.search(r"(^|\s)-?%s(\s|$)" % name, l) for l in lines(out)):
            return "no line for %s in: %s" % (name, short(out))


def step_pipeline(s):
    out, st = s.run("ls / | grep bin | wc -l")
    if st != 0 or lines(out) != ["1"]:
        return "got %r, status %d; want '1', 0" % (short(out), st)


def step_redirect_out(s):
    out, st = s.run("echo hello > /tmp/s1")
    if st != 0 or lines(out):
        return "echo > file: %r, status %d" % (short(out), st)
    out, st = s.run("echo world >> /tmp/s1")
    if st != 0 or lines(out):
        return "echo >> file: %r, status %d" % (short(out), st)
    out, st = s.run("cat /tmp/s1")
    if st != 0 or lines(out) != ["hello", "world"]:
        return "cat: %r, status %d" % (short(out), st)


def step_redirect_in(s):
    out, st = s.run("wc -l < /tmp/s1")
    if st != 0 or lines(out) != ["2"]:
        return "wc -l < file: %r, status %d" % (short(out), st)


def step_redirect_stderr(s):
    out, st = s.run("ls /nonexistent 2> /tmp/s2")
    if st == 0 or lines(out):
        return "ls 2> file: %r, status %d" % (short(out), st)
    out, st = s.run("cat /tmp/s2")
    if st != 0 or "nonexistent" not in out:
        return "the error did not reach the file: %r" % short(out)
    out, st = s.run("ls /nonexistent > /tmp/s3 2>&1; cat /tmp/s3")
    if "nonexistent" not in out or len(lines(out)) != 1:
        return "2>&1: %r" % short(out)


def step_and_or(s):
    out, st = s.run("false && echo no || echo yes")
    if st != 0 or lines(out) != ["yes"]:
        return "false && no || yes: %r, status %d" % (short(out), st)
    out, st = s.run("true && echo A; false || echo B; true || echo C")
    if st != 0 or lines(out) != ["A", "B"]:
        return "lists: %r, status %d" % (short(out), st)
    out, st = s.run("false")
    if st != 1:
        return "false: status %d" % st


def step_quoting(s):
    out, st = s.run("X='a  b'; echo \"$X\" $X '$X' \\$X \"it's\"")
    if st != 0 or lines(out) != ["a  b a b $X $X it's"]:
        return "got %r" % short(out)
    out, st = s.run("export Y=exported; sh -c 'echo $Y'")
    if st != 0 or lines(out) != ["exported"]:
        return "export: %r, status %d" % (short(out), st)


def step_not_found(s):
    out, st = s.run("nosuchcmd")
    if st != 127 or "sh: nosuchcmd: command not found" not in out:
        return "got %r, status %d" % (short(out), st)


def step_syntax_error(s):
    out, st = s.run("echo a | | wc")
    if st != 2 or "sh: syntax error near '|'" not in out:
        return "got %r, status %d" % (short(out), st)


def step_background(s):
    out, st = s.run("sleep 100 &")
    m = re.search(r"\[(\d+)\] (\d+)", out)
    if st != 0 or not m:
        return "no '[n] pid' line: %r, status %d" % (short(out), st)
    out, st = s.run("jobs")
    if not re.search(r"\[%s\]\+?\s+Running\s+sleep 100 &" % m.group(1), out):
        return "jobs: %r" % short(out)
    out, st = s.run("kill %%%s; wait" % m.group(1))
    if "Terminated" not in out:
        return "no 'Terminated' after kill: %r" % short(out)


def step_done_notice(s):
    out, st = s.run("sleep 1 &")
    if st != 0:
        return "sleep 1 &: status %d" % st
    out, st = s.run("sleep 3")
    if not re.search(r"\[\d+\]\+?\s+Done\s+sleep 1", out):
        return "no Done notice before the prompt: %r" % short(out)


def step_ctrl_c(s):
    s.g.send("sleep 100\r")
    s.g.expect(r"sleep 100\n", s.t)
    _, m = s.key_until("\x03", PROMPT_RE, "Ctrl-C")
    # The prompt's status is the interrupted job's.
    if int(m.group(1)) != 130:
        return "status %s after Ctrl-C, want 130" % m.group(1)


def step_ctrl_z_fg(s):
    s.g.send("sleep 100\r")
    s.g.expect(r"sleep 100\n", s.t)
    s.key_until("\x1a", r"Stopped\s+sleep 100", "Ctrl-Z")
    _, st = s.prompt()
    if st != 148:
        return "status %d after Ctrl-Z, want 148 (128 + SIGTSTP)" % st
    out, st = s.run("jobs")
    if not re.search(r"\[\d+\]\+?\s+Stopped\s+sleep 100", out):
        return "jobs: %r" % short(out)
    s.g.send("fg\r")
    before, m = s.g.expect(r"sleep 100\n", s.t)
    if not m:
        return "fg did not name the job: %r" % short(before)
    _, m = s.key_until("\x03", PROMPT_RE, "Ctrl-C after fg")
    if int(m.group(1)) != 130:
        return "status %s after fg and Ctrl-C, want 130" % m.group(1)
    out, st = s.run("jobs")
    if lines(out):
        return "jobs left after that: %r" % short(out)


def step_line_editing(s):
    # "echo hxllo", three times Left, Backspace, "e": "echo hello".
    out, st = s.run("echo hxllo\x1b[D\x1b[D\x1b[D\x7fe", shown="echo hello")
    if st != 0 or lines(out) != ["hello"]:
        return "editing: %r" % short(out)
    # Up arrow and Enter: the same line again.
    out, st = s.run("\x1b[A", shown="echo hello")
    if st != 0 or lines(out) != ["hello"]:
        return "history: %r" % short(out)
    # Ctrl-C at the prompt drops the line.
    s.g.send("echo dropped\x03")
    _, st = s.prompt()
    if st != 130:
        return "Ctrl-C while editing: status %d" % st


def step_script(s):
    out, st = s.run("echo 'echo one; false || echo two' > /tmp/s.sh; sh /tmp/s.sh")
    if st != 0 or lines(out) != ["one", "two"]:
        return "sh FILE: %r, status %d" % (short(out), st)
    out, st = s.run("sh -c 'exit 7'")
    if st != 7:
        return "sh -c 'exit 7': status %d" % st
    out, st = s.run("for i in a b c; do if [ $i = b ]; then echo got $i; fi; done")
    if st != 0 or lines(out) != ["got b"]:
        return "for/if/test: %r, status %d" % (short(out), st)


def step_patterns(s):
    out, st = s.run("echo /bin/s[h] /b?n/s? /nomatch*")
    if st != 0 or lines(out) != ["/bin/sh /bin/sh /nomatch*"]:
        return "got %r, status %d" % (short(out), st)


def step_cd(s):
    out, st = s.run("cd /tmp && pwd")
    if st != 0 or lines(out) != ["/tmp"]:
        return "cd /tmp && pwd: %r" % short(out)
    out, st = s.run("cd /nonexistent")
    if st != 1 or "nonexistent" not in out:
        return "cd to a missing dir: %r, status %d" % (short(out), st)
    s.run("cd /")


def step_free(s):
    out, st = s.run("free")
    if st != 0:
        return "free exited %d: %r" % (st, short(out))
    if not re.search(r"total\s+used\s+free", out):
        return "no 'total used free' heading in: %r" % short(out)
    if not any(len(re.findall(r"\b\d+\b", l)) >= 3 for l in lines(out)):
        return "no line of numbers in: %r" % short(out)


def step_trace(s):
    out, st = s.run("trace reset; trace on")
    if st != 0:
        return "trace reset; trace on: status %d: %r" % (st, short(out))
    s.run("ls / | wc -l")
    out, st = s.run("trace summary")
    s.run("trace off")
    if st != 0:
        return "trace summary exited %d: %r" % (st, short(out))
    for pat in (r"system calls\s+\d+", r"processes\s+\d+ created",
                r"\bexecve\s+\d+"):
        if not re.search(pat, out):
            return "no /%s/ in: %r" % (pat, short(out, 300))


def step_exit_restart(s):
    s.g.send("exit\r")
    before, m = s.g.expect(re.escape(FIRST_PROMPT), s.t * 2)
    if not m:
        raise Fatal("no new shell after exit: %s" % short(before[-300:]))
    s.g.send("PS1='sh[$?]\\$ '\r")
    s.prompt()


def step_shutdown(s):
    s.g.send("shutdown\r")
    # Either QEMU goes away, or the shell comes back with a prompt (a
    # failed shutdown): whichever happens first.
    deadline = time.monotonic() + s.t * 2
    while s.g.proc.poll() is None and time.monotonic() < deadline:
        before, m = s.g.expect(PROMPT_RE, 1)
        if m:
            nl = before.find("\n")
            return "back at the prompt (status %s): %s" % (
                m.group(1), short(before[nl + 1:]))
    status = s.g.wait_exit(5)
    if status is None:
        return "QEMU still running %ds after shutdown" % (s.t * 2)
    # tools/qemu.sh (what make run uses) says 0 for a kernel power-off.
    if status != 0:
        return "tools/qemu.sh exited with status %d, want 0 (powered off)" % status


STEPS = [
    ("prompt", step_prompt),
    ("ps", step_ps),
    ("pipeline", step_pipeline),
    ("redirect_out", step_redirect_out),
    ("redirect_in", step_redirect_in),
    ("redirect_stderr", step_redirect_stderr),
    ("and_or", step_and_or),
    ("quoting", step_quoting),
    ("not_found", step_not_found),
    ("syntax_error", step_syntax_error),
    ("background_jobs", step_background),
    ("done_notice", step_done_notice),
    ("ctrl_c", step_ctrl_c),
    ("ctrl_z_fg", step_ctrl_z_fg),
    ("line_editing", step_line_editing),
    ("script", step_script),
    ("patterns", step_patterns),
    ("cd", step_cd),
    ("free", step_free),
    ("trace", step_trace),
    ("exit_restart", step_exit_restart),
    ("shutdown", step_shutdown),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--initrd", default="build/initrd.cpio")
    ap.add_argument("--log", default="build/test-logs/session.log")
    ap.add_argument("--timeout", type=int, default=30,
                    help="seconds to wait for each prompt (boot: 4x)")
    ap.add_argument("--kvm", action="store_true")
    ap.add_argument("--only", help="comma-separated step names (prompt always runs)")
    args = ap.parse_args()

    # The machine make run boots, by the same script: its console on
    # this process's pipes (a 0x03 byte reaches the guest as a key: the
    # script sets signal=off), its exit status the script's verdict.
    argv = ["sh", "tools/qemu.sh", "run", args.kernel, args.initrd, ""]
    os.environ["KVM"] = "1" if args.kvm else "0"
    steps = STEPS
    if args.only:
        want = set(args.only.split(","))
        steps = [st for st in STEPS if st[0] == "prompt" or st[0] in want]

    # Stopped from outside (tests/run.sh interrupted, timeout(1)): take
    # QEMU down too, through the finally below.
    def on_term(sig, frame):
        raise SystemExit(130)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)

    os.makedirs(os.path.dirname(args.log) or ".", exist_ok=True)
    guest = Guest(argv, args.log, args.log + ".qemu-stderr")
    s = Session(guest, args.timeout)
    fatal = None
    try:
        for name, fn in steps:
            if fatal:
                s.result(name, "not run: " + fatal)
                continue
            try:
                s.result(name, fn(s))
            except Lost as e:
                s.result(name, str(e))
                try:
                    s.recover()
                except Fatal as e2:
                    fatal = str(e2)
            except Fatal as e:
                fatal = str(e)
                s.result(name, fatal)
    finally:
        guest.stop()
        with open(args.log + ".txt", "w") as f:
            f.write(guest.text)
        if os.path.getsize(args.log + ".qemu-stderr") == 0:
            os.unlink(args.log + ".qemu-stderr")
    print("session: %d passed, %d failed" % (s.passed, s.failed), flush=True)
    return 1 if s.failed else 0


if __name__ == "__main__":
    sys.exit(main())
