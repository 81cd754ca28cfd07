#!/usr/bin/env python3
"""`dslab exam` in script mode (lab 4's reference: the record's contents), then through a real
terminal: tmux runs it, send-keys types (with tab completion),
capture-pane reads the screen. Every wait polls the screen for an observable line with a
deadline; nothing waits a fixed time. Checks: completion of commands and node ids, a bad
command's one-line error, Ctrl-C and Ctrl-D ending the session with the record written, and a
node whose handler crashes its host process shown as an event while the session goes on.
Exit 77 (skipped) after the script part when tmux is not installed."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

DEADLINE_SECONDS = 30


class Terminal:
    """One tmux server of our own (-L, a socket per terminal), one window running a command."""

    count = 0

    def __init__(self, command, cwd):
        Terminal.count += 1
        self.socket = f"dslab-exam-{os.getpid()}-{Terminal.count}"
        # One tmux call: the window keeps its last screen even if the command ends at once.
        self.tmux("new-session", "-d", "-x", "120", "-y", "50", "-s", "exam", "-c", cwd, command, ";",
                  "set-option", "-w", "-t", "exam", "remain-on-exit", "on")

    def tmux(self, *args):
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args[:1])} failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "exam", *keys)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-J", "-t", "exam", "-S", "-200")

    def wait_for(self, text, what):
        end = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.02)  # poll interval only: the verdict depends on the screen, not on time
        raise AssertionError(f"{what}: '{text}' not on the screen within {DEADLINE_SECONDS} s; screen:\n{self.screen()}")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def read_record(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def interactive_session(args, work):
    """Lab 3 on the reference host: completion, a bad command, Ctrl-C."""
    record = os.path.join(work, "r1.json")
    term = Terminal(f"{args.dslab} exam lab3-paxos --host {args.bin}/lab3_host --student alice --seed 1 "
                    f"--record {record} --source {args.source} --backend none", work)
    try:
        term.wait_for("exam lab3-paxos t=", "the prompt")
        term.keys("pen", "Tab")
        term.wait_for("> pending ", "Tab completes 'pen' to 'pending'")
        term.keys("Enter")
        term.wait_for("n3 -> n1 Accept(", "pending lists the Accept to n1")
        term.keys("cra", "Tab")
        term.wait_for("> crash ", "Tab completes 'cra' to 'crash'")
        term.keys("Tab")
        term.wait_for("1  2  3", "a second Tab lists the node ids")
        term.keys("1", "Enter")
        term.wait_for("n1 CRASHED (by the examiner)", "crash 1 runs")
        term.keys("frobnicate", "Enter")
        term.wait_for("error: unknown command 'frobnicate'", "a bad command gets a one-line error")
        term.keys("state 2", "Enter")
        term.wait_for("n2  up, incarnation 0", "the session goes on after the error")
        term.keys("mark pass", "Enter")
        term.wait_for("verdict: pass", "mark pass")
        term.keys("C-c")
        term.wait_for("session over (interrupt)", "Ctrl-C ends the session")
        term.wait_for("record written to", "Ctrl-C writes the record")
    finally:
        term.close()
    r = read_record(record)
    check(r["ended_by"] == "interrupt" and r["verdict"] == "pass", f"record: {r['ended_by']}, {r['verdict']}")
    lines = [c["line"] for c in r["commands"]]
    check(lines == ["pending", "crash 1", "frobnicate", "state 2", "mark pass"], f"record commands: {lines}")
    check("unknown command" in r["commands"][2].get("error", ""), "the bad command's error is recorded")


def crashing_session(args, work):
    """Lab 2 with a host whose node 2 segfaults in a handler; Ctrl-D."""
    record = os.path.join(work, "r2.json")
    term = Terminal(f"{args.dslab} exam lab2-detector --host {args.bin}/exam_crashing_host --student bob "
                    f"--record {record} --source {args.source} --backend none", work)
    try:
        term.wait_for("exam lab2-detector t=", "the prompt")
        term.wait_for("event: n2 failed in on_message", "the crash in a handler is shown as an event")
        term.keys("restart 2", "Enter")
        term.wait_for("n2 restarts", "the session goes on: n2 boots again")
        term.keys("C-d")
        term.wait_for("session over (end of input)", "Ctrl-D ends the session")
    finally:
        term.close()
    r = read_record(record)
    check(r["ended_by"] == "end of input" and r["verdict"] == "none", f"record: {r['ended_by']}, {r['verdict']}")
    check([c["line"] for c in r["commands"]] == ["restart 2"], f"record commands: {r['commands']}")


def script_session(args, work):
    """Lab 4 on the reference host in script mode: the record holds what the script did."""
    script = os.path.join(work, "script.txt")
    with open(script, "w", encoding="utf-8") as f:
        f.write("step 3\nstate 1\nundo\nask\nnote steady\nbogus\nmark fail\nquit\nstep\n")
    record = os.path.join(work, "r0.json")
    out = subprocess.run([args.dslab, "exam", "lab4-multipaxos", "--host", f"{args.bin}/lab4_host", "--student",
                          "dave", "--seed", "4", "--record", record, "--script", script, "--source", args.source,
                          "--backend", "none"], capture_output=True, text=True, timeout=DEADLINE_SECONDS)
    check(out.returncode == 0, f"dslab exam --script exited {out.returncode}: {out.stderr}")
    r = read_record(record)
    lines = [c["line"] for c in r["commands"]]
    check(lines == ["step 3", "state 1", "undo", "ask", "note steady", "bogus", "mark fail", "quit"],
          f"record commands (nothing after quit): {lines}")
    check([c.get("error", "") != "" for c in r["commands"]] == [False] * 5 + [True, False, False],
          f"only 'bogus' failed: {r['commands']}")
    check(r["verdict"] == "fail" and r["ended_by"] == "quit" and r["setup_errors"] == [], f"record: {r}")
    check(r["questions"][0]["asked"] and not r["questions"][1]["asked"], "the first question was asked")
    check(r["notes"][0]["text"] == "steady" and r["student"] == "dave" and r["seed"] == 4, f"record: {r}")
    students = os.path.join(work, "students.txt")
    with open(students, "w", encoding="utf-8") as f:
        f.write("# exam day\ndave\nerin\n")
    sheet = subprocess.run([args.dslab, "exam", "--plan", "--students", students, "lab4-multipaxos", "--seed", "4",
                            "--source", args.source], capture_output=True, text=True, timeout=DEADLINE_SECONDS)
    check(sheet.returncode == 0, f"dslab exam --plan exited {sheet.returncode}: {sheet.stderr}")
    picked = [line for line in sheet.stdout.splitlines() if line.startswith("  scenario: ")]
    check(len(picked) == 2 and picked[0].endswith(f"({r['scenarios'][0]})"),
          f"the sheet gives dave the scenario his session had ({r['scenarios'][0]}): {picked}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dslab", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    args.dslab, args.bin, args.source = (os.path.abspath(p) for p in (args.dslab, args.bin, args.source))
    with tempfile.TemporaryDirectory(prefix="dslab-exam-script-") as work:
        script_session(args, work)
    print("dslab exam --script on lab 4's reference: the record is right")
    if shutil.which("tmux") is None:
        print("SKIPPED: tmux is not installed (Debian package tmux; ci/setup installs it)")
        return 77
    with tempfile.TemporaryDirectory(prefix="dslab-exam-tty-") as work:
        interactive_session(args, work)
        crashing_session(args, work)
    print("dslab exam through tmux: completion, errors, Ctrl-C, Ctrl-D and a crashing handler: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
