#!/bin/sh
# Regenerates fixtures/encodings/: one Thai contact list saved the ways Excel saves it, made
# from the UTF-8 text below with iconv (never by hand), so the bytes are the real thing.
#   utf8.csv                 UTF-8, no BOM, LF, comma
#   utf8-bom.csv             "CSV UTF-8 (Comma delimited)": BOM, CRLF
#   windows-874.csv          Thai Excel's plain "CSV": Windows-874 (TIS-620 + € … ‘ ’ “ ” • – —), CRLF
#   windows-874-semicolon.csv  the same with ";" (a locale whose list separator is ;)
#   utf16le.txt              "Unicode Text": UTF-16 LE with BOM, TAB-separated, CRLF
#   utf16be.txt              UTF-16 BE with BOM, TAB-separated, CRLF
#   semicolon.csv            UTF-8 with BOM, ";", CRLF
#   tab.csv                  UTF-8, TAB, LF
#   not-text.csv             bytes that are none of these (C1 controls after a UTF-8 start)
# Usage: sh scripts/gen-encoding-fixtures.sh
set -eu
out="$(cd "$(dirname "$0")/.." && pwd)/fixtures/encodings"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The list, comma-separated; the quoted name holds a comma, row 5 a Windows-874 curly quote.
cat > "$tmp/comma.txt" <<'CSV'
ชื่อ,เบอร์โทร,รหัส
สมชาย ใจดี,081-234-5678,A001
สมหญิง รักไทย,0898765432,A002
"มาลี, ศรีสุข",66861234567,A003
อนันต์ “โต้ง” มั่นคง,+66 81 111 2222,A004
กมล แก้วมณี,0912345678,A005
CSV
# The same with ; and TAB (quoted fields keep their comma).
sed 's/,\([^ ]\)/;\1/g' "$tmp/comma.txt" > "$tmp/semicolon.txt"
sed 's/,\([^ ]\)/\t\1/g' "$tmp/comma.txt" > "$tmp/tab.txt"

crlf() { awk '{ printf "%s\r\n", $0 }' "$1"; }
bom8() { printf '\357\273\277'; }

cp "$tmp/comma.txt" "$out/utf8.csv"
{ bom8; crlf "$tmp/comma.txt"; } > "$out/utf8-bom.csv"
crlf "$tmp/comma.txt" | iconv -f UTF-8 -t CP874 > "$out/windows-874.csv"
crlf "$tmp/semicolon.txt" | iconv -f UTF-8 -t CP874 > "$out/windows-874-semicolon.csv"
{ printf '\377\376'; crlf "$tmp/tab.txt" | iconv -f UTF-8 -t UTF-16LE; } > "$out/utf16le.txt"
{ printf '\376\377'; crlf "$tmp/tab.txt" | iconv -f UTF-8 -t UTF-16BE; } > "$out/utf16be.txt"
{ bom8; crlf "$tmp/semicolon.txt"; } > "$out/semicolon.csv"
cp "$tmp/tab.txt" "$out/tab.csv"
# A UTF-8 header, then bytes no encoding here makes of a row: C1 controls (0x81 0x8D 0x9F).
{ printf 'phone,name\r\n0812345678,'; printf '\201\215\237\r\n'; } > "$out/not-text.csv"
echo "wrote $(ls "$out" | wc -l) files to $out"
