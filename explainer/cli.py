"""The command line: build (the default), check, schema and serve; main(argv) returns the exit code.

The stages are imported once a command runs, inside the handler for Ctrl-C, so that stopping at any moment
(even while Python is still importing them) is one calm line, never a traceback."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .problems import Problem, did_you_mean, summary
from .project import Project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 130
COMMANDS = ("build", "check", "schema", "serve")


def port(text: str) -> int:
    """A TCP port from the command line, in words people use when it is not one."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: use a number from 0 to 65535 "
                                         "(0 picks any free one)")
    return number


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python build.py",
        description="Build a static explainer site from content/ (YAML + Markdown) through layouts/ into dist/.",
        epilog="Without a command, 'build' runs. build, check and serve take --content DIR, --output DIR and "
               "--base-url URL (see 'python build.py build --help'). "
               "Exit codes: 0 built, 1 content problems, 2 usage or output errors, 130 stopped with Ctrl-C.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--content", type=Path, help="content folder (default: content/)")
        sub.add_argument("--output", type=Path, help="output folder (default: dist/)")
        sub.add_argument("--base-url", help="absolute URL the site is published at, ending in '/'")
        return sub

    command("build", "build the site into dist/ (the default)")
    command("check", "check the content and layouts without writing anything")
    schema = commands.add_parser("schema", help="write the content model's JSON Schema files into docs/schema/")
    schema.add_argument("--output", type=Path, help="folder for the schema files (default: docs/schema/)")
    serve = command("serve", "build, serve on 127.0.0.1 and reload the browser on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=port, default=8000, help="port, 0 for any free one (default: 8000)")
    serve.add_argument("--base-path", default="/", help="serve the site under this path, e.g. /explainers/mobilization/")
    return top


def report(problems: list[Problem], project: Project, wrote: bool) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary(problems, project.relative(project.output_path) if wrote else None), file=sys.stderr)
    return EXIT_CONTENT


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run one command; Ctrl-C at any moment stops it with one line ('Stopped.'), exit 0 for the preview."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return run(args, root or Path.cwd())
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return EXIT_OK if args[:1] == ["serve"] else EXIT_STOPPED


def run(args: list[str], root: Path) -> int:
    if args and args[0] not in COMMANDS and not args[0].startswith("-"):
        parser().print_usage(sys.stderr)
        print(f"python build.py: error: unknown command '{args[0]}'; {did_you_mean(args[0], COMMANDS)}",
              file=sys.stderr)
        return EXIT_USAGE
    if not args or args[0] not in COMMANDS and args[0] not in ("-h", "--help"):
        args.insert(0, "build")
    try:
        options = parser().parse_args(args)
    except SystemExit as stop:
        return EXIT_OK if stop.code == 0 else EXIT_USAGE
    if options.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(options.output or root / "docs" / "schema"):
            print(f"wrote {path}")
        return EXIT_OK
    from .scalars import Invalid, base_url
    try:
        address = None if options.base_url is None else base_url(options.base_url)
    except Invalid as error:
        print(f"error: --base-url: {error.message}; {error.hint}", file=sys.stderr)
        return EXIT_USAGE
    project = Project.at(root, options.content, options.output, address)
    if options.command == "serve":
        from .serve import serve
        return serve(project, options.host, options.port, options.base_path)
    return build_or_check(project, write=options.command == "build")


def build_or_check(project: Project, write: bool) -> int:
    from .formats.sitemap import NO_BASE_URL
    from .pipeline import build
    from .write import OutputError

    started = time.perf_counter()
    noted = holds_a_site_without_base_url(project.output_path)  # built by an earlier run, which said so
    try:
        result = build(project, write=write)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not result.ok:
        return report(result.problems, project, write)
    seconds = time.perf_counter() - started
    pages = sum(1 for o in result.outputs if o.uri.endswith(".html") and not o.uri.startswith("embed/"))
    if write and not noted and not any(o.uri == "sitemap.xml" for o in result.outputs):
        print(NO_BASE_URL)
    if not write:
        print(f"Checked: no problems; {pages} pages would be written ({seconds:.2f} s)")
    else:
        where = project.relative(project.output_path)
        print(f"Built {pages} pages ({result.written} files) into {where}/ in {seconds:.2f} s")
    return EXIT_OK


def holds_a_site_without_base_url(output: Path) -> bool:
    """True when the output folder holds a site built without a base URL (it has pages but no sitemap)."""
    return (output / "index.html").is_file() and not (output / "sitemap.xml").exists()
