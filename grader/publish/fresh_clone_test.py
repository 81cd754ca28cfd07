#!/usr/bin/env python3
"""End-to-end test of publishing (issues 8 and 16, "done when"): publish one lab with its
hidden-tests bundle, commit the student repository and clone it fresh, build it from the clone
as a student does (preset default, one lab: the student-sized build, no course tests), check
that every program the handouts run exists, run `dslab test` and expect the skeleton's public
score (0, every public test run and failed). Then, as a student who finished the lab and made a
realistic mistake (the reference solution with one bug), `dslab test` must show a failing public
randomized test with its property, seed, trace excerpt and a replay command that works when
pasted in the clone; with the one file fixed, every public test passes. Then grade the pushed
commit through ci/grade-submission with the bundle, the push received two days after the lab's
deadline, and expect a report, a ledger entry and two late days in the ledger.

Exit status 0 when every check holds; the first failed check is printed.
"""
import argparse
import datetime
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import time
import tomllib

# A realistic mistake per lab, made in a finished node (the reference solution stands in for the
# student's work): (file, what the solution has, what the student wrote instead).
BREAKS = {
    # The detector never withdraws a suspicion: a suspected node that answers stays suspected.
    "lab2-detector": ("detector.cpp",
                      "    } else if (is_alive && is_suspected) {\n      suspected_.erase(p);\n"
                      "      changes.restored.push_back(p);\n    }\n",
                      "    }\n"),
}


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
    started = time.monotonic()
    run(["cmake", "--build", build, "-j", a.jobs], cwd=clone)  # everything, as the README says
    print(f"student build of {a.lab}: {time.monotonic() - started:.0f} s (jobs {a.jobs})", flush=True)
    dslab = build / "bin" / "dslab"
    check_student_sized(build)
    check_handout_programs(clone, build, a.lab)
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

    check_broken_node(source, published, clone, dslab, a.lab, len(public))

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


def check_student_sized(build):
    """The student-sized build made no course test: no runtime or grader unit test, no helper."""
    made = {p.name for p in build.rglob("*") if p.is_file() and os.access(p, os.X_OK)}
    course = {"trace_test", "sim_test", "testing_test", "dslab_publish_test", "grading_test",
              "ping_host", "test_host", "codec_corpus_replay", "dslab-sandbox-hostile"}
    check(not made & course, f"the student build made no course test (made {sorted(made & course)})")
    listed = run(["ctest", "--test-dir", build, "-N"], capture=True)
    check("trace_test" not in listed and "Trace." not in listed, "ctest lists no course test")


def handout_programs(text):
    """Every build/default/bin/<name> a handout runs (a placeholder such as <lab> aside)."""
    names = set()
    for word in text.replace("`", " ").split():
        word = word.removeprefix("./")
        if word.startswith("build/default/bin/"):
            name = word[len("build/default/bin/"):].split("/")[0].rstrip(".,:;)")
            if "<" not in name and name:
                names.add(name)
    return names


def check_handout_programs(clone, build, lab):
    names = set()
    for handout in (clone / "README.md", clone / "labs" / lab / "README.md"):
        names |= handout_programs(handout.read_text())
    check(names, "the handouts run programs of the student build")
    missing = sorted(n for n in names if not (build / "bin" / n).is_file())
    check(not missing, f"every program the handouts run exists after the build ({sorted(names)})")


def check_broken_node(source, published, clone, dslab, lab, public_count):
    """A student's realistic mistake: the failure report of `dslab test` and its replay."""
    if lab not in BREAKS:
        raise SystemExit(f"no realistic mistake written for {lab} (BREAKS in {__file__})")
    mine = clone / "student" / lab
    shutil.rmtree(mine)
    # New modification times, as the student's own edits have (copy2 would keep the solution's
    # older ones, and the build would not see a change).
    shutil.copytree(source / "solutions" / lab, mine, copy_function=shutil.copy)
    file, good, bad = BREAKS[lab]
    text = (mine / file).read_text()
    check(good in text, f"the mistake applies to solutions/{lab}/{file}")
    (mine / file).write_text(text.replace(good, bad, 1))
    out = run([dslab.relative_to(clone), "test", lab], cwd=clone, capture=True, ok=(1,))
    print(out, flush=True)
    lines = out.splitlines()
    fail = [l for l in lines if l.startswith(f"FAIL {lab}  Randomized.")]
    check(fail, "a public randomized test fails, with its one-screen report")
    test = fail[0].split()[2]
    seed = fail[0].split("seed=")[1].split()[0]
    check(any(l.startswith("  property: ") for l in lines), "the report states the property")
    check(any(l.startswith("  trace excerpt: ") for l in lines), "the report shows a trace excerpt")
    report = lines[lines.index(fail[0]):]
    report = report[:next(i for i, l in enumerate(report) if l.startswith("  replay: ")) + 1]
    excerpt = report[next(i for i, l in enumerate(report) if l.startswith("  trace excerpt: ")):-1]
    check(all(len(l) <= 100 for l in excerpt), "the trace excerpt fits 100 columns")
    replay = [l.split("replay: ", 1)[1] for l in report if l.startswith("  replay: ")]
    check(replay and replay[0].startswith("build/default/bin/dslab replay "),
          f"the replay command calls the student's dslab ({replay[:1]})")
    pictures = [l.split("picture: ", 1)[1].split(" (open", 1)[0] for l in lines if l.startswith("  picture: ")]
    check(pictures and (clone / pictures[0]).is_file()
          and '<script type="application/json" id="data">' in (clone / pictures[0]).read_text(),
          f"dslab test wrote the failure's picture ({pictures[:1]})")
    again = run(shlex.split(replay[0]), cwd=clone, capture=True, ok=(0, 1))
    check(f"seed={seed}" in again and "trace (all " in again,
          "the pasted replay command re-runs that seed and prints the whole trace")
    # Fixing the one file: rebuild and test (the edit-one-file loop a student lives in).
    (mine / file).write_text(text)
    started = time.monotonic()
    out = run([dslab.relative_to(clone), "test", lab, "--format", "json"], cwd=clone, capture=True)
    print(f"rebuild and test after editing {file}: {time.monotonic() - started:.1f} s", flush=True)
    result = json.loads(out)["labs"][0]
    check(len(result["tests"]) == public_count and all(t["status"] == "passed" for t in result["tests"]),
          "with the file fixed, every public test passes")
    shutil.rmtree(mine)
    shutil.copytree(published / "student" / lab, mine, copy_function=shutil.copy)  # the skeleton again


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
