#!/usr/bin/env python3
"""Writes the wrk script of the coaching benchmarks: each request checks the 250-word
answer of bench/answer-250.txt (POST /api/check), every fourth saves it (POST
/api/attempts), each with the next session cookie of COOKIES (a file, one a line; empty
for the private app).
    bench/signed-in-mix.py COOKIES OUT.lua"""
import json
import sys

cookies = [line.strip() for line in open(sys.argv[1]) if line.strip()]
body = json.dumps({"text": open("bench/answer-250.txt").read(), "principle": "customer-obsession"})


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


with open(sys.argv[2], "w") as script:
    script.write(
        "local cookies = {" + ", ".join(quoted(cookie) for cookie in cookies) + "}\n"
        f"local body = {quoted(body)}\n"
        "local counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        '  local headers = {["Content-Type"] = "application/json"}\n'
        '  if #cookies > 0 then headers["Cookie"] = "starcoach_session=" .. cookies[(counter % #cookies) + 1] end\n'
        '  local path = (counter % 4 == 0) and "/api/attempts" or "/api/check"\n'
        '  return wrk.format("POST", path, headers, body)\n'
        "end\n")
