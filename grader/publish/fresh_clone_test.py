#!/usr/bin/env python3
"""End-to-end test of publishing (issue 8, "done when"): publish one lab with its hidden-tests
bundle, commit the student repository and clone it fresh, build it from the clone with the
student preset (hidden tests off, one lab), run `dslab test` and expect the skeleton's public
score (0, every public test run and failed). Then grade the pushed commit through
ci/grade-submission with the bundle, the push received two days after the lab's deadline, and
expect a report, a ledger entry and two late days in the ledger.

Exit status 0 when every check holds; the first failed check is printed.
"""
import argparse
import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib


def run(cmd, cwd=None, capture=False, ok=(0,)):
    print("$ " + " ".join(map(str, cmd)), flush=True)
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, text=True,
                       stdout=subprocess.PIPE if capture else None)
    if r.returncode not in ok:
        raise SystemExit(f"FAILED ({r.returncode}): {' '.join(map(str, cmd))}")
    return r.stdout


def check(cond, what):
    if not cond:
        raise SystemExit(f"CHECK FAILED: {what}")
    print(f"ok: {what}", flush=True)


def deadline_utc(course, lab):
    """The lab's deadline from course.toml as UTC (local times read in a fixed-offset zone)."""
    for entry in course["labs"]:
        if entry["id"] == lab:
            d = entry["deadline"]
            if d.tzinfo is None:  # the course zone; the test only needs it for its day count
                from zoneinfo import ZoneInfo
                d = d.replace(tzinfo=ZoneInfo(course["course"].get("timezone", "UTC")))
            return d.astimezone(datetime.timezone.utc)
    raise SystemExit(f"{lab} has no deadline in course.toml")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dslab", required=True, help="the course build's dslab (runs the publish)")
    p.add_argument("--source", required=True, help="the course tree")
    p.add_argument("--work", required=True, help="scratch directory (emptied)")
    p.add_argument("--lab", default="lab2-detector")
    p.add_argument("--jobs", default=os.environ.get("DSLAB_PUBLISH_TEST_JOBS", str(os.cpu_count() or 1)),
                   help="build jobs (default $DSLAB_PUBLISH_TEST_JOBS or the number of cores)")
    a = p.parse_args()
    source, work = pathlib.Path(a.source), pathlib.Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    published, clone, bundle = work / "published", work / "clone", work / "hidden.tar.gz"
    manifest = tomllib.loads((source / "labs" / a.lab / "lab.toml").read_text())
    # A test inherits from [defaults] what it does not set itself (docs/manifest.md).
    tests = [{**manifest.get("defaults", {}), **t} for t in manifest["tests"]]
    public = [t for t in tests if t["visibility"] == "public"]

    # 1. publish (leak-checked) and push it: a git repository with one commit.
    run([a.dslab, "publish", "--out", published, "--labs", a.lab, "--tests-bundle", bundle,
         "--template-repo", "my-course/dslab-template", "--source", source])
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    for cmd in (["git", "init", "--quiet", "-b", "main"], ["git", "add", "."],
                ["git", "commit", "--quiet", "-m", "published"]):
        subprocess.run(cmd, cwd=published, check=True, env=env)
    sha = run(["git", "-C", published, "rev-parse", "HEAD"], capture=True).strip()
    run(["git", "clone", "--quiet", published, clone])
    check(not (clone / "labs" / a.lab / "tests" / "hidden").exists(), "the clone has no hidden tests")

    # 2. the student's build from the fresh clone: preset default, one lab.
    # The student's preset, only without debug info (a quarter of the compile time here).
    run(["cmake", "--preset", "default", f"-DDSLAB_LABS={a.lab}", "-DCMAKE_BUILD_TYPE=Release",
         "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG"], cwd=clone)
    build = clone / "build" / "default"
    binaries = sorted({t["binary"] for t in public})
    run(["cmake", "--build", build, "-j", a.jobs, "--target", "dslab", *binaries])
    dslab = build / "bin" / "dslab"
    # `dslab test` exits 1 when a public test fails: the skeleton fails them all.
    out = run([dslab, "test", a.lab, "--format", "json"], cwd=clone, capture=True, ok=(1,))
    lab = json.loads(out)["labs"][0]
    check(lab["score"] == 0, f"skeleton public score is 0 (got {lab['score']})")
    check(len(lab["tests"]) == len(public), f"all {len(public)} public tests reported")
    statuses = {t["status"] for t in lab["tests"]}
    check(statuses <= {"failed", "crashed", "timeout"} and "missing" not in statuses,
          f"every public test ran and failed (statuses {sorted(statuses)})")
    check(lab.get("hidden_points_not_run", 0) > 0, "the local score names the hidden points it did not run")
    md = run([dslab, "test", a.lab, "--format", "markdown", "--no-build"], cwd=clone, capture=True, ok=(1,))
    check("|" in md and a.lab in md and "graded by the course" in md,
          "markdown table of the public points for the job summary")

    # 3. official grading of the pushed commit with the hidden bundle, received 2 days late.
    course_file = source / "course.toml"
    received = deadline_utc(tomllib.loads(course_file.read_text()), a.lab) + datetime.timedelta(days=1, hours=20)
    at = received.strftime("%Y-%m-%dT%H:%M:%SZ")
    ledger, grade_out = work / "ledger.json", work / "grade"
    run([source / "ci" / "grade-submission", published, "--commit", sha, "--student", "alice",
         "--submitted-at", at, "--ledger", ledger, "--course", course_file, "--tests-bundle", bundle,
         "--grader-source", clone, "--build-dir", build, "--labs", a.lab, "--out", grade_out,
         "--jobs", a.jobs])
    report = json.loads((grade_out / "report.json").read_text())
    meta = json.loads((grade_out / "meta.json").read_text())
    graded = report["labs"][0]
    check(meta["commit"] == sha, "the report is for the pushed commit")
    check(len(graded["tests"]) == len(manifest["tests"]), "hidden tests graded (from the bundle)")
    check(graded["score"] == 0, f"skeleton graded 0 with the hidden tests (got {graded['score']})")
    check(report["submitted_at"] == at, "submission time is the time received, not the commit date")
    standing = json.loads(run([dslab, "ledger", "show", "--ledger", ledger, "--course", course_file,
                               "--student", "alice", "--format", "json"], capture=True))
    text = json.dumps(standing)
    check(a.lab in text, "the ledger has an entry for the lab")
    print(json.dumps(standing, indent=1)[:2000])
    entry = find_lab(standing, a.lab)
    check(entry is not None and entry.get("days_late") == 2, f"2 days late recorded (entry {entry})")

    # 4. the final job of grade-class.yml: merge the reports into a ledger, class summary.
    merged, summary, reports = work / "merged-ledger.json", work / "class-summary.md", work / "reports"
    shutil.copytree(grade_out, reports / "report-alice")  # as the artifacts are downloaded
    run([source / "ci" / "grade-submission", "--merge", reports, "--ledger", merged,
         "--course", course_file, "--grader-source", clone, "--build-dir", build, "--summary", summary])
    text = summary.read_text()
    check("| alice |" in text and a.lab in text, "class summary lists the graded student")
    check(merged.exists(), "merged ledger written")
    print("fresh clone test: all checks passed")
    return 0


def find_lab(node, lab):
    """The first JSON object under `node` whose "lab" is `lab`."""
    if isinstance(node, dict):
        if node.get("lab") == lab:
            return node
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            found = find_lab(child, lab)
            if found is not None:
                return found
    return None


if __name__ == "__main__":
    sys.exit(main())
