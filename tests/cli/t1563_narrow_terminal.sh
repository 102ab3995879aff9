#!/bin/sh
# A table on a narrow terminal (LEADCTL_TTY=1, COLUMNS): text is cut with
# '…' no shorter than 10 columns (a name stays readable: 'Valentina …', not
# 'Vale…'); when even that does not fit, the rightmost text columns are left
# out (campaign and source before names, never the first two, never a kept
# column such as list's stage and created, never a number); only a terminal
# too narrow for what remains shows one record a block.  Piped output keeps
# every column.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-03-02T09:00:00Z
run init
run add --email valentina.rossi@ingegneria-milano.example --first-name Valentina --last-name "Rossi Bianchi" \
	--company "Ingegneria Milano S.p.A." --source paid_search --campaign spring-launch-2026 --owner marta
run add --email li@hua.example --first-name 丽 --last-name 王 --company 华数据 --source webinar
expect_rc 0

LEADCTL_TTY=1 COLUMNS=80 run --no-pager list
expect_rc 0
expect_out "id  name         email        company      stage  owner  score  created (UTC)
 1  Valentina …  valentina.…  Ingegneria…  new    marta    0.0  2026-03-02 09:00
 2  丽 王        li@hua.exa…  华数据       new             0.0  2026-03-02 09:00"
LEADCTL_TTY=1 COLUMNS=50 run --no-pager list
expect_out "id  name            stage  score  created (UTC)
 1  Valentina Ros…  new      0.0  2026-03-02 09:00
 2  丽 王           new      0.0  2026-03-02 09:00"
LEADCTL_TTY=1 COLUMNS=30 run --no-pager list
expect_out_has "-[ 1 ]------------------------"
expect_out_has "campaign       spring-launch-…"
# wide enough: everything, nothing cut
LEADCTL_TTY=1 COLUMNS=200 run --no-pager list
expect_out_has "valentina.rossi@ingegneria-milano.example"
expect_out_has "spring-launch-2026"
# piped: every column, whatever COLUMNS says
COLUMNS=30 run list
expect_out_has "spring-launch-2026	2026-03-02T09:00:00Z"
finish
