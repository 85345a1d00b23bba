"""The command line: build (the default), check, schema and serve; main(argv) returns the exit code."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .pipeline import build
from .problems import Problem, summary
from .project import Project
from .formats.sitemap import NO_BASE_URL
from .write import OutputError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
COMMANDS = ("build", "check", "schema", "serve")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python build.py",
        description="Build a static explainer site from content/ (YAML + Markdown) through layouts/ into dist/.",
        epilog="Without a command, 'build' runs. build, check and serve take --content DIR, --output DIR and "
               "--base-url URL (see 'python build.py build --help'). "
               "Exit codes: 0 built, 1 content problems, 2 usage or output errors.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--content", type=Path, help="content folder (default: content/)")
        sub.add_argument("--output", type=Path, help="output folder (default: dist/)")
        sub.add_argument("--base-url", help="absolute URL the site is published at, ending in '/'")
        return sub

    build_command = command("build", "build the site into dist/ (the default)")
    build_command.add_argument("--no-cache", action="store_true",
                               help="build even when nothing changed since the last build")
    command("check", "check the content and layouts without writing anything")
    schema = commands.add_parser("schema", help="write the content model's JSON Schema files into docs/schema/")
    schema.add_argument("--output", type=Path, help="folder for the schema files (default: docs/schema/)")
    serve = command("serve", "build, serve on 127.0.0.1 and reload the browser on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port, 0 for any free one (default: 8000)")
    serve.add_argument("--base-path", default="/", help="serve the site under this path, e.g. /explainers/mobilization/")
    return top


def report(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary(problems), file=sys.stderr)
    return EXIT_CONTENT


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS and args[0] not in ("-h", "--help"):
        args.insert(0, "build")
    try:
        options = parser().parse_args(args)
    except SystemExit as stop:
        return EXIT_OK if stop.code == 0 else EXIT_USAGE
    root = root or Path.cwd()
    if options.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(options.output or root / "docs" / "schema"):
            print(f"wrote {path}")
        return EXIT_OK
    project = Project.at(root, options.content, options.output, options.base_url)
    if options.command == "serve":
        from .serve import serve
        return serve(project, options.host, options.port, options.base_path)
    started = time.perf_counter()
    try:
        writing = options.command == "build"
        result = build(project, write=writing, remember=writing and not options.no_cache)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not result.ok:
        return report(result.problems)
    for note in result.problems:
        print(note, file=sys.stderr)
    seconds = time.perf_counter() - started
    if result.up_to_date:
        print(f"Up to date: nothing changed since the last build, which is in "
              f"{project.relative(project.output_path)}/ ({seconds:.2f} s; --no-cache builds anyway)")
        return EXIT_OK
    pages = sum(1 for o in result.outputs if o.uri.endswith(".html") and not o.uri.startswith("embed/"))
    if not any(o.uri == "sitemap.xml" for o in result.outputs):
        print(NO_BASE_URL)
    if options.command == "check":
        found = f"no errors, {len(result.problems)} note(s)" if result.problems else "no problems"
        print(f"Checked: {found}; {pages} pages would be written ({seconds:.2f} s)")
    else:
        where = project.relative(project.output_path)
        print(f"Built {pages} pages ({result.written} files) into {where}/ in {seconds:.2f} s")
    return EXIT_OK
