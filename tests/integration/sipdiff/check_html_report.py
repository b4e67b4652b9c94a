#!/usr/bin/env python3
"""Runs sipdiff with --html on the planted ALG capture (discrepancies/alg-contact.pcapng, frame 3's
Contact rewritten) and checks the page: well-formed (every tag closed in order), the verdict, the
counts, the difference with both locations and the Contact lines escaped inside their diff marks,
and no unescaped '<' from a message anywhere.

  check_html_report.py SIPDIFF TESTDATA_DIR
"""
import html.parser
import os
import subprocess
import sys
import tempfile

VOID = {"meta", "br"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.text = []
        self.spans = []  # (class, text) of each span

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.open or self.open[-1][0] != tag:
            raise AssertionError(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.open and self.open[-1][0] == "span":
            self.spans.append((self.open[-1][1].get("class", ""), data))


def main():
    sipdiff, testdata = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        page_path = os.path.join(tmp, "report.html")
        run = subprocess.run([sipdiff, os.path.join(testdata, "call-proxy-auth", "sipdump.data"),
                              os.path.join(testdata, "discrepancies", "alg-contact.pcapng"),
                              "--html", page_path], capture_output=True, text=True)
        if run.returncode != 1:
            sys.exit(f"exit status {run.returncode}, expected 1: {run.stderr}")
        page = open(page_path, encoding="utf-8").read()
    checker = Checker()
    checker.feed(page)
    checker.close()
    if checker.open:
        sys.exit(f"unclosed tags: {checker.open}")
    text = "".join(checker.text)
    for expected in ["sipdiff: traces differ", "Differences (1)", "alg-contact.pcapng frame 3",
                     "sipdump.data:49", "Changed headers: Contact"]:
        if expected not in text:
            sys.exit(f"the page lacks {expected!r}")
    spans = set(checker.spans)
    for expected in [("del", "-Contact: <sip:101@127.0.0.1:5070;transport=UDP>"),
                     ("add", "+Contact: <sip:101@203.0.113.77:41234;transport=UDP>")]:
        if expected not in spans:
            sys.exit(f"the diff lacks {expected!r}")
    if "<sip:" in page:
        sys.exit("a message's '<' reached the page unescaped")
    print("ok")


if __name__ == "__main__":
    main()
