#!/usr/bin/env python3
"""Stopping the grader mid-run leaves nothing behind, and its time budget stops it (issue 14).

usage: stop_test.py --dslab BIN --source ROOT

Two cases, each on lab 2's reference solution, each deciding when to stop the grader from
state it can observe (never from elapsed time):
  term  SIGTERM once the sandboxed build runs (its control group holds a process): the grader's
        stop handler removes its staging dir, its groups and their processes, then dies by
        SIGTERM.
  kill  SIGKILL once a test runs (a test's group holds processes after the first result): the
        grader cannot clean up; the next `dslab grade` sweeps the dead grader's staging dir and
        groups and kills what still ran in them.
  budget  `--budget 1`: no build finishes in a second (cmake's configure alone takes longer), so
        the build is stopped and every test is build_failed, the reason naming the budget.
After each: no control group named after the grader's pid, no staging dir of it, no process
in such a group or of its sandbox uids. Exit 0 when every check holds.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LAB = "lab2-detector"
CGROUP_ROOT = "/sys/fs/cgroup"
BOUND_S = 600  # an observable state that never comes within this is a failure, not a wait


def groups_of(pid):
    """Control-group directories named dslab-<pid>-* anywhere in the hierarchy (depth <= 6)."""
    found = []
    base = CGROUP_ROOT.count("/")
    for d, dirs, _ in os.walk(CGROUP_ROOT):
        if d.count("/") - base >= 6:
            dirs[:] = []
        for name in dirs:
            if name.startswith(f"dslab-{pid}-"):
                found.append(os.path.join(d, name))
    return found


def procs_in(group):
    try:
        with open(os.path.join(group, "cgroup.procs")) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def processes_of(pid):
    """Processes in a group of `pid`, or running as one of its sandbox uids (grade.cpp)."""
    uids = {61000 + (pid % 1000) * 8 + j for j in range(8)}
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cgroup") as f:
                in_group = f"/dslab-{pid}-" in f.read()
            with open(f"/proc/{entry}/status") as f:
                uid = next(int(l.split()[1]) for l in f if l.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if in_group or uid in uids:
            found.append(int(entry))
    return found


def wait_for(what, predicate, proc):
    deadline = time.monotonic() + BOUND_S
    while not predicate():
        if proc.poll() is not None:
            raise SystemExit(f"FAIL  the grader ended (exit {proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL  {what} did not happen within {BOUND_S} s")
        time.sleep(0.05)  # polling an observable state with a bound, not deciding by time


class Progress:
    """Collects the grader's stderr lines in the background."""

    def __init__(self, proc):
        import threading
        self.lines = []
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc):
        for line in proc.stderr:
            self.lines.append(line.decode(errors="replace"))

    def has(self, text):
        return any(text in l for l in self.lines)


def start_grade(args, tmp, submission, extra=()):
    env = dict(os.environ, TMPDIR=tmp)
    argv = [args.dslab, "grade", LAB, "--submission", submission, "--source", args.source,
            "--jobs", "2", "--format", "json", "--progress", "--out", os.path.join(tmp, "out.json"),
            *extra]
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def leftovers(pid, tmp):
    staging = [n for n in os.listdir(tmp) if n.startswith(f"dslab-grade-{pid}-")]
    return groups_of(pid), staging, processes_of(pid)


def check_clean(pid, tmp, when):
    # The kernel takes killed tasks out of their group a moment after SIGKILL: wait for that
    # (bounded), then judge.
    deadline = time.monotonic() + 10
    while any(leftovers(pid, tmp)) and time.monotonic() < deadline:
        time.sleep(0.05)
    groups, staging, procs = leftovers(pid, tmp)
    ok = True
    for what, items in (("control group", groups), ("staging dir", staging), ("process", procs)):
        good = not items
        ok = ok and good
        print(f"{'ok   ' if good else 'FAIL '} {when}: no {what} of grader {pid} is left {items[:4]}")
    return ok


def case_term(args, tmp):
    solution = os.path.join(args.source, "solutions")
    proc = start_grade(args, tmp, solution)
    progress = Progress(proc)
    wait_for("the build's group holds a process",
             lambda: progress.has("building the submission") and
             any(procs_in(g) for g in groups_of(proc.pid)), proc)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    died_by_term = proc.returncode == -signal.SIGTERM
    print(f"{'ok   ' if died_by_term else 'FAIL '} the grader ends by SIGTERM (got {proc.returncode})")
    return check_clean(proc.pid, tmp, "after SIGTERM in the build") and died_by_term


def case_kill(args, tmp):
    solution = os.path.join(args.source, "solutions")
    proc = start_grade(args, tmp, solution)
    progress = Progress(proc)
    wait_for("a test runs after the first result",
             lambda: progress.has(f"[{LAB}] 1/") and
             any(procs_in(g) for g in groups_of(proc.pid)), proc)
    proc.kill()
    proc.wait(timeout=60)
    pid = proc.pid
    staged = leftovers(pid, tmp)[1]
    print(f"{'ok   ' if staged else 'FAIL '} SIGKILL left the staging dir for the sweep {staged}")
    # What SIGKILL leaves (the running test's group and its processes, the staging dir) is
    # swept by the next grader at its start: here one that grades an empty submission.
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty, exist_ok=True)
    sweeper = start_grade(args, tmp, empty)
    sweeper.communicate(timeout=120)
    swept = sweeper.returncode in (0, 1)
    print(f"{'ok   ' if swept else 'FAIL '} the next grader runs (exit {sweeper.returncode})")
    return check_clean(pid, tmp, "after SIGKILL in a test and the next start") and swept and \
        bool(staged)


def case_budget(args, tmp):
    import json
    proc = start_grade(args, tmp, os.path.join(args.source, "solutions"), ("--budget", "1"))
    proc.communicate(timeout=120)
    try:
        with open(os.path.join(tmp, "out.json")) as f:
            tests = json.load(f)["labs"][0]["tests"]
    except (OSError, ValueError, KeyError, IndexError) as e:
        print(f"FAIL  the report is readable ({e})")
        return False
    stopped = all(t["status"] == "build_failed" and "time budget of 1 s" in t["reason"]
                  for t in tests)
    print(f"{'ok   ' if stopped else 'FAIL '} every test is build_failed naming the budget "
          f"(e.g. {tests[0]['status']}: {tests[0]['reason']!r})")
    return check_clean(proc.pid, tmp, "after the budget ran out") and stopped


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dslab", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--case", choices=["term", "kill", "budget", "all"], default="all")
    args = ap.parse_args()
    args.source = os.path.abspath(args.source)
    ok = True
    for case, fn in (("term", case_term), ("kill", case_kill), ("budget", case_budget)):
        if args.case not in (case, "all"):
            continue
        tmp = tempfile.mkdtemp(prefix=f"dslab-stop-test-{case}-")
        try:
            ok = fn(args, tmp) and ok
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
