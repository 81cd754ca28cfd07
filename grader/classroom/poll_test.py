"""The pull model end to end with stand-ins: bare git repositories as the students'
repositories, a fake push activity with server times, the stub grader (conftest.py), and the
real `dslab ledger` for the ledger."""
import json
import subprocess

import course as course_mod
import poll as poll_mod
import record as record_mod
import state as state_mod
from conftest import recorded_report, write_report


def grading_round(world, dslab, now, fail=(), tree=None):
    """One run of the course workflow: poll, grade every job (stub), record. Returns
    (plan, delivered)."""
    tmp, tree = world["tmp"], tree or world["tree"]
    course = course_mod.load(tree / "course.toml", tree)
    state_file, ledger = tmp / "poll-state.json", tmp / "ledger.json"
    st = state_mod.load(state_file)
    run_dir = tmp / f"run-{now.replace(':', '')}"
    plan = poll_mod.poll(course, world["github"], st, tmp / "mirrors", run_dir, now, log=lambda m: None)
    reports = run_dir / "reports"
    for job in plan["jobs"]:
        if job["id"] not in fail and not any(lab in fail for lab in job["labs"]):
            write_report(reports, job, recorded_report(job, run_dir))
    delivered = record_mod.record(plan, reports, ledger, course, dslab, world["github"], st, log=lambda m: None)
    state_mod.save(st, state_file)
    return plan, delivered


def ledger_lab(world, student, lab):
    doc = json.loads((world["tmp"] / "ledger.json").read_text())
    return doc["students"][student]["labs"][lab]


def test_template_as_created_is_no_submission(world, dslab):
    world["ann"].push("2026-03-01T08:00:00Z")
    plan, _ = grading_round(world, dslab, "2026-03-01T09:00:00Z")
    assert plan["jobs"] == []
    assert not (world["tmp"] / "ledger.json").exists()


def test_a_run_grades_exactly_the_new_heads_with_the_server_times(world, dslab):
    ann, bob = world["ann"], world["bob"]
    ann.push("2026-03-01T08:00:00Z")
    bob.push("2026-03-01T08:00:05Z")
    a1 = ann.commit({"student/labA/a.cpp": "// score 70\n"})
    ann.push("2026-03-02T10:00:00Z")
    a2 = ann.commit({"student/labB/b.cpp": "// score 80\n"})
    ann.push("2026-03-02T11:30:00Z")
    plan, delivered = grading_round(world, dslab, "2026-03-02T12:00:00Z")
    jobs = [(j["commit"], j["labs"], j["pushed_at"], j["submitter"]) for j in plan["jobs"]]
    assert jobs == [(a1, ["labA"], "2026-03-02T10:00:00Z", "ann"), (a2, ["labB"], "2026-03-02T11:30:00Z", "ann")]
    assert ledger_lab(world, "ann", "labA")["submissions"][0]["submitted_at"] == "2026-03-02T10:00:00Z"
    assert ledger_lab(world, "bob", "labB")["final_score"] == 80  # group lab: charged to the team
    # Delivered: one issue, a comment per graded submission, a status per lab linking to it.
    box = world["github"].outbox()
    assert [i["repo"] for i in box["issues"]] == ["org/dslab-ann-gh"]
    assert len(box["comments"]) == 2
    links = {s["context"]: s["target_url"] for s in box["statuses"]}
    assert links == {"dslab/labA": delivered[0][2], "dslab/labB": delivered[1][2]}
    assert "2026-03-02T10:00:00Z" in box["comments"][0]["body"]
    # Nothing new: the next run grades nothing.
    plan, _ = grading_round(world, dslab, "2026-03-02T13:00:00Z")
    assert plan["jobs"] == []


