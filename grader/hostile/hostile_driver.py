#!/usr/bin/env python3
"""Hostile-submission driver: grades one hostile lab-2 submission with the real `dslab grade`
and checks that it was contained (grader/hostile/README.md lists the cases and expectations).

usage: hostile_driver.py --dslab BIN --source ROOT --case NAME [--keep]
Exit 0 when every check holds; otherwise prints each failed check and exits 1.
"""
import argparse
import hashlib
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

LAB = "lab2-detector"
GRADE_BOUND_S = 300          # a grade that takes longer is a failure (the grader must finish)
HOST_TIMEOUT_MS = "2000"     # per-handler hang limit for hostile runs (grader default: 5000)
HERE = os.path.dirname(os.path.abspath(__file__))
# Every case grades a quick grade (dslab grade --seeds-at-most): what a case checks is the
# grader's containment of the attack, which the first seeds of each test show as well as all
# 2,000 do (the isolation audit runs the first 2); the full seeds are grade_solutions' business.
# This keeps each full grading of lab 2 to seconds instead of a minute (README, "Time").
QUICK_SEEDS = 20

# name -> expected outcome. score: exact expected score; build_failed: every test build_failed;
# no_crash: the trusted test binary never died (status "crashed" would mean it did);
# why: the reports of failed tests name the attack with this pattern (it, not chance, failed them);
# violation: staging refused the submission: every test is sandbox_violation and its reason
# matches this pattern; grade_args: more arguments for dslab grade; isolation: at least one
# public and one hidden test is status "isolation" (the audit with one process per node caught
# it) and no test passed by shared memory alone; bounded: the grade's time budget (seconds,
# also passed as --budget): the grading ends within it, and every test that did not pass is a
# timeout whose reason names its time limit or the budget, both kinds present.
# A case's submission is the solution with submissions/<case>/attack.patch applied, then
# submissions/<case>/setup.sh run in the submission's root (either or both).
CASES = {
    "runaway": {"score": 0.0, "why": r"did not answer within"},
    "static-exit": {"score": 0.0, "why": r"exited with code 0"},
    "forged-output": {"score": 0.0},
    "shm-garbage": {"score": 0.0, "no_crash": True,
                    "why": r"exceeds the capacity|garbage|out of step"},
    "snoop-and-kill": {"score": 100.0},
    "read-hidden-compile": {"score": 0.0, "build_failed": True},
    # Same submission; checks that the report shows the compiler's diagnostic (first_errors(),
    # grader/grading/student_build.cpp, skips compiler command lines that contain "-Werror").
    "build-log-excerpt": {"submission": "read-hidden-compile", "score": 0.0, "build_failed": True,
                          "diagnostic": True},
    "symlinked-lab-folder": {"score": 0.0, "violation": r"lab2-detector is a symbolic link"},
    "symlinked-file": {"score": 0.0, "violation": r"lab2-detector/\S+ is a symbolic link"},
    "sparse-file": {"score": 0.0, "violation": r"node\.cpp is 2147483648 bytes"},
    "kernel-probe": {"score": 100.0},
    # The compiler would wait forever: a 30 s build limit keeps the case cheap.
    "compile-hang": {"score": 0.0, "build_failed": True, "grade_args": ["--build-limit", "30"],
                     "why": r"did not finish within its limit of 30 s"},
    # The heartbeat handler throws a message with fake report lines, a 23-digit seed, a 120 kB
    # line and invalid UTF-8. Score 26.42 (measured 2026-12-02): the tests that never deliver a
    # HeartbeatRequest pass, as they would with any message; the text changes no verdict.
    "hostile-text": {"score": 26.42, "why": r"heartbeat handler gave up", "hostile_text": True},
    # Liveness learned from a process-wide table (written to the node's log only, so that the
    # lab's rules cannot see it): the audit fails every audited test as "isolation".
    # Score 33.02 (measured 2026-12-02): the table tests and Determinism, which no audit runs.
    "shared-table": {"score": 33.02, "isolation": True,
                     "why": r"one process per node diverged"},
    # Every handler call answers 1.5 s later (the per-call timeout is 2 s): only the per-test
    # limits and the budget end the grading. No exact score (15.09 measured 2026-12-02): which
    # quick tests run before the budget ends depends on the build's time.
    "slow-host": {"score": None, "bounded": 60, "grade_args": ["--budget", "60"]},
}


