#!/usr/bin/env python3
"""jsoncheck.py SCHEMA FILE...: check memviz JSON Lines files.

Every line must be one JSON object with no key twice in any object (RFC
8259 says names SHOULD be unique; most parsers keep only one), valid
against SCHEMA (JSON Schema draft 2020-12, Debian's python3-jsonschema);
steps are numbered 1, 2, ... with the summary last.  A quiz stream
(--quiz --batch --json) is question objects in step order with the score
line last.  Exit status 1 and one
message per problem otherwise.
"""
import json
import sys

import jsonschema


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError("key %s appears twice in one object" % dup[0])
    return dict(pairs)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.endswith("\n"):
            print("%s: no final newline" % path)
            bad += 1
        lines = text.split("\n")[:-1]
        step = 0
        for n, line in enumerate(lines, 1):
            where = "%s:%d" % (path, n)
            try:
                obj = json.loads(line, object_pairs_hook=no_duplicates)
            except ValueError as e:
                print("%s: %s" % (where, e))
                bad += 1
                continue
            for err in validator.iter_errors(obj):
                print("%s: schema: %s at %s" % (where, err.message,
                                                 "/".join(map(str, err.absolute_path))))
                bad += 1
            if "summary" in obj or "score" in obj:
                if n != len(lines):
                    print("%s: the summary is not the last line" % where)
                    bad += 1
            elif "question" in obj:
                if obj.get("step", 0) < step:
                    print("%s: question of step %s out of order" % (where, obj.get("step")))
                    bad += 1
                step = obj.get("step", step)
            else:
                step += 1
                if obj.get("step") != step:
                    print("%s: step %s out of order" % (where, obj.get("step")))
                    bad += 1
        last = json.loads(lines[-1]) if lines else {}
        if "summary" not in last and "score" not in last:
            print("%s: last line is not the summary (or the quiz's score)" % path)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