def test_branch_push_force_push_and_a_push_outside_the_labs_change_nothing(world, dslab):
    ann = world["ann"]
    ann.push("2026-03-01T08:00:00Z")
    ann.commit({"student/labA/a.cpp": "// score 90\n"})
    ann.push("2026-03-05T10:00:00Z")
    grading_round(world, dslab, "2026-03-05T11:00:00Z")
    before = (world["tmp"] / "ledger.json").read_bytes()
    comments = len(world["github"].outbox()["comments"])
    # After the deadline: a new branch with changed lab files (the incident of issue 15) ...
    ann.commit({"student/labA/a.cpp": "// score 10\n"}, "experiment")
    ann.push("2026-04-20T10:00:00Z", ref="experiment")
    # ... a push to main that touches no lab file ...
    subprocess.run(["git", "-C", str(ann.work), "reset", "--quiet", "--hard", "HEAD~1"], check=True)
    ann.commit({"README.md": "notes\n"}, "notes")
    ann.push("2026-04-20T11:00:00Z")
    # ... and a force push rewriting history with the same lab files.
    subprocess.run(["git", "-C", str(ann.work), "commit", "--quiet", "--amend", "-m", "rewritten"], check=True)
    ann.push("2026-04-20T12:00:00Z", force=True)
    plan, _ = grading_round(world, dslab, "2026-04-20T13:00:00Z")
    assert plan["jobs"] == []
    assert (world["tmp"] / "ledger.json").read_bytes() == before
    assert len(world["github"].outbox()["comments"]) == comments
    assert ledger_lab(world, "ann", "labA")["final_score"] == 90


def test_a_force_push_that_changes_a_lab_is_compared_with_the_last_graded_commit(world, dslab):
    ann = world["ann"]
    ann.push("2026-03-01T08:00:00Z")
    ann.commit({"student/labA/a.cpp": "// score 70\n"})
    ann.push("2026-03-02T10:00:00Z")
    grading_round(world, dslab, "2026-03-02T11:00:00Z")
    subprocess.run(["git", "-C", str(ann.work), "reset", "--quiet", "--hard", "HEAD~1"], check=True)
    sha = ann.commit({"student/labA/a.cpp": "// score 75\n", "student/labB/b.cpp": SKELETON_B})
    ann.push("2026-03-03T10:00:00Z", force=True)
    plan, _ = grading_round(world, dslab, "2026-03-03T11:00:00Z")
    assert [(j["commit"], j["labs"]) for j in plan["jobs"]] == [(sha, ["labA"])]


SKELETON_B = "// labB skeleton\n"


def test_a_late_push_after_an_on_time_one_counts_only_on_request(world, dslab):
    ann = world["ann"]
    ann.push("2026-03-01T08:00:00Z")
    ann.commit({"student/labA/a.cpp": "// score 65\n"})
    ann.push("2026-03-10T20:00:00Z")  # on time (deadline 23:59)
    ann.commit({"student/labA/a.cpp": "// score 95\n"})
    ann.push("2026-03-12T09:00:00Z")  # 2 days late, no request
    plan, delivered = grading_round(world, dslab, "2026-03-12T10:00:00Z")
    assert len(plan["jobs"]) == 2
    lab = ledger_lab(world, "ann", "labA")
    assert len(lab["submissions"]) == 2 and lab["counted"] == 0
    assert (lab["final_score"], lab["days_late"]) == (65, 0)
    late_report = delivered[1][2] and world["github"].outbox()["comments"][1]["body"]
    assert "does not count" in late_report and "student/labA/SUBMIT_LATE" in late_report
    # The student asks: a push that adds only the marker file is a submission, and it counts.
    ann.commit({"student/labA/SUBMIT_LATE": "please\n"})
    ann.push("2026-03-13T09:00:00Z")  # 3 days late
    plan, _ = grading_round(world, dslab, "2026-03-13T10:00:00Z")
    assert [j["late_request"] for j in plan["jobs"]] == [{"labA": True}]
    lab = ledger_lab(world, "ann", "labA")
    assert (lab["counted"], lab["final_score"], lab["days_late"], lab["slip_days_used"]) == (2, 95, 3, 3)
    assert "This submission counts" in world["github"].outbox()["comments"][-1]["body"]
    # Later late pushes without the marker do not count again.
    ann.commit({"student/labA/SUBMIT_LATE": None, "student/labA/a.cpp": "// score 20\n"})
    ann.push("2026-03-14T09:00:00Z")
    grading_round(world, dslab, "2026-03-14T10:00:00Z")
    assert ledger_lab(world, "ann", "labA")["counted"] == 2


def test_late_policy_latest_counts_every_late_push(world, dslab, tmp_path):
    from conftest import make_tree
    tree = make_tree(tmp_path / "latest-course", extra='late_submissions = "latest"')
    ann = world["ann"]
    ann.push("2026-03-01T08:00:00Z")
    ann.commit({"student/labA/a.cpp": "// score 65\n"})
    ann.push("2026-03-10T20:00:00Z")
    ann.commit({"student/labA/a.cpp": "// score 95\n"})
    ann.push("2026-03-12T09:00:00Z")
    grading_round(world, dslab, "2026-03-12T10:00:00Z", tree=tree)
    lab = ledger_lab(world, "ann", "labA")
    assert (lab["counted"], lab["days_late"]) == (1, 2)