class Checks:
    def __init__(self, verbose=True):
        self.failures = []
        self.verbose = verbose

    def expect(self, ok, what):
        if self.verbose:
            print(("ok    " if ok else "FAIL  ") + what, flush=True)
        if not ok:
            self.failures.append(what)


class Listener:
    """TCP and UDP sockets on one loopback port, outside the sandbox; counts what arrives."""

    def __init__(self):
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.port = self.tcp.getsockname()[1]
        self.socks = [self.tcp]
        for family, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            try:
                u = socket.socket(family, socket.SOCK_DGRAM)
                u.bind((addr, self.port))
                self.socks.append(u)
            except OSError:
                pass
        try:
            t6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            t6.bind(("::1", self.port))
            t6.listen(16)
            self.socks.append(t6)
        except OSError:
            pass
        self.events = []
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            ready, _, _ = select.select(self.socks, [], [], 0.2)
            for s in ready:
                if s.type == socket.SOCK_STREAM:
                    conn, peer = s.accept()
                    self.events.append(f"tcp connection from {peer}")
                    conn.close()
                else:
                    data, peer = s.recvfrom(65536)
                    self.events.append(f"udp datagram {data[:32]!r} from {peer}")

    def close(self):
        self.stop = True
        self.thread.join()
        for s in self.socks:
            s.close()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def prepare(case, scratch, source, build_root, port, canary):
    """Builds the submission: the reference solution's student files with the case's
    attack.patch applied (GNU patch, no fuzz), filling in what an attacker would know about
    the grader."""
    dest = os.path.join(scratch, "submission")
    solution = os.path.join(source, "solutions", LAB)
    if not os.path.isdir(solution):
        raise SystemExit(f"hostile_driver: {solution} is missing: the cases patch the solution")
    shutil.copytree(solution, os.path.join(dest, LAB))
    folder = os.path.join(HERE, "submissions", CASES[case].get("submission", case))
    attack = os.path.join(folder, "attack.patch")
    if os.path.exists(attack):
        subprocess.run(["patch", "--batch", "--forward", "--fuzz=0", "--no-backup-if-mismatch",
                        "--quiet", "-p1", "-d", os.path.join(dest, LAB), "-i", attack], check=True)
    subst = {"@SOURCE_ROOT@": source, "@BUILD_ROOT@": build_root,
             "@EGRESS_PORT@": str(port), "@CANARY_DIR@": canary}
    for root, _, files in os.walk(dest):
        for name in files:
            path = os.path.join(root, name)
            text = open(path).read()
            for k, v in subst.items():
                text = text.replace(k, v)
            open(path, "w").write(text)
    # After the substitution: a setup may add links to the grader's files and huge sparse files.
    setup = os.path.join(folder, "setup.sh")
    if os.path.exists(setup):
        subprocess.run(["/bin/sh", setup], cwd=dest, check=True,
                       env=dict(os.environ, SOURCE_ROOT=source, BUILD_ROOT=build_root))
    return dest


def make_canaries(scratch):
    """World-writable ledger and report files: only the sandbox can keep them safe."""
    canary = os.path.join(scratch, "canary")
    os.makedirs(canary)
    os.chmod(canary, 0o777)
    digests = {}
    for name, text in (("ledger.json", '{"students": {"alice": {"lab2-detector": 42}}}\n'),
                       ("report.json", '{"schema": "dslab-report/1", "labs": []}\n')):
        path = os.path.join(canary, name)
        open(path, "w").write(text)
        os.chmod(path, 0o666)
        digests[path] = sha256(path)
    return canary, digests


def grade(dslab, source, submission, out, env, backend="auto", extra=()):
    """Runs dslab grade; returns (exit code or None on timeout, seconds, stderr, pid)."""
    argv = [dslab, "grade", LAB, "--submission", submission, "--hidden", "--format", "json",
            "--jobs", "2", "--source", source, "--out", out, "--progress", "--backend", backend,
            "--seeds-at-most", str(QUICK_SEEDS), *extra]
    start = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=GRADE_BOUND_S)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
        rc = None
    return rc, time.monotonic() - start, err.decode(errors="replace"), p.pid


