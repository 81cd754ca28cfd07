"""The GitHub side of class grading behind one small interface, so that the poller and the
delivery of results run against api.github.com (GitHubApi) or a fake (tests: fake_github.py).

Only the course repository's workflow uses this, with the course's token (DSLAB_COURSE_TOKEN):
it reads the roster's repositories (push activity, git fetch) and writes issues and commit
statuses on them. Nothing here runs in, or is given to, a student repository.
"""
import base64
import dataclasses
import datetime
import json
import urllib.error
import urllib.parse
import urllib.request

API = "https://api.github.com"
# Activity kinds that move a branch to a new head (branch_deletion does not).
HEAD_MOVES = ("push", "force_push", "branch_creation", "pr_merge", "merge_queue_merge")


@dataclasses.dataclass(frozen=True)
class Push:
    """One move of a branch as GitHub's servers recorded it (the repository activity API)."""
    id: str         # activity id, unique within the repository
    ref: str        # refs/heads/<branch>
    before: str     # the head before ("" or zeros when there was none)
    after: str      # the new head
    pushed_at: str  # RFC 3339 UTC: when GitHub received the push (never a commit date)
    kind: str       # one of HEAD_MOVES


class GitHubError(RuntimeError):
    """An API call failed; the message names the call and GitHub's answer."""


class GitHub:
    """What class grading needs from GitHub. Implementations: GitHubApi, tests' FakeGitHub."""

    def pushes(self, repo, branch, since):
        """Moves of `branch` in `repo` recorded at or after `since` (RFC 3339, "" = all), oldest
        first. Implementations may return other refs too: the caller filters."""
        raise NotImplementedError

    def fetch_url(self, repo):
        """What `git fetch` reads `repo` from."""
        raise NotImplementedError

    def git_env(self):
        """Environment for git commands on `fetch_url` (credentials, never in argv)."""
        raise NotImplementedError

    def open_issue(self, repo, title, body):
        """Opens an issue; returns (number, html_url)."""
        raise NotImplementedError

    def comment_issue(self, repo, number, body):
        """Comments on issue `number`; returns the comment's html_url."""
        raise NotImplementedError

    def set_status(self, repo, sha, state, context, description, target_url):
        """Sets a commit status (state: success | failure | error | pending)."""
        raise NotImplementedError


class GitHubApi(GitHub):
    """api.github.com with a token (a fine-grained token of the course; see docs/instructors.md)."""

    def __init__(self, token, api=API, timeout=30):
        if not token:
            raise GitHubError("no token: set the DSLAB_COURSE_TOKEN secret of the course repository")
        self._token, self._api, self._timeout = token, api.rstrip("/"), timeout

    def _call(self, method, url, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self._token}", "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "dslab-classroom"})
        try:
            with urllib.request.urlopen(req, timeout=self._timeout) as resp:
                text = resp.read().decode()
                return (json.loads(text) if text else None), resp.headers.get("Link", "")
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")[:300]
            raise GitHubError(f"{method} {url}: HTTP {e.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError) as e:
            raise GitHubError(f"{method} {url}: {e}") from None

    @staticmethod
    def _next_link(link):
        for part in link.split(","):
            url, _, rel = part.partition(";")
            if rel.strip() == 'rel="next"':
                return url.strip().strip("<>")
        return ""

    def pushes(self, repo, branch, since):
        query = urllib.parse.urlencode({"ref": f"refs/heads/{branch}", "direction": "desc", "per_page": 100})
        url, out = f"{self._api}/repos/{repo}/activity?{query}", []
        while url:
            page, link = self._call("GET", url)
            older = False
            for a in page or []:
                at = normalize_time(a["timestamp"])
                if since and at < since:
                    older = True
                    continue
                if a.get("activity_type") in HEAD_MOVES:
                    out.append(Push(id=str(a["id"]), ref=a["ref"], before=a.get("before") or "",
                                    after=a["after"], pushed_at=at, kind=a["activity_type"]))
            url = "" if older else self._next_link(link)
        return sorted(out, key=lambda p: (p.pushed_at, p.id))

    def fetch_url(self, repo):
        return f"https://github.com/{repo}.git"

    def git_env(self):
        basic = base64.b64encode(f"x-access-token:{self._token}".encode()).decode()
        return {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "http.https://github.com/.extraheader",
                "GIT_CONFIG_VALUE_0": f"Authorization: Basic {basic}", "GIT_TERMINAL_PROMPT": "0"}

    def open_issue(self, repo, title, body):
        issue, _ = self._call("POST", f"{self._api}/repos/{repo}/issues", {"title": title, "body": body})
        return issue["number"], issue["html_url"]

    def comment_issue(self, repo, number, body):
        comment, _ = self._call("POST", f"{self._api}/repos/{repo}/issues/{number}/comments", {"body": body})
        return comment["html_url"]

    def set_status(self, repo, sha, state, context, description, target_url):
        self._call("POST", f"{self._api}/repos/{repo}/statuses/{sha}", {
            "state": state, "context": context, "description": description[:140], "target_url": target_url})


def normalize_time(text):
    """An RFC 3339 time as YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds), so that times compare as text."""
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError(f"time without an offset: {text!r}")
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
