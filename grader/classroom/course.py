"""The course as class grading sees it: from course.toml ([grading], roster, groups, deadlines)
and the labs' manifests, which repository is graded for which labs under which id.

The C++ loader (grader/manifest/course.cpp, `dslab ledger show`) validates the same file; this
module reads only what the poller needs and fails with the file's name on what it cannot use.
"""
import dataclasses
import datetime
import pathlib
import tomllib
import zoneinfo

LATE_MARKER = "SUBMIT_LATE"  # student/<lab>/SUBMIT_LATE in a pushed commit: "count this late push"


class CourseError(ValueError):
    """course.toml or a lab manifest cannot be used for class grading."""


@dataclasses.dataclass(frozen=True)
class Target:
    """One repository to poll: graded as `submitter` (a student or group id) for `labs`."""
    repo: str
    submitter: str
    labs: tuple


@dataclasses.dataclass
class Course:
    file: pathlib.Path
    source: pathlib.Path               # the course tree (labs/, skeletons/)
    branch: str
    late_policy: str                   # "on-request" | "latest"
    deadlines: dict                    # lab -> aware datetime (UTC), labs with a manifest only
    student_files: dict                # lab -> [file names] (the manifest's student_files)
    targets: list                      # [Target]
    groups: dict                       # lab -> group id -> [member ids]

    def skeleton(self, lab):
        return self.source / "skeletons" / lab

    def ledger_id(self, lab, submitter):
        """The ledger entry that shows `submitter`'s grade of `lab` (a group's first member)."""
        members = self.groups.get(lab, {}).get(submitter)
        return members[0] if members else submitter


def load(course_file, source):
    course_file, source = pathlib.Path(course_file), pathlib.Path(source)
    try:
        doc = tomllib.loads(course_file.read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise CourseError(f"{course_file}: {e}") from None
    grading = doc.get("grading", {})
    labs = [l for l in doc.get("labs", []) if (source / "labs" / l["id"] / "lab.toml").exists()]
    files = {}
    for lab in labs:
        manifest = tomllib.loads((source / "labs" / lab["id"] / "lab.toml").read_text())
        files[lab["id"]] = list(manifest.get("lab", {}).get("student_files", []))
        if not files[lab["id"]]:
            raise CourseError(f"labs/{lab['id']}/lab.toml lists no student_files")
    zone = doc.get("course", {}).get("timezone", "UTC")
    deadlines = {l["id"]: to_utc(l["deadline"], zone) for l in labs}
    return Course(file=course_file, source=source, branch=grading.get("branch", "main"),
                  late_policy=grading.get("late_submissions", "on-request"), deadlines=deadlines,
                  student_files=files, targets=targets(doc, list(deadlines), course_file),
                  groups=doc.get("roster", {}).get("groups", {}))


def targets(doc, labs, course_file):
    """Each student's repository for the labs they do alone; each group's repository (or, without
    grading.group_repo, each member's) for the group labs."""
    grading = doc.get("grading", {})
    pattern, group_pattern = grading.get("student_repo", ""), grading.get("group_repo", "")
    if not pattern:
        raise CourseError(f"{course_file}: [grading] student_repo is empty: set it to the students' "
                          "repositories, e.g. \"ds-2026/dslab-{github}\"")
    students = doc.get("roster", {}).get("students", [])
    groups = doc.get("roster", {}).get("groups", {})
    out = []
    for s in students:
        grouped = {lab for lab in labs if any(s["id"] in m for m in groups.get(lab, {}).values())}
        own = tuple(lab for lab in labs if lab not in grouped or not group_pattern)
        repo = pattern.format(id=s["id"], github=s.get("github") or s["id"])
        if own:
            out.append(Target(repo=repo, submitter=s["id"], labs=own))
    if group_pattern:
        by_group = {}
        for lab in labs:
            for group in groups.get(lab, {}):
                by_group.setdefault(group, []).append(lab)
        for group, glabs in sorted(by_group.items()):
            out.append(Target(repo=group_pattern.format(group=group), submitter=group, labs=tuple(glabs)))
    return out


def to_utc(deadline, zone):
    """A TOML datetime of course.toml as an aware UTC datetime (local ones read in `zone`)."""
    if deadline.tzinfo is None:
        if zone == "UTC":
            tz = datetime.timezone.utc
        elif zone[:1] in "+-":
            hours, _, minutes = zone[1:].partition(":")
            delta = datetime.timedelta(hours=int(hours), minutes=int(minutes or 0))
            tz = datetime.timezone(-delta if zone[0] == "-" else delta)
        else:
            tz = zoneinfo.ZoneInfo(zone)
        deadline = deadline.replace(tzinfo=tz)
    return deadline.astimezone(datetime.timezone.utc)
