"""Test fixtures of class grading: a two-lab course tree, student repositories as bare git
repositories behind a FakeGitHub whose push activity carries the server times the tests choose,
and a stub grader that writes a recorded report (the poller's own tests; one test grades for
real, see e2e_test.py)."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fake_github  # noqa: E402

ZERO = "0" * 40
COURSE = """[course]
name = "Test course"
timezone = "UTC"
[[labs]]
id = "labA"
deadline = 2026-03-10T23:59:00Z
[[labs]]
id = "labB"
deadline = 2026-04-10T23:59:00Z
[roster]
students = [{ id = "ann", name = "Ann", github = "ann-gh" }, { id = "bob", name = "Bob", github = "bob-gh" }]
[roster.groups.labB]
team = ["ann", "bob"]
[grading]
student_repo = "org/dslab-{github}"
{extra}
"""
SKELETON = {"labA": {"a.cpp": "// labA skeleton\n", "a.hpp": "#pragma once\n"},
            "labB": {"b.cpp": "// labB skeleton\n"}}


def git(cwd, *args, env=None):
    full = dict(os.environ, GIT_AUTHOR_NAME="s", GIT_AUTHOR_EMAIL="s@example.org", GIT_COMMITTER_NAME="s",
                GIT_COMMITTER_EMAIL="s@example.org", **(env or {}))
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=full).stdout.strip()


class StudentRepo:
    """A student's repository: a bare repo under the fake GitHub and a working clone."""

    def __init__(self, github, repo, work):
        self.github, self.repo, self.work = github, repo, pathlib.Path(work)
        self.bare = github.repo_path(repo)
        self.bare.parent.mkdir(parents=True, exist_ok=True)
        git(self.bare.parent, "init", "--quiet", "--bare", "-b", "main", str(self.bare))
        git(self.work.parent, "init", "--quiet", "-b", "main", str(self.work))
        files = {"README.md": "template\n"}
        files.update({f"student/{lab}/{n}": text for lab, fs in SKELETON.items() for n, text in fs.items()})
        self.write(files)
        git(self.work, "add", "-A")
        git(self.work, "commit", "--quiet", "-m", "template")

    def write(self, files):
        for name, text in files.items():
            path = self.work / name
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def commit(self, files, message="work", date="2001-01-01T00:00:00Z"):
        """Commits `files` ({path: text or None to delete}); the commit date is set far in the
        past, to prove it is never used."""
        self.write(files)
        git(self.work, "add", "-A")
        git(self.work, "commit", "--quiet", "--allow-empty", "-m", message,
            env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        return git(self.work, "rev-parse", "HEAD")

    def head(self, ref="main"):
        r = subprocess.run(["git", "-C", str(self.bare), "rev-parse", "--verify", "-q", f"refs/heads/{ref}"],
                           capture_output=True, text=True)
        return r.stdout.strip() or ZERO

    def push(self, at, ref="main", force=False, kind=None):
        """Pushes HEAD to `ref` and records the push as GitHub would, received at `at`."""
        before = self.head(ref)
        git(self.work, "push", "--quiet", *(["--force"] if force else []), str(self.bare), f"HEAD:refs/heads/{ref}")
        after = self.head(ref)
        kind = kind or ("branch_creation" if before == ZERO else "force_push" if force else "push")
        self.github.record_push(self.repo, f"refs/heads/{ref}", before, after, at, kind)
        return after


def make_tree(root, extra=""):
    """A course tree: course.toml, labs/<lab>/lab.toml, skeletons/<lab>/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(COURSE.replace("{extra}", extra))
    for lab, files in SKELETON.items():
        (root / "labs" / lab).mkdir(parents=True)
        names = ", ".join(f'"{n}"' for n in files)
        (root / "labs" / lab / "lab.toml").write_text(f'[lab]\nid = "{lab}"\nstudent_files = [{names}]\n')
        (root / "skeletons" / lab).mkdir(parents=True)
        for n, text in files.items():
            (root / "skeletons" / lab / n).write_text(text)
    return root


def recorded_report(job, package_dir):
    """The stub grader: a dslab-report/1 document whose score is read from the first line of
    each lab's first student file ("// score N"), hidden-test details included."""
    import tarfile
    labs = []
    with tarfile.open(package_dir / job["package"]) as tar:
        for lab in job["labs"]:
            first = sorted(n for n in tar.getnames() if n.startswith(f"student/{lab}/") and n.endswith(".cpp"))[0]
            line = tar.extractfile(first).read().decode().splitlines()[0]
            score = float(line.split()[-1]) if line.startswith("// score") else 0.0
            labs.append({
                "lab": lab, "title": f"Lab {lab}", "kind": "individual", "pass_threshold": 60.0,
                "score": score, "passed": score > 60, "penalty": 0.0, "final_score": score,
                "points_earned": int(score), "points_total": 100, "isolation_level": "stub",
                "build_log_excerpt": "",
                "tests": [{"name": "Hidden.Property", "points": 50, "earned": 50 if score >= 50 else 0,
                           "visibility": "hidden", "status": "passed" if score >= 50 else "failed",
                           "reason": "SECRET-HIDDEN-REASON", "detail": "SECRET-HIDDEN-DETAIL", "seed": 4242,
                           "replay": "dslab replay SECRET", "property": "the property the handout states"},
                          {"name": "Public.Check", "points": 50, "earned": 50 if score >= 100 else 0,
                           "visibility": "public", "status": "passed" if score >= 100 else "failed",
                           "reason": "expected 3 | got 4", "detail": "", "seed": 7,
                           "replay": f"dslab replay {lab} Public.Check --seed 7", "property": "public property"}],
                "notes": []})
    return {"schema": "dslab-report/1", "tool_version": "stub", "submission": "student",
            "submitted_at": job["pushed_at"], "graded_at": "2026-01-01T00:00:00Z", "student_facing": False,
            "labs": labs}


@pytest.fixture
def dslab():
    path = os.environ.get("DSLAB_BIN", "")
    assert path and pathlib.Path(path).exists(), "set DSLAB_BIN to the dslab binary (ctest does)"
    return path


@pytest.fixture
def world(tmp_path):
    gh_root = tmp_path / "github"
    gh_root.mkdir()
    github = fake_github.FakeGitHub(gh_root)
    return {"tmp": tmp_path, "github": github, "tree": make_tree(tmp_path / "course"),
            "ann": StudentRepo(github, "org/dslab-ann-gh", tmp_path / "ann"),
            "bob": StudentRepo(github, "org/dslab-bob-gh", tmp_path / "bob")}


def write_report(reports, job, report):
    (reports / job["id"]).mkdir(parents=True, exist_ok=True)
    (reports / job["id"] / "report.json").write_text(json.dumps(report, indent=2) + "\n")
