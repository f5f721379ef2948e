"""Helpers of the vector generators (tools/gen_*_vectors.py; not a tool itself): the C text of a
vector row, and the rewrite of the generated block between `/* BEGIN VECTORS */` and
`/* END VECTORS */` in a hand-written test file, laid out as clang-format (.clang-format: 4-space
indent, 110 columns) lays it out, so that regenerating leaves a formatted file unchanged.

    import cvectors
    rows = [cvectors.row([cvectors.c_str('urljoin'), ...]), ...]
    cvectors.rewrite_block('tests/unit/test_url.c', rows, out=None)   # out: another file
"""
import re

COLUMNS = 110
INDENT = '    '


def c_str(s):
    """A C string literal of s's UTF-8 (lone surrogates as their 3 bytes): printable ASCII as
    is, everything else (and '"', '\\', '?') as an octal escape."""
    out = '"'
    for b in s.encode('utf-8', 'surrogatepass'):
        out += chr(b) if 32 <= b < 127 and chr(b) not in '"\\?' else '\\%03o' % b
    return out + '"'


def row(items):
    """`{a, b, c},` at one indent; when longer than the column limit, the items are packed
    greedily and the continuation lines aligned after the brace (clang-format's layout)."""
    one = f"{INDENT}{{{', '.join(items)}}},"
    if len(one) <= COLUMNS:
        return one
    lines, line = [], f"{INDENT}{{{items[0]}"
    for i, item in enumerate(items[1:], 1):
        tail = '},' if i == len(items) - 1 else ','
        if len(line) + 2 + len(item) + len(tail) <= COLUMNS:
            line += ', ' + item
        else:
            lines.append(line + ',')
            line = INDENT + ' ' + item
    lines.append(line + '},')
    return '\n'.join(lines)


def rewrite_block(path, rows, out=None):
    """Replace the vector block of the C file `path` by rows; write the result to `out`
    (default: `path` itself)."""
    with open(path, encoding='utf-8') as f:
        src = f.read()
    block = '/* BEGIN VECTORS */\n' + '\n'.join(rows) + f'\n{INDENT}/* END VECTORS */'
    new, n = re.subn(r'/\* BEGIN VECTORS \*/.*?/\* END VECTORS \*/', lambda m: block, src, flags=re.S)
    if n != 1:
        raise SystemExit(f"{path}: expected one /* BEGIN VECTORS */ ... /* END VECTORS */ block, found {n}")
    with open(out or path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(new)
