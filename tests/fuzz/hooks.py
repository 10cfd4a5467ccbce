"""schemathesis hooks for the fuzz step (SCHEMATHESIS_HOOKS=tests.fuzz.hooks).

schemathesis.toml lets `positive_data_acceptance` take a 400, because a schema-valid
request can still name a record that does not exist (`?nation=xyz`: "Unknown nation")
or, in a write, break a rule between fields or records (dates in order, a bilateral
partnership's two members, a unique slug). This check takes that allowance back for
reads: a read the schema allows is refused only for naming something the catalogue does
not have, or for a rule between parameters (`to` before `from`, `a` the same as `b`).
"""

import schemathesis

# What a schema-valid read may be refused for: the catalogue, not the request's form, or a
# rule between two parameters a schema cannot state.
ABOUT_RECORDS = ("Unknown ", "Choose two different nations.", "Give a year no earlier than")


def _messages(detail):
    if isinstance(detail, str):
        yield detail
    elif isinstance(detail, list):
        for item in detail:
            yield from _messages(item)
    elif isinstance(detail, dict):
        for item in detail.values():
            yield from _messages(item)


@schemathesis.check
def read_refused_only_for_unknown_records(ctx, response, case):
    meta = case.meta
    if (
        meta is None
        or not meta.generation.mode.is_positive
        or case.method.upper() != "GET"
        or response.status_code != 400
    ):
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    messages = list(_messages(body))
    if not messages or not all(message.startswith(ABOUT_RECORDS) for message in messages):
        raise AssertionError(f"A schema-valid read was refused: {response.text[:300]}")
    return None
