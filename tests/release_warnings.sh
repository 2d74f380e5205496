#!/usr/bin/env bash
# Issue 30, item 18: `make run` printed about 200 lines of g++ warnings (core/venue_layouts.cpp
# under -O3) above the admin password banner. The domain's sources are compiled here the way the
# Release build compiles them (-O3, the project's warnings), with warnings as errors. The domain
# has no Boost, so this costs seconds; the rest of the Release build is checked by `make run`.
#   release_warnings.sh CXX SOURCE_DIR
set -euo pipefail
cxx=$1 src=$2
status=0
for f in "$src"/src/core/*.cpp; do
  "$cxx" -std=c++20 -O3 -DNDEBUG -Wall -Wextra -Wno-missing-field-initializers -Werror -I"$src/src" \
    -c "$f" -o /dev/null || { echo "warnings in $f" >&2; status=1; }
done
exit $status
