"""`dslab publish` and the settings class grading needs: it refuses an empty template repository,
warns loudly about an empty [grading] student_repo, and writes the course's late rule and branch
into the student README."""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def publish(dslab, tmp_path, course_text, *extra):
    course = tmp_path / "course.toml"
    course.write_text(course_text)
    return subprocess.run([dslab, "publish", "--out", str(tmp_path / "out"), "--labs", "lab2-detector",
                           "--source", str(ROOT), "--course", str(course), *extra], capture_output=True, text=True)


COURSE = (ROOT / "course.toml").read_text()


def test_an_empty_template_repo_is_refused(dslab, tmp_path):
    r = publish(dslab, tmp_path, COURSE)
    assert r.returncode == 2 and "--template-repo is empty" in r.stderr
    assert not (tmp_path / "out").exists()


def test_an_empty_student_repo_pattern_is_a_loud_warning(dslab, tmp_path):
    text = COURSE.replace('student_repo = "my-course/dslab-{github}"', 'student_repo = ""')
    assert text != COURSE
    r = publish(dslab, tmp_path, text, "--template-repo", "org/dslab-template")
    assert r.returncode == 0, r.stderr
    assert "WARNING" in r.stderr and "student_repo" in r.stderr


def test_the_readme_carries_the_course_settings(dslab, tmp_path):
    text = COURSE.replace('branch = "main"', 'branch = "trunk"').replace(
        'late_submissions = "on-request"', 'late_submissions = "latest"')
    r = publish(dslab, tmp_path, text, "--template-repo", "org/dslab-template")
    assert r.returncode == 0, r.stderr
    readme = (tmp_path / "out" / "README.md").read_text()
    assert "push to `trunk`" in readme and "SUBMIT_LATE" not in readme
    assert "git remote add template https://github.com/org/dslab-template.git" in readme
    assert "secrets." not in (tmp_path / "out" / ".github" / "workflows" / "dslab.yml").read_text()
