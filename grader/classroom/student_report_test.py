"""The student's official report: every test's name, points, property and result; public tests'
reasons and replay; nothing of a hidden test's failure text, details, seed or replay."""
import pathlib
import subprocess
import tarfile

import student_report
from conftest import recorded_report

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
JOB = {"id": "ann-1", "repo": "org/dslab-ann", "submitter": "ann", "commit": "c0ffee" * 6 + "abcd",
       "pushed_at": "2026-03-12T09:00:00Z", "labs": ["labA"], "late_request": {"labA": False}}


def report(tmp_path, first_line):
    pkg = tmp_path / "ann-1" / "student.tar"
    src = tmp_path / "src" / "student" / "labA"
    src.mkdir(parents=True)
    (src / "a.cpp").write_text(first_line + "\n")
    pkg.parent.mkdir(parents=True)
    with tarfile.open(pkg, "w") as tar:
        tar.add(tmp_path / "src" / "student", arcname="student")
    return recorded_report(dict(JOB, package="ann-1/student.tar"), tmp_path)


def view(counts):
    return {"counts": counts, "counted_at": "2026-03-10T20:00:00Z", "days_late": 0, "slip_days_used": 0,
            "penalty": 0.0, "final_score": 65.0, "passed": True, "slip_days_remaining": 5}


def test_hidden_details_never_reach_the_student(tmp_path):
    text = student_report.render(JOB, report(tmp_path, "// score 0"), {"labA": view(False)},
                                 {"labA": "2026-03-10T23:59:00Z"}, "on-request")
    for secret in ("SECRET-HIDDEN-REASON", "SECRET-HIDDEN-DETAIL", "4242", "dslab replay SECRET"):
        assert secret not in text
    assert "Hidden.Property" in text and "the property the handout states" in text
    assert "a check of this property failed" in text
    assert "expected 3 \\| got 4" in text  # a public reason, its table cell escaped
    assert "`dslab replay labA Public.Check --seed 7`" in text
    assert "picture of the run: add `--html run.html` to the replay" in text
    assert "2026-03-12T09:00:00Z" in text and "does not count" in text and "student/labA/SUBMIT_LATE" in text


def test_a_counted_submission_says_so_with_its_grade(tmp_path):
    text = student_report.render(JOB, report(tmp_path, "// score 100"), {"labA": view(True)}, {}, "on-request")
    assert "This submission counts for the lab" in text and "final 65" in text and "Slip days left: 5" in text
    assert "SUBMIT_LATE" not in text


def test_cells_stay_on_one_line_and_bounded():
    assert student_report.cell("a\nb|c") == "a b\\|c"
    assert len(student_report.cell("x" * 1000)) == student_report.MAX_CELL


def test_grade_submission_refuses_a_package_with_a_link(tmp_path):
    pkg = tmp_path / "student.tar"
    (tmp_path / "student" / "labA").mkdir(parents=True)
    (tmp_path / "student" / "labA" / "a.cpp").symlink_to("/etc/passwd")
    with tarfile.open(pkg, "w") as tar:
        tar.add(tmp_path / "student", arcname="student")
    r = subprocess.run(["/usr/bin/python3", str(ROOT / "ci" / "grade-submission"), str(pkg), "--student", "ann",
                        "--submitted-at", "2026-03-12T09:00:00Z", "--no-build", "--build-dir", str(tmp_path / "none"),
                        "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert r.returncode != 0 and "refused entry 'student/labA/a.cpp'" in r.stderr
