"""`deploy` against a local bare repository: the built site lands on gh-pages,
the user's checkout is never touched, uncommitted content is refused."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.cli import main

from .conftest import copy_theme, FIXTURES, THEME


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The golden briefing, with a custom domain, committed in a fresh repository."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    copy_theme(root)
    config = root / "site.yaml"
    config.write_text(config.read_text().replace("https://example.org/testland/",
                                                 "https://briefing.example.org/")
                      + "cname: briefing.example.org\n")
    (root / ".gitignore").write_text("/site/\n")
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", "remote.git")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Editor")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "The briefing")
    git(root, "remote", "add", "origin", str(tmp_path / "remote.git"))
    return root


def remote(project: Path) -> Path:
    return project.parent / "remote.git"


def deploy(project: Path, *extra: str) -> int:
    return main(["deploy", "--root", str(project), *extra])


def files_on(repo: Path, ref: str) -> set[str]:
    return set(git(repo, "ls-tree", "-r", "--name-only", ref).splitlines())


def test_deploy_pushes_the_built_site_to_gh_pages(project):
    head = git(project, "rev-parse", "HEAD")
    assert deploy(project) == 0
    files = files_on(remote(project), "gh-pages")
    assert {"index.html", "404.html", ".nojekyll", "CNAME", "feed.xml", "sitemap.xml",
            "data/events.csv", "static/css/site.css"} <= files
    assert ".briefing-output" not in files
    assert git(remote(project), "show", "gh-pages:CNAME") == "briefing.example.org"
    built = {p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*")
             if p.is_file()} - {".briefing-output"}
    assert files == built
    # The checkout is as it was: same branch, same commit, nothing staged or changed.
    assert git(project, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "rev-parse", "gh-pages") == git(remote(project), "rev-parse", "gh-pages")


def test_deploy_refuses_uncommitted_content_unless_told(project, capsys):
    event = project / "content" / "events" / "port-talks.md"
    event.write_text(event.read_text().replace("summary:", "summary: Revised.", 1))
    (project / "content" / "actors" / "new-actor.md").write_text("---\nname: New\nkind: person\n---\n")
    assert deploy(project) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/actors/new-actor.md: uncommitted change: commit it first, or deploy with --allow-dirty",
        "content/events/port-talks.md: uncommitted change: commit it first, or deploy with --allow-dirty",
        "deploy failed: 2 errors",
    ]
    assert git(remote(project), "branch", "--list") == ""
    assert deploy(project, "--allow-dirty") == 0
    message = git(remote(project), "log", "-1", "--format=%s", "gh-pages")
    assert message.endswith("and uncommitted changes")


def test_each_deploy_follows_the_last_and_an_unchanged_site_makes_no_commit(project, capsys):
    assert deploy(project) == 0
    first = git(remote(project), "rev-parse", "gh-pages")
    assert deploy(project) == 0
    assert git(remote(project), "rev-parse", "gh-pages") == first
    assert "already up to date" in capsys.readouterr().out
    event = project / "content" / "events" / "port-talks.md"
    event.write_text(event.read_text().replace("summary:", "summary: Revised.", 1))
    git(project, "commit", "--quiet", "--all", "--message", "Revise the port talks")
    assert deploy(project) == 0
    second = git(remote(project), "rev-parse", "gh-pages")
    assert git(remote(project), "rev-parse", "gh-pages^") == first
    assert "Revised." in git(remote(project), "show", f"{second}:events/port-talks/index.html")


def test_a_cname_set_on_the_branch_is_kept(project, tmp_path):
    """GitHub's settings page commits a CNAME to the branch; deploy must not drop it."""
    config = project / "site.yaml"
    config.write_text(config.read_text().replace("cname: briefing.example.org\n", ""))
    git(project, "commit", "--quiet", "--all", "--message", "No cname in site.yaml")
    assert deploy(project) == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote(project)), str(clone))
    (clone / "CNAME").write_text("set-in-settings.example.org\n")
    git(clone, "add", "CNAME")
    git(clone, "-c", "user.name=GitHub", "-c", "user.email=gh@example.org",
        "commit", "--quiet", "--message", "Create CNAME")
    git(clone, "push", "--quiet", "origin", "gh-pages")
    assert deploy(project) == 0  # the site plus the kept CNAME is what the branch holds
    assert git(remote(project), "rev-parse", "gh-pages") == git(clone, "rev-parse", "HEAD")
    event = project / "content" / "events" / "port-talks.md"
    event.write_text(event.read_text().replace("summary:", "summary: Revised.", 1))
    git(project, "commit", "--quiet", "--all", "--message", "Revise the port talks")
    assert deploy(project, "--message", "Redeploy") == 0
    assert git(remote(project), "show", "gh-pages:CNAME") == "set-in-settings.example.org"
    assert git(remote(project), "log", "-1", "--format=%s", "gh-pages") == "Redeploy"
    assert git(remote(project), "rev-parse", "gh-pages^") == git(clone, "rev-parse", "HEAD")


def test_deploy_to_another_remote_and_branch(project, tmp_path):
    other = tmp_path / "other.git"
    git(tmp_path, "init", "--quiet", "--bare", str(other))
    assert deploy(project, "--remote", str(other), "--branch", "site") == 0
    assert "index.html" in files_on(other, "site")
    assert git(remote(project), "branch", "--list") == ""


def test_deploy_outside_a_repository_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    assert main(["deploy", "--root", str(root), "--theme", str(THEME)]) == 1
    assert "not a git repository" in capsys.readouterr().err


def test_content_git_ignores_is_named_and_refused_unless_a_draft(project, capsys):
    (project / ".gitignore").write_text("/site/\nprivate-*\n")
    git(project, "commit", "--quiet", "--all", "--message", "Ignore private notes")
    event = (project / "content" / "events" / "port-talks.md").read_text()
    (project / "content" / "events" / "private-talks.md").write_text(
        event.replace("title: Talks on the port", "title: Talks nobody committed"))
    assert deploy(project) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/events/private-talks.md: ignored by git, but published: no commit would hold "
        "it; commit it (take it out of .gitignore), make it a draft, or deploy with --allow-dirty")
    assert "gh-pages" not in git(remote(project), "branch")
    # A draft is not published: it may stay ignored.
    (project / "content" / "events" / "private-talks.md").write_text(
        event.replace("status: occurred", "status: occurred\ndraft: true"))
    assert deploy(project) == 0
    assert "events/private-talks/index.html" not in files_on(remote(project), "gh-pages")


def test_a_rejected_push_leaves_the_local_branch_as_it_was(project, capsys):
    hook = remote(project) / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed today' >&2\nexit 1\n")
    hook.chmod(0o755)
    assert deploy(project) == 1
    assert "pushes are closed today" in capsys.readouterr().err
    assert git(project, "branch", "--list", "gh-pages") == ""  # no local branch ahead of the remote


def test_an_untracked_draft_does_not_stop_a_deploy_and_is_not_published(project):
    event = (project / "content" / "events" / "port-talks.md").read_text()
    (project / "content" / "events" / "work-in-progress.md").write_text(
        event.replace("status: occurred", "status: occurred\ndraft: true"))
    assert deploy(project) == 0
    assert "events/work-in-progress/index.html" not in files_on(remote(project), "gh-pages")