def test_a_failed_grading_is_polled_again_and_later_pushes_wait_for_it(world, dslab):
    ann = world["ann"]
    ann.push("2026-03-01T08:00:00Z")
    first = ann.commit({"student/labA/a.cpp": "// score 70\n"})
    ann.push("2026-03-02T10:00:00Z")
    second = ann.commit({"student/labB/b.cpp": "// score 80\n"})
    ann.push("2026-03-02T11:00:00Z")
    plan, _ = grading_round(world, dslab, "2026-03-02T12:00:00Z", fail={"labA"})
    assert len(plan["jobs"]) == 2
    assert "labA" not in json.loads((world["tmp"] / "ledger.json").read_text())["students"]["ann"]["labs"]
    plan, _ = grading_round(world, dslab, "2026-03-02T13:00:00Z")
    assert [(j["commit"], j["pushed_at"]) for j in plan["jobs"]] == [(first, "2026-03-02T10:00:00Z"),
                                                                     (second, "2026-03-02T11:00:00Z")]
    assert len(ledger_lab(world, "ann", "labB")["submissions"]) == 1  # recorded once: idempotent
    plan, _ = grading_round(world, dslab, "2026-03-02T14:00:00Z")
    assert plan["jobs"] == []


def test_group_repositories_map_to_the_group_id(world, tmp_path):
    from conftest import make_tree
    tree = make_tree(tmp_path / "group-course", extra='group_repo = "org/team-{group}"')
    c = course_mod.load(tree / "course.toml", tree)
    assert [(t.repo, t.submitter, t.labs) for t in c.targets] == [
        ("org/dslab-ann-gh", "ann", ("labA",)), ("org/dslab-bob-gh", "bob", ("labA",)),
        ("org/team-team", "team", ("labB",))]
    assert c.ledger_id("labB", "team") == "ann"
    tree2 = make_tree(tmp_path / "member-course")
    c2 = course_mod.load(tree2 / "course.toml", tree2)
    assert [t.labs for t in c2.targets] == [("labA", "labB"), ("labA", "labB")]


def test_an_empty_student_repo_pattern_is_a_clear_error(tmp_path):
    from conftest import make_tree
    tree = make_tree(tmp_path / "c")
    text = (tree / "course.toml").read_text().replace('student_repo = "org/dslab-{github}"', "")
    (tree / "course.toml").write_text(text)
    try:
        course_mod.load(tree / "course.toml", tree)
    except course_mod.CourseError as e:
        assert "student_repo is empty" in str(e)
    else:
        raise AssertionError("no error for an empty student_repo")


def test_the_poll_command_writes_the_plan_and_a_batched_matrix(world, capsys):
    import classroom
    ann, bob = world["ann"], world["bob"]
    for repo, at in ((ann, "2026-03-02T10:00:00Z"), (bob, "2026-03-02T10:05:00Z")):
        repo.push("2026-03-01T08:00:00Z")
        repo.commit({"student/labA/a.cpp": "// score 70\n"})
        repo.push(at)
    ann.commit({"student/labB/b.cpp": "// score 70\n"})
    ann.push("2026-03-02T10:10:00Z")
    tree, out = world["tree"], world["tmp"] / "plan"
    rc = classroom.main(["poll", "--course", str(tree / "course.toml"), "--source", str(tree), "--state",
                         str(world["tmp"] / "state.json"), "--github", f"fake:{world['github'].root}",
                         "--out", str(out), "--mirrors", str(world["tmp"] / "m"), "--per-job", "2",
                         "--now", "2026-03-02T11:00:00Z", "--github-output", str(world["tmp"] / "gh-out")])
    assert rc == 0
    matrix = json.loads(capsys.readouterr().out)
    plan = json.loads((out / "plan.json").read_text())
    assert [len(m["jobs"].split()) for m in matrix["include"]] == [2, 1]
    assert sorted(" ".join(m["jobs"] for m in matrix["include"]).split()) == sorted(j["id"] for j in plan["jobs"])
    assert all((out / j["package"]).stat().st_size > 0 for j in plan["jobs"])
    assert "count=3" in (world["tmp"] / "gh-out").read_text()
    assert not (world["tmp"] / "state.json").exists()  # poll never changes the state