def sandbox_uids(pid):
    """The uids grade.cpp's job_uid() gives the jobs of the grader process `pid`."""
    return {61000 + (pid % 1000) * 8 + j for j in range(8)}


def processes_of(uids):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("Uid:") and int(line.split()[1]) in uids:
                        found.append(entry)
        except OSError:
            pass
    return found


def key_users(uids):
    """The uids among `uids` that hold kernel keys (/proc/key-users): keyrings outlive a run."""
    found = []
    try:
        with open("/proc/key-users") as f:
            for line in f:
                uid = int(line.split(":")[0])
                if uid in uids:
                    found.append(line.strip())
    except OSError:
        pass
    return found


def files_of(uids, roots, depth):
    found = []
    for root in roots:
        base = root.rstrip("/").count("/")
        for d, dirs, files in os.walk(root):
            if d.count("/") - base >= depth:
                dirs[:] = []
            for name in dirs + files:
                path = os.path.join(d, name)
                try:
                    if os.lstat(path).st_uid in uids:
                        found.append(path)
                except OSError:
                    pass
    return found


def hidden_code_lines(source):
    """Whole code lines of the hidden tests: none may appear in any report."""
    lines = set()
    hidden = os.path.join(source, "labs", LAB, "tests", "hidden")
    for name in os.listdir(hidden):
        for line in open(os.path.join(hidden, name), errors="replace"):
            s = line.strip()
            if len(s) >= 25 and ";" in s and not s.startswith("//"):
                lines.add(s)
    return lines


def manifest_test_count(source):
    """How many tests lab 2's manifest lists (the report must list exactly these)."""
    import tomllib
    with open(os.path.join(str(source), "labs", LAB, "lab.toml"), "rb") as f:
        return len(tomllib.load(f)["tests"])


def check_report(c, case, exp, report_text, source):
    try:
        doc = json.loads(report_text)
        lab = doc["labs"][0]
        tests = lab["tests"]
    except (ValueError, KeyError, IndexError) as e:
        c.expect(False, f"the report is valid dslab-report/1 JSON ({e})")
        return
    c.expect(doc.get("schema") == "dslab-report/1" and lab.get("lab") == LAB,
             "the report is a dslab-report/1 for lab2-detector")
    c.expect(lab.get("seeds_at_most") == QUICK_SEEDS and
             any("quick grade" in n for n in lab.get("notes", [])),
             f"the report says it is a quick grade of at most {QUICK_SEEDS} seeds "
             f"(seeds_at_most {lab.get('seeds_at_most')}, notes {lab.get('notes')})")
    want = manifest_test_count(source)
    c.expect(len(tests) == want, f"the report lists the manifest's {want} tests (got {len(tests)})")
    if exp["score"] is not None:
        c.expect(lab["score"] == exp["score"], f"score is {exp['score']} (got {lab['score']}; "
                 f"statuses {sorted({t['status'] for t in tests})})")
    else:
        print(f"score {lab['score']} (statuses {sorted({t['status'] for t in tests})})")
    if exp.get("isolation"):
        check_isolation(c, tests)
    if exp.get("bounded"):
        check_bounded(c, tests, exp["bounded"])
    if exp["score"] == 0.0:
        passed = [t["name"] for t in tests if t["status"] == "passed"]
        c.expect(not passed, f"no test passed (passed: {passed})")
    if exp.get("violation"):
        refused = [t["name"] for t in tests if t["status"] != "sandbox_violation" or
                   not re.search(exp["violation"], t.get("reason", ""))]
        c.expect(not refused, f"every test is sandbox_violation naming /{exp['violation']}/ "
                 f"(not: {refused[:3]}; e.g. {tests[0].get('reason', '')!r})")
    elif exp.get("build_failed"):
        c.expect(all(t["status"] == "build_failed" for t in tests), "every test is build_failed")
        if exp.get("diagnostic"):
            c.expect("fatal error" in lab.get("build_log_excerpt", ""),
                     "the build log excerpt shows the compiler's fatal error")
    else:
        built = not any(t["status"] == "build_failed" for t in tests)
        c.expect(built, "the submission built, so the run-time attack really ran")
    if exp.get("why"):
        # Not every test can name the cause (a checker may only see its consequence, and some
        # reports lose the test binary's output: see README, Findings), so one of each kind.
        for vis in ("public", "hidden"):
            named = [t["name"] for t in tests if t["visibility"] == vis and
                     re.search(exp["why"], t.get("reason", "") + t.get("detail", ""))]
            c.expect(bool(named), f"a {vis} test's report names the attack (/{exp['why']}/)")
    if exp.get("no_crash"):
        crashed = [t["name"] for t in tests if t["status"] == "crashed"]
        c.expect(not crashed, f"the trusted test binary never crashed (crashed: {crashed})")
    if exp.get("hostile_text"):
        check_hostile_text(c, tests)
    for marker in ("LEAK-VISIBLE", "LEAKED"):
        c.expect(marker not in report_text, f"the report has no {marker} marker")
    # The instructor's report legitimately quotes hidden assertions (GoogleTest's "Value of:"),
    # so the content check covers what the student controls: the build log excerpt.
    excerpt = lab.get("build_log_excerpt", "")
    leaked = [l for l in hidden_code_lines(source) if l in excerpt]
    c.expect(not leaked, f"no line of a hidden test file is in the build log excerpt ({leaked[:2]})")


