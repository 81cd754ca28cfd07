"""The record step of class grading: the graded jobs' reports go into the ledger (in order of
push time, with the student's late request), each student gets the official report on their
repository (an issue comment, and a commit status per lab linking to it), and the poll state
marks done what came back.
"""
import json
import pathlib
import subprocess

import student_report
import state as state_mod


def load_report(reports_dir, job):
    """The job's report.json, or None when its grading did not come back complete."""
    path = pathlib.Path(reports_dir) / job["id"] / "report.json"
    if not path.exists():
        return None
    try:
        report = json.loads(path.read_text())
    except json.JSONDecodeError:
        return None
    graded = {lab["lab"] for lab in report.get("labs", [])}
    return report if set(job["labs"]) <= graded else None


def record_job(dslab, ledger, course, reports_dir, job, log):
    report_file = pathlib.Path(reports_dir) / job["id"] / "report.json"
    for lab in job["labs"]:
        cmd = [str(dslab), "ledger", "record", "--ledger", str(ledger), "--course", str(course.file),
               "--report", str(report_file), "--student", job["submitter"], "--lab", lab,
               "--submitted-at", job["pushed_at"]]
        if job["late_request"].get(lab):
            cmd.append("--late-request")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"dslab ledger record failed for {job['id']} {lab}: {r.stderr.strip()}")
        log(r.stdout.strip())


def ledger_view(ledger_doc, course, job, lab):
    """What the student report says about the lab's grade after recording, or None."""
    sid = course.ledger_id(lab, job["submitter"])
    student = ledger_doc.get("students", {}).get(sid)
    entry = (student or {}).get("labs", {}).get(lab)
    if not entry or entry.get("counted") is None:
        return None
    counted = entry["submissions"][entry["counted"]]
    return {"counts": counted["submitted_at"] == job["pushed_at"], "counted_at": counted["submitted_at"],
            "days_late": entry["days_late"], "slip_days_used": entry["slip_days_used"],
            "penalty": entry["penalty"], "final_score": entry["final_score"], "passed": entry["passed"],
            "slip_days_remaining": student["slip_days_remaining"]}


def deliver(github, repo_state, job, text, views, report, log):
    """Comments the report on the repository's results issue (opened on first use) and sets one
    commit status per lab linking to the comment. Returns the comment URL or "" on failure."""
    try:
        if not repo_state.get("issue"):
            number, url = github.open_issue(job["repo"], "Official grading results (dslab)",
                                            "The course posts the official report of every graded submission "
                                            "here, one comment per submission. Do not close this issue.")
            repo_state["issue"], repo_state["issue_url"] = number, url
        link = github.comment_issue(job["repo"], repo_state["issue"], text)
        for lab in report["labs"]:
            if lab["lab"] not in job["labs"]:
                continue
            view = views.get(lab["lab"])
            counts = "counts" if view and view["counts"] else "does not count"
            github.set_status(job["repo"], job["commit"], "success" if lab["passed"] else "failure",
                              f"dslab/{lab['lab']}", f"{lab['score']:g}/100, {counts} (click for the report)", link)
        return link
    except Exception as e:  # delivery is best effort: the ledger and the run summary have it all
        log(f"warning: could not deliver the report of {job['id']} to {job['repo']}: {e}")
        return ""


def record(plan, reports_dir, ledger, course, dslab, github, state, log=print):
    """Records, delivers, applies the state. Returns a list of (job, report or None, comment URL)."""
    results = []
    graded = set()
    for job in sorted(plan["jobs"], key=lambda j: (j["pushed_at"], j["id"])):
        report = load_report(reports_dir, job)
        if report is None:
            log(f"warning: no complete report for {job['id']}: its push is polled again next run")
            results.append((job, None, ""))
            continue
        try:
            record_job(dslab, ledger, course, reports_dir, job, log)
        except RuntimeError as e:  # e.g. a submitter the roster no longer lists: fix course.toml
            log(f"warning: {e}: its push is polled again next run")
            results.append((job, None, ""))
            continue
        graded.add(job["id"])
        results.append((job, report, ""))
    ledger_doc = json.loads(pathlib.Path(ledger).read_text()) if pathlib.Path(ledger).exists() else {}
    deadlines = {lab: d.strftime("%Y-%m-%dT%H:%M:%SZ") for lab, d in course.deadlines.items()}
    delivered = []
    for job, report, _ in results:
        if report is None:
            delivered.append((job, None, ""))
            continue
        views = {lab: ledger_view(ledger_doc, course, job, lab) for lab in job["labs"]}
        text = student_report.render(dict(job, branch=course.branch), report, views, deadlines, course.late_policy)
        out = pathlib.Path(reports_dir) / job["id"] / "student-report.md"
        out.write_text(text)
        repo_state = state["repos"].setdefault(job["repo"], {"cursor": "", "seen": {}, "labs": {}})
        link = deliver(github, repo_state, job, text, views, report, log) if github else ""
        delivered.append((job, report, link))
    left = state_mod.apply(state, plan, graded)
    if left:
        log(f"{len(left)} push(es) left for the next run")
    return delivered


def summary(delivered, plan):
    """The run's Markdown summary: what was polled, graded, delivered."""
    lines = ["## Class grading run", "", f"polled at {plan['polled_at']}: {len(plan['jobs'])} submission(s)", ""]
    if plan.get("due"):
        lines += [f"Deadline passed since the last run: {', '.join(plan['due'])}.", ""]
    if delivered:
        lines += ["| repository | submitter | commit | pushed at | labs | result | report |", "|---|---|---|---|---|---|---|"]
    for job, report, link in delivered:
        result = ("not graded (retried next run)" if report is None else
                  ", ".join(f"{l['lab']} {l['score']:g}" for l in report["labs"] if l["lab"] in job["labs"]))
        lines.append(f"| {job['repo']} | {job['submitter']} | `{job['commit'][:10]}` | {job['pushed_at']} | "
                     f"{', '.join(job['labs'])} | {result} | {f'[comment]({link})' if link else ''} |")
    for w in plan.get("warnings", []):
        lines.append(f"- warning: {w}")
    return "\n".join(lines) + "\n"
