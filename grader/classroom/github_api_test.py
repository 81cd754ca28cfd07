"""GitHubApi against a local stand-in of api.github.com (loopback only): the activity pages are
followed until an activity older than the cursor, only head moves are kept, times normalised;
issues, comments and statuses are posted with the token; a failing call names itself."""
import http.server
import json
import threading

import pytest

import github_api

ACTIVITY = [  # newest first, as GitHub answers with direction=desc
    {"id": 5, "ref": "refs/heads/main", "before": "b4", "after": "a5", "timestamp": "2026-03-02T10:00:00+00:00",
     "activity_type": "push"},
    {"id": 4, "ref": "refs/heads/main", "before": "a3", "after": "0" * 40, "timestamp": "2026-03-02T09:00:00Z",
     "activity_type": "branch_deletion"},
    {"id": 3, "ref": "refs/heads/main", "before": "a2", "after": "a3", "timestamp": "2026-03-02T08:00:00Z",
     "activity_type": "force_push"},
    {"id": 2, "ref": "refs/heads/main", "before": "a1", "after": "a2", "timestamp": "2026-03-01T08:00:00Z",
     "activity_type": "push"},
]


class Handler(http.server.BaseHTTPRequestHandler):
    seen = []

    def log_message(self, *args):
        pass

    def reply(self, body, link=""):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if link:
            self.send_header("Link", link)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        Handler.seen.append(("GET", self.path, self.headers.get("Authorization")))
        base = f"http://127.0.0.1:{self.server.server_port}/repos/o/r/activity"
        if "page=2" in self.path:
            return self.reply(ACTIVITY[2:])
        self.reply(ACTIVITY[:2], link=f'<{base}?page=2>; rel="next", <{base}?page=9>; rel="last"')

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.seen.append(("POST", self.path, body))
        if self.path.endswith("/statuses/dead"):
            self.send_response(422)
            self.end_headers()
            self.wfile.write(b'{"message": "No commit found"}')
            return
        self.reply({"number": 7, "html_url": "https://x/issues/7"} if self.path.endswith("/issues")
                   else {"html_url": "https://x/issues/7#c1"})


@pytest.fixture
def api():
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield github_api.GitHubApi("tok", api=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()


def test_pushes_follow_pages_until_the_cursor_and_keep_head_moves(api):
    pushes = api.pushes("o/r", "main", since="2026-03-02T00:00:00Z")
    assert [(p.id, p.kind, p.pushed_at) for p in pushes] == [("3", "force_push", "2026-03-02T08:00:00Z"),
                                                             ("5", "push", "2026-03-02T10:00:00Z")]
    gets = [s for s in Handler.seen if s[0] == "GET"]
    assert len(gets) == 2 and "ref=refs%2Fheads%2Fmain" in gets[0][1] and gets[0][2] == "Bearer tok"


def test_delivery_calls_and_a_failing_call_names_itself(api):
    assert api.open_issue("o/r", "t", "b") == (7, "https://x/issues/7")
    assert api.comment_issue("o/r", 7, "text") == "https://x/issues/7#c1"
    api.set_status("o/r", "abc", "success", "dslab/lab2", "x" * 300, "https://x/issues/7#c1")
    status = Handler.seen[-1][2]
    assert len(status["description"]) == 140 and status["target_url"] == "https://x/issues/7#c1"
    with pytest.raises(github_api.GitHubError, match="statuses/dead: HTTP 422"):
        api.set_status("o/r", "dead", "success", "c", "d", "u")


def test_the_token_reaches_git_through_the_environment_only():
    env = github_api.GitHubApi("tok").git_env()
    assert "tok" not in github_api.GitHubApi("tok").fetch_url("o/r")
    assert env["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader"
    with pytest.raises(github_api.GitHubError, match="DSLAB_COURSE_TOKEN"):
        github_api.GitHubApi("")