def check_isolation(c, tests):
    """The isolation audit ran in this grading and its disagreement failed tests, by name."""
    for vis in ("public", "hidden"):
        caught = [t["name"] for t in tests if t["visibility"] == vis and t["status"] == "isolation"]
        c.expect(bool(caught), f"a {vis} test is status isolation (the audit caught the shared table)")
    for t in tests:
        if t["status"] == "isolation":
            c.expect(t.get("seed") is not None and t.get("replay"),
                     f"{t['name']}: the isolation failure names its seed and replay command")


BOUNDED_WHY = r"exceeded the time limit of \d+ s|the lab's time budget of {budget} s"


def check_bounded(c, tests, budget):
    """Every test that did not pass was stopped by its limit or the budget, saying which."""
    why = BOUNDED_WHY.format(budget=budget)
    stalled = [t for t in tests if t["status"] != "passed"]
    c.expect(bool(stalled), "the slow host stalled some tests (the attack ran)")
    wrong = [(t["name"], t["status"], t["reason"]) for t in stalled
             if t["status"] != "timeout" or not re.search(why, t["reason"])]
    c.expect(not wrong, f"every test that did not pass is a timeout naming its limit or the "
             f"budget ({wrong[:2]})")
    by_limit = [t for t in stalled if "exceeded the time limit" in t["reason"]]
    by_budget = [t for t in stalled if "time budget" in t["reason"]]
    print(f"stopped by their time limit: {len(by_limit)}, by the budget: {len(by_budget)}")
    c.expect(bool(by_limit), "a test was stopped by its own time limit")
    c.expect(bool(by_budget), "the lab's time budget stopped or skipped a test")


def read_utf8(c, path):
    """The report's text; a check fails (instead of the driver) when it is not valid UTF-8."""
    if not os.path.exists(path):
        return ""
    try:
        return open(path, encoding="utf-8", errors="strict").read()
    except UnicodeDecodeError as e:
        c.expect(False, f"the report is valid UTF-8 ({e})")
        return ""


def check_hostile_text(c, tests):
    """Student text stayed opaque and bounded: no fake fact was believed, no field is unbounded
    or carries a control character (the JSON itself was read as strict UTF-8)."""
    fields = [(t["name"], k, t.get(k) or "") for t in tests for k in ("reason", "detail", "replay")]
    bad = [(n, k) for n, k, v in fields if any(ord(ch) < 32 and ch not in "\n\t" for ch in v)]
    c.expect(not bad, f"no control character in any reason, detail or replay ({bad[:3]})")
    long_reasons = [t["name"] for t in tests if len(t["reason"].encode()) > 240 or "\n" in t["reason"]]
    c.expect(not long_reasons, f"every reason is one line of at most 240 bytes ({long_reasons[:3]})")
    long_details = [t["name"] for t in tests if len(t["detail"].encode()) > 4096]
    c.expect(not long_details, f"every detail is at most 4 KiB ({long_details[:3]})")
    believed = [(n, k) for n, k, v in fields if k != "detail" and "HOSTILE-FAKE" in v]
    c.expect(not believed, f"no fake line became a reason or a replay ({believed[:3]})")
    seeds = [t["seed"] for t in tests if t.get("seed") is not None]
    c.expect(all(0 <= s < 2 ** 64 and s != 12345678901234567890123 for s in seeds),
             f"every seed is the kit's own 64-bit seed ({seeds[:5]})")


