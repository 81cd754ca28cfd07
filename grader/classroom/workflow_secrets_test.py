"""The workflow secrets check passes on this repository's workflows and catches each planted
way of handing a token to student code."""
import pathlib
import shutil

import workflow_secrets

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def copy_workflows(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / ".github" / "workflows", root / ".github" / "workflows")
    (root / "ci" / "templates").mkdir(parents=True)
    shutil.copy(ROOT / "ci" / "templates" / "dslab-student.yml", root / "ci" / "templates")
    return root


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_repository_workflows_pass():
    assert workflow_secrets.check(ROOT) == []


def test_a_secret_in_the_student_template_is_found(tmp_path):
    root = copy_workflows(tmp_path)
    edit(root / "ci/templates/dslab-student.yml", "        run: ci/setup",
         "        run: ci/setup\n        env:\n          T: ${{ secrets.DSLAB_DISPATCH_TOKEN }}")
    found = workflow_secrets.check(root)
    assert len(found) == 1 and "secrets." in found[0] and "dslab-student.yml" in found[0]


def test_write_permissions_in_the_student_template_are_found(tmp_path):
    root = copy_workflows(tmp_path)
    edit(root / "ci/templates/dslab-student.yml", "permissions:\n  contents: read", "permissions: write-all")
    assert any("contents: read" in f for f in workflow_secrets.check(root))


def test_a_token_given_to_the_grading_job_is_found(tmp_path):
    root = copy_workflows(tmp_path)
    edit(root / ".github/workflows/grade-class.yml", "          JOBS: ${{ matrix.jobs }}",
         "          JOBS: ${{ matrix.jobs }}\n          T: ${{ secrets.DSLAB_COURSE_TOKEN }}")
    found = workflow_secrets.check(root)
    assert len(found) == 1 and "job grade" in found[0] and "secrets." in found[0]


def test_a_kept_checkout_token_write_permission_or_cache_save_in_the_grading_job_is_found(tmp_path):
    root = copy_workflows(tmp_path)
    wf = root / ".github/workflows/grade-class.yml"
    text = wf.read_text()
    grade = text.index("  grade:\n")
    head, tail = text[:grade], text[grade:]
    tail = tail.replace("        with:\n          persist-credentials: false\n", "", 1)
    tail = tail.replace("    permissions:\n      contents: read\n", "    permissions:\n      contents: write\n", 1)
    tail = tail.replace("actions/cache/restore@v4", "actions/cache@v4", 1)
    wf.write_text(head + tail)
    found = "\n".join(workflow_secrets.check(root))
    assert "persist-credentials" in found and "permissions" in found and "saves a cache" in found


def test_a_job_that_grades_is_recognised_without_the_artifact(tmp_path):
    job = {"steps": [{"run": "ci/grade-submission x.tar --student a"}], "env": {"T": "${{ github.token }}"}}
    assert workflow_secrets.runs_student_code(job)
    found = workflow_secrets.check_student_code_job("w.yml", "j", job)
    assert any("github.token" in f for f in found)
    assert not workflow_secrets.runs_student_code({"steps": [{"run": "ci/grade-submission --merge r"}]})
    assert not workflow_secrets.runs_student_code({"steps": [{"run": "ci/grade-submission --build-grader"}]})
