"""Class grading for real, once: a student repository (bare git) whose lab-2 files are the
skeleton with one edit, the fake push activity, `classroom.py run` (poll, ci/grade-submission
with the hidden tests in the sandbox using the prebuilt grader, record). Needs the course build
($DSLAB_BUILD_DIR: dslab and lab 2's isolated test binaries); about 30-90 s."""
import json
import os
import pathlib
import subprocess

import fake_github
from conftest import StudentRepo

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
LAB = "lab2-detector"


def course_file(path):
    deadline = "2026-04-03T23:59:00+02:00"
    path.write_text(f"""[course]
name = "End to end"
[[labs]]
id = "{LAB}"
deadline = {deadline}
[roster]
students = [{{ id = "ann", name = "Ann", github = "ann-gh" }}]
[grading]
student_repo = "org/dslab-{{github}}"
""")
    return path


def test_a_push_is_graded_for_real_recorded_and_reported_back(tmp_path):
    build = pathlib.Path(os.environ.get("DSLAB_BUILD_DIR", ROOT / "build" / "ci"))
    assert (build / "bin" / "dslab").exists(), f"no dslab in {build}/bin (set DSLAB_BUILD_DIR)"
    (tmp_path / "github").mkdir()
    github = fake_github.FakeGitHub(tmp_path / "github")
    ann = StudentRepo(github, "org/dslab-ann-gh", tmp_path / "ann")
    skeleton = ROOT / "skeletons" / LAB
    ann.commit({f"student/{LAB}/{f.name}": f.read_text() for f in sorted(skeleton.iterdir())}, "template")
    ann.push("2026-04-01T08:00:00Z")
    detector = (skeleton / "detector.cpp").read_text()
    sha = ann.commit({f"student/{LAB}/detector.cpp": detector + "// started\n"}, "start lab 2")
    ann.push("2026-04-05T09:30:00Z")  # 1 day 11 h after the deadline (21:59 UTC): 2 days late
    course, ledger, state = course_file(tmp_path / "course.toml"), tmp_path / "ledger.json", tmp_path / "state.json"
    r = subprocess.run(["/usr/bin/python3", str(ROOT / "grader/classroom/classroom.py"), "run", "--course", str(course),
                        "--source", str(ROOT), "--state", str(state), "--github", f"fake:{tmp_path / 'github'}",
                        "--work", str(tmp_path / "work"), "--ledger", str(ledger), "--dslab", str(build / "bin/dslab"),
                        "--build-dir", str(build), "--no-build", "--now", "2026-04-05T10:00:00Z",
                        "--summary", str(tmp_path / "summary.md")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    plan = json.loads((tmp_path / "work/plan/plan.json").read_text())
    assert [(j["commit"], j["labs"], j["pushed_at"]) for j in plan["jobs"]] == [(sha, [LAB], "2026-04-05T09:30:00Z")]
    job = plan["jobs"][0]
    report = json.loads((tmp_path / "work/reports" / job["id"] / "report.json").read_text())
    lab = report["labs"][0]
    manifest_tests = subprocess.run(["/usr/bin/python3", "-c", "import tomllib,sys; print(len(tomllib.load("
                                     "open(sys.argv[1],'rb'))['tests']))", str(ROOT / "labs" / LAB / "lab.toml")],
                                    capture_output=True, text=True, check=True).stdout.strip()
    assert len(lab["tests"]) == int(manifest_tests) and any(t["visibility"] == "hidden" for t in lab["tests"])
    assert lab["score"] == 0 and report["submitted_at"] == "2026-04-05T09:30:00Z"
    entry = json.loads(ledger.read_text())["students"]["ann"]["labs"][LAB]
    assert (entry["days_late"], entry["counted"]) == (2, 0)
    comment = github.outbox()["comments"][0]["body"]
    # A hidden reason that a public test also gives (the same skeleton failure) is public anyway.
    public_reasons = {t["reason"] for t in lab["tests"] if t["visibility"] == "public"}
    hidden_reasons = [t["reason"] for t in lab["tests"] if t["visibility"] == "hidden" and len(t["reason"]) > 12
                      and t["reason"] not in public_reasons]
    assert hidden_reasons, "the skeleton fails hidden tests with reasons"
    assert all(reason not in comment for reason in hidden_reasons)
    assert all(t["name"] in comment for t in lab["tests"])
    status = github.outbox()["statuses"][0]
    assert (status["sha"], status["context"], status["state"]) == (sha, f"dslab/{LAB}", "failure")
    assert status["target_url"] == "fake://org/dslab-ann-gh/issues/1#comment-1"