def run_case(args, case):
    exp = CASES[case]
    c = Checks()
    scratch = tempfile.mkdtemp(prefix=f"dslab-hostile-{case}-")
    os.chmod(scratch, 0o755)
    work = os.path.join(scratch, "tmp")
    os.makedirs(work)
    canary, digests = make_canaries(scratch)
    listener = Listener()
    build_root = os.path.dirname(os.path.dirname(os.path.abspath(args.dslab)))
    sub = prepare(case, scratch, args.source, build_root, listener.port, canary)
    env = dict(os.environ, TMPDIR=work, DSLAB_HOST_TIMEOUT_MS=HOST_TIMEOUT_MS)
    out = os.path.join(scratch, "out.json")
    rc, secs, err, pid = grade(args.dslab, args.source, sub, out, env, args.backend,
                               exp.get("grade_args", ()))
    listener.close()
    print(f"case {case}: dslab grade exit {rc} after {secs:.1f} s", flush=True)
    print("".join(l + "\n" for l in err.splitlines() if "build" in l or "staging" in l or "refused" in l), end="")
    c.expect(rc in (0, 1), f"the grader exits 0 or 1 within {GRADE_BOUND_S} s (got {rc})")
    if exp.get("bounded"):
        # The budget bounds the grading; staging, the report and the last kills come on top.
        c.expect(secs <= exp["bounded"] + 30, f"the grading ended within its budget of "
                 f"{exp['bounded']} s (+30 s; took {secs:.1f} s)")
    if rc not in (0, 1):
        print(err[-4000:])
    report_text = read_utf8(c, out)
    check_report(c, case, exp, report_text, args.source)
    c.expect(not listener.events, f"nothing reached the listener outside ({listener.events[:3]})")
    for path, digest in digests.items():
        c.expect(os.path.exists(path) and sha256(path) == digest, f"{path} is untouched")
    uids = sandbox_uids(pid)
    deadline = time.monotonic() + 10
    while processes_of(uids) and time.monotonic() < deadline:
        time.sleep(0.1)  # waiting for an event with a deadline, not deciding by sleeping
    procs = processes_of(uids)
    c.expect(not procs, f"no process of the sandbox uids is left ({procs[:5]})")
    keys = key_users(uids)
    c.expect(not keys, f"no kernel key of the sandbox uids is left ({keys[:3]})")
    left = files_of(uids, ["/tmp", "/dev/shm", "/var/tmp"], 2) + files_of(uids, [scratch], 50)
    c.expect(not left, f"no file of the sandbox uids is left ({left[:5]})")
    c.expect(os.listdir(work) == [], f"the grader removed its staging dirs ({os.listdir(work)[:3]})")
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return c.failures


def without_run_times(text):
    """The report with what varies between two gradings blanked: graded_at, wall_ms, test_ms."""
    try:
        doc = json.loads(text)
    except ValueError:
        return ""
    doc["graded_at"] = ""
    for lab in doc.get("labs", []):
        for t in lab.get("tests", []):
            t["wall_ms"] = t["test_ms"] = None
    return json.dumps(doc, sort_keys=True)


def run_determinism(args):
    """Grades the reference solution twice: identical JSON except graded_at, and score 100."""
    c = Checks()
    scratch = tempfile.mkdtemp(prefix="dslab-hostile-determinism-")
    texts = []
    for i in range(2):
        out = os.path.join(scratch, f"report{i}.json")
        rc, secs, err, _ = grade(args.dslab, args.source, os.path.join(args.source, "solutions"),
                                 out, dict(os.environ, TMPDIR=scratch))
        print(f"solution grade {i + 1}: exit {rc} after {secs:.1f} s", flush=True)
        c.expect(rc == 0, f"grading the solution exits 0 (run {i + 1}, got {rc})")
        text = open(out).read() if os.path.exists(out) else ""
        c.expect('"score": 100.0' in text, f"the solution scores 100 (run {i + 1})")
        texts.append(without_run_times(text))
    c.expect(texts[0] != "" and texts[0] == texts[1],
             "two gradings give identical JSON apart from graded_at and the tests' run times")
    check_quick_grade_not_recorded(c, args, os.path.join(scratch, "report0.json"), scratch)
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return c.failures


