"""classroom.py: the course repository's class grading, step by step (what
.github/workflows/grade-class.yml runs) or all at once on one machine (`run`).

  poll    find the submissions: new heads of the graded branch of every roster repository
          whose lab files changed (times: GitHub's record of each push); writes OUT/plan.json
          and OUT/<job>/student.tar; prints the job matrix
  record  record the jobs' reports in the ledger, deliver each student's report to their
          repository (issue comment + commit status per lab), update the poll state
  run     poll, grade every job with ci/grade-submission, record: the whole run locally

GitHub: --github api (token in $DSLAB_COURSE_TOKEN), fake:DIR (fake_github.py), or none
(record only: deliver nothing). Exit status 0 done, 2 usage or infrastructure error.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import course as course_mod  # noqa: E402
import fake_github  # noqa: E402
import github_api  # noqa: E402
import poll as poll_mod  # noqa: E402
import record as record_mod  # noqa: E402
import state as state_mod  # noqa: E402

ROOT = HERE.parent.parent


def log(msg):
    print(f"classroom: {msg}", file=sys.stderr, flush=True)


def make_github(spec):
    if spec == "none":
        return None
    if spec == "api":
        return github_api.GitHubApi(os.environ.get("DSLAB_COURSE_TOKEN", ""))
    if spec.startswith("fake:"):
        return fake_github.FakeGitHub(spec[len("fake:"):])
    raise SystemExit(f"classroom: --github must be api, fake:DIR or none, got {spec!r}")


def write_outputs(matrix, plan, github_output):
    text = json.dumps(matrix)
    print(text)
    if github_output:
        with open(github_output, "a") as f:
            f.write(f"matrix={text}\ncount={len(plan['jobs'])}\n")


def cmd_poll(a):
    course = course_mod.load(a.course, a.source)
    out = pathlib.Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    plan = poll_mod.poll(course, make_github(a.github), state_mod.load(a.state),
                         pathlib.Path(a.mirrors).resolve(), out, a.now or poll_mod.utc_now(),
                         max_jobs=a.max_jobs, log=log)
    (out / "plan.json").write_text(json.dumps(plan, indent=2) + "\n")
    log(f"{len(plan['jobs'])} submission(s) to grade")
    ids = [j["id"] for j in plan["jobs"]]
    batches = [" ".join(ids[i:i + a.per_job]) for i in range(0, len(ids), a.per_job)]
    write_outputs({"include": [{"jobs": b} for b in batches]}, plan, a.github_output)
    return 0


def cmd_record(a):
    course = course_mod.load(a.course, a.source)
    plan_file = pathlib.Path(a.plan)
    plan = json.loads(plan_file.read_text())
    st = state_mod.load(a.state)
    delivered = record_mod.record(plan, a.reports, a.ledger, course, a.dslab, make_github(a.github), st, log=log)
    state_mod.save(st, a.state)
    text = record_mod.summary(delivered, plan)
    if a.summary:
        pathlib.Path(a.summary).write_text(text)
    else:
        print(text)
    return 0


def grade_job(a, plan_dir, job, reports):
    """Grades one job as the workflow's grading job does (no token, the prebuilt grader)."""
    cmd = [str(a.grade_cmd), str(plan_dir / job["package"]), "--student", job["submitter"],
           "--submitted-at", job["pushed_at"], "--labs", ",".join(job["labs"]), "--commit-label", job["commit"],
           "--out", str(reports / job["id"]), "--grader-source", str(a.source), "--course", str(a.course)]
    if a.build_dir:
        cmd += ["--build-dir", str(a.build_dir)]
    if a.no_build:
        cmd.append("--no-build")
    return subprocess.run(cmd).returncode == 0


def cmd_run(a):
    work = pathlib.Path(a.work).resolve()
    a.out, a.mirrors = str(work / "plan"), a.mirrors or str(work / "mirrors")
    a.github_output = ""
    cmd_poll(a)
    plan_dir = work / "plan"
    plan = json.loads((plan_dir / "plan.json").read_text())
    reports = work / "reports"
    for job in plan["jobs"]:
        if not grade_job(a, plan_dir, job, reports):
            log(f"grading {job['id']} failed: its push is polled again next run")
    a.plan, a.reports = str(plan_dir / "plan.json"), str(reports)
    return cmd_record(a)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def common(s):
        s.add_argument("--course", default=str(ROOT / "course.toml"), help="course file")
        s.add_argument("--source", default=str(ROOT), help="the course tree (labs/, skeletons/)")
        s.add_argument("--state", required=True, help="poll state file (poll-state.json)")
        s.add_argument("--github", default="api", help="api | fake:DIR | none")

    s = sub.add_parser("poll", help="find the submissions, package them, print the job matrix")
    common(s)
    s.add_argument("--out", required=True, help="folder for plan.json and the packages")
    s.add_argument("--mirrors", default="", help="where the bare copies of student repositories live")
    s.add_argument("--max-jobs", type=int, default=200, help="at most this many submissions per run")
    s.add_argument("--per-job", type=int, default=1, help="submissions graded one after the other by one "
                   "grading job of the matrix (1: each in a VM of its own; more: less set-up time per submission)")
    s.add_argument("--now", default="", help="the run's time (RFC 3339 UTC; default: now)")
    s.add_argument("--github-output", default=os.environ.get("GITHUB_OUTPUT", ""),
                   help="append matrix= and count= to this file (default $GITHUB_OUTPUT)")
    s = sub.add_parser("record", help="ledger, delivery to students, poll state")
    common(s)
    s.add_argument("--plan", required=True)
    s.add_argument("--reports", required=True, help="folder with <job>/report.json")
    s.add_argument("--ledger", required=True)
    s.add_argument("--dslab", required=True, help="the dslab binary (ledger record)")
    s.add_argument("--summary", default="", help="write the run summary (Markdown) here")
    s = sub.add_parser("run", help="poll, grade each job, record: everything on this machine")
    common(s)
    s.add_argument("--work", required=True, help="scratch folder (plan, reports)")
    s.add_argument("--mirrors", default="")
    s.add_argument("--max-jobs", type=int, default=200)
    s.add_argument("--per-job", type=int, default=1)
    s.add_argument("--now", default="")
    s.add_argument("--ledger", required=True)
    s.add_argument("--dslab", required=True)
    s.add_argument("--build-dir", default="", help="the grader's build (ci/grade-submission --build-dir)")
    s.add_argument("--no-build", action="store_true", help="use the grader build as it is")
    s.add_argument("--grade-cmd", default=str(ROOT / "ci" / "grade-submission"))
    s.add_argument("--summary", default="")
    if not argv:
        p.print_help()
        raise SystemExit(2)
    a = p.parse_args(argv)
    if getattr(a, "per_job", 1) < 1 or getattr(a, "max_jobs", 1) < 1:
        p.error("--per-job and --max-jobs must be at least 1")
    for key in ("course", "source", "state"):
        setattr(a, key, str(pathlib.Path(getattr(a, key)).resolve()))
    return a


def main(argv):
    a = parse_args(argv)
    try:
        return {"poll": cmd_poll, "record": cmd_record, "run": cmd_run}[a.command](a)
    except (course_mod.CourseError, github_api.GitHubError, RuntimeError, ValueError, OSError) as e:
        log(f"error: {e}")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
