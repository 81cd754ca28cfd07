"""The official report a student receives for one graded submission (Markdown, delivered as a
comment on their repository): per lab the score, whether this submission counts and why, days
late and slip days, and per test its name, points, property, result and reason.

Hidden tests show their name, points, property and result only: their failure text, details,
seed and replay come from the hidden test's code and data and are never included (the same
rule as the grader's student-facing renderers, grader/report/render_util.cpp). Public tests
show their reason and the replay command, which works in the student's repository.
"""
import course as course_mod

MAX_CELL = 240
RESULT = {  # status -> what a student reads for a test that did not pass (and is hidden)
    "failed": "a check of this property failed",
    "crashed": "the test process crashed",
    "timeout": "did not finish within the time limit",
    "nondeterministic": "the same seed gave two different runs (nondeterminism in your code)",
    "isolation": "your nodes share memory: with one process per node the same seed ran differently",
    "sandbox_violation": "your code did something the sandbox forbids",
    "missing": "no result (the run was cut short)",
    "build_failed": "your code did not compile",
}


def cell(text):
    text = " ".join(str(text).split())  # one line: newlines would end the table row
    if len(text) > MAX_CELL:
        text = text[:MAX_CELL - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def test_row(t):
    ok = t["status"] == "passed"
    if ok:
        reason = ""
    elif t["visibility"] == "hidden":
        reason = cell(RESULT.get(t["status"], t["status"]))
    else:
        reason = cell(t.get("reason") or RESULT.get(t["status"], t["status"]))
        if t.get("replay"):
            reason += f" — replay: `{cell(t['replay']).replace('`', '')}`"
            reason += f" — picture of the run: add `--html run.html` to the replay"
    return (f"| {'✅' if ok else '❌'} | {cell(t['name'])} | {t['earned']}/{t['points']} | {t['visibility']} | "
            f"{cell(t.get('property', ''))} | {t['status']} | {reason} |")


def counts_line(job, lab, standing, late_policy):
    if standing is None:
        return "Not recorded in the ledger (ask the course staff)."
    if standing["counts"]:
        late = standing["days_late"]
        return ("**This submission counts for the lab**" +
                (f", {late} day(s) late." if late else ", on time."))
    if late_policy == "on-request" and not job["late_request"].get(lab):
        return ("**This submission does not count**: it came after the deadline and an earlier one "
                f"counts. To make a late push count, add the file `student/{lab}/{course_mod.LATE_MARKER}` "
                "(any content) and push again; the late days are charged from your slip days.")
    return "**This submission does not count**: a later one counts."


def render_lab(job, lab_report, standing, deadline, late_policy):
    lab = lab_report["lab"]
    lines = [f"### {'✅' if lab_report['passed'] else '❌'} {lab}: {lab_report['title']}", "",
             f"**Score {lab_report['score']:g} / 100** ({'passed' if lab_report['passed'] else 'not passed'}; "
             f"passes above {lab_report['pass_threshold']:g}) · {lab_report['points_earned']} / "
             f"{lab_report['points_total']} points", ""]
    lines.append(counts_line(job, lab, standing, late_policy))
    if deadline:
        lines.append(f"Deadline {deadline}.")
    if standing is not None:
        lines += ["", f"The lab's grade now: counted submission pushed {standing['counted_at']}, "
                      f"{standing['days_late']} day(s) late, {standing['slip_days_used']} slip day(s) used, "
                      f"penalty {standing['penalty']:g}, **final {standing['final_score']:g}** "
                      f"({'passed' if standing['passed'] else 'not passed'}). Slip days left: "
                      f"{standing['slip_days_remaining']}."]
    lines += ["", "| | Test | Points | Visibility | Property | Result | Reason |", "|---|---|---:|---|---|---|---|"]
    lines += [test_row(t) for t in lab_report["tests"]]
    if lab_report.get("build_log_excerpt") and "hidden" not in lab_report["build_log_excerpt"]:
        lines += ["", "<details><summary>Build errors</summary>", "", "````text",
                  lab_report["build_log_excerpt"].replace("````", "'''"), "````", "", "</details>"]
    return "\n".join(lines) + "\n"


def render(job, report, standings, deadlines, late_policy):
    """The whole comment for one graded job. `standings`: lab -> standing dict (ledger_view) or
    None; `deadlines`: lab -> RFC 3339 text."""
    head = [f"## Official grading of `{job['commit'][:12]}`", "",
            f"Pushed to `{job.get('branch', 'main')}` at **{job['pushed_at']}** (the time GitHub recorded the "
            "push; commit dates are not used). Graded with the public and the hidden tests.", ""]
    body = [render_lab(job, lab, standings.get(lab["lab"]), deadlines.get(lab["lab"], ""), late_policy)
            for lab in report["labs"] if lab["lab"] in job["labs"]]
    foot = ["", "_Hidden tests show their property and result only. Replay a failing public test with the "
                "command shown, in your repository._"]
    return "\n".join(head) + "\n" + "\n".join(body) + "\n".join(foot) + "\n"