def check_quick_grade_not_recorded(c, args, report, scratch):
    """The ledger refuses a quick grade, from the report file and from dslab grade --ledger."""
    ledger = os.path.join(scratch, "ledger.json")
    common = ["--ledger", ledger, "--course", os.path.join(args.source, "course.toml")]
    r = subprocess.run([args.dslab, "ledger", "record", "--report", report, "--student", "s1",
                        "--submitted-at", "2026-12-01T10:00:00Z", *common],
                       capture_output=True, text=True)
    c.expect(r.returncode != 0 and "quick grade" in r.stderr,
             f"dslab ledger record refuses the quick grade (exit {r.returncode}: {r.stderr.strip()})")
    r = subprocess.run([args.dslab, "grade", LAB, "--submission", os.path.join(args.source, "solutions"),
                        "--seeds-at-most", "1", "--student", "s1", "--submitted-at",
                        "2026-12-01T10:00:00Z", *common], capture_output=True, text=True)
    c.expect(r.returncode == 2 and "quick grade" in r.stderr,
             f"dslab grade --seeds-at-most --ledger stops before grading (exit {r.returncode})")
    c.expect(not os.path.exists(ledger), "no ledger was written")


def run_selftest(args):
    """Shows that the driver's checks can fail: each detector is fed the breach it looks for."""
    c = Checks()
    listener = Listener()
    with socket.create_connection(("127.0.0.1", listener.port)):
        pass
    deadline = time.monotonic() + 5
    while not listener.events and time.monotonic() < deadline:
        time.sleep(0.05)
    listener.close()
    c.expect(bool(listener.events), "the listener sees a connection to its port")
    uid = 61000 + 7999  # beyond every job_uid(): no grader uses it
    victim = subprocess.Popen(["/bin/cat"], stdin=subprocess.PIPE, user=uid, group=uid)
    try:
        c.expect(str(victim.pid) in processes_of({uid}), "a process of a sandbox uid is found")
    finally:
        victim.kill()
        victim.wait()
    scratch = tempfile.mkdtemp(prefix="dslab-hostile-selftest-")
    leftover = os.path.join(scratch, "a", "fill")
    os.makedirs(os.path.dirname(leftover))
    open(leftover, "w").write("x")
    os.chown(leftover, uid, uid)
    c.expect(leftover in files_of({uid}, [scratch], 50), "a file of a sandbox uid is found")
    shutil.rmtree(scratch)
    line = sorted(hidden_code_lines(args.source))[0]
    report = {"schema": "dslab-report/1", "labs": [{"lab": LAB, "score": 0.0, "build_log_excerpt":
              "fatal error\n" + line, "tests": [{"name": f"T{i}", "status": "build_failed"}
                                                for i in range(manifest_test_count(args.source))],
              "seeds_at_most": QUICK_SEEDS, "notes": ["quick grade: at most 20 seeds"]}]}
    inner = Checks(verbose=False)
    check_report(inner, "selftest", {"score": 0.0, "build_failed": True}, json.dumps(report),
                 args.source)
    c.expect(len(inner.failures) == 1 and "hidden test file" in inner.failures[0],
             "a hidden line in the build log excerpt is caught (and nothing else is flagged)")
    return c.failures


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dslab", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--case", required=True, choices=sorted(CASES) + ["determinism", "selftest"])
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--backend", default="auto",
                    help="sandbox backend passed to dslab grade; 'none' shows that the checks fail "
                         "without confinement (a self-test of this driver)")
    args = ap.parse_args()
    args.source = os.path.abspath(args.source)
    if not os.access(args.dslab, os.X_OK):
        print(f"no dslab binary at {args.dslab}")
        return 1
    if args.case == "determinism":
        failures = run_determinism(args)
    elif args.case == "selftest":
        failures = run_selftest(args)
    else:
        failures = run_case(args, args.case)
    print(f"{args.case}: {'PASS' if not failures else f'{len(failures)} check(s) failed'}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
