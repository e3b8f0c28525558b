#!/usr/bin/env bash
# Header compile tests (issue 2, section 1): each header alone as C99, C11 and
# C++17 with -Wall -Wextra -Werror -pedantic; the implementation in one of two
# translation units linked together (C, C++, and C++ implementation with a C
# user); VYRE_STATIC in two units of one program; VYRE_MALLOC/REALLOC/FREE all
# (compiles, used) or some (must FAIL to compile with the #error).
# Run from the repository root. Prints `N passed, N failed` last.
set -u
CC=${CC:-cc}
CXX=${CXX:-c++}
OUT=${VT_COMPILE_OUT:-build/tests/compile}
SRC=tests/compile
W="-Wall -Wextra -Werror -pedantic"
LIBS="-lpthread -ldl -lm"
mkdir -p "$OUT"
pass=0
fail=0
log="$OUT/log.txt"
: >"$log"

ok() { pass=$((pass + 1)); [ -n "${VT_VERBOSE:-}" ] && echo "ok $1"; return 0; }
bad() {
    fail=$((fail + 1))
    echo "FAIL compile test: $1"
    sed -n '1,25p' "$OUT/last.txt" | sed 's/^/    /'
}
# run NAME CMD... : passes if the command succeeds; returns its status so that
# `run a && run b` stops a chain at the first failure (counted once)
run() {
    local name=$1 st=0
    shift
    "$@" >"$OUT/last.txt" 2>&1 || st=1
    { echo "== $name: $*"; cat "$OUT/last.txt"; } >>"$log"
    if [ $st -eq 0 ]; then ok "$name"; else bad "$name"; fi
    return $st
}
# run_fail NAME PATTERN CMD... : passes if the command FAILS and its output matches PATTERN
run_fail() {
    local name=$1 pat=$2
    shift 2
    if "$@" >"$OUT/last.txt" 2>&1; then
        echo "(compiled, but it must not)" >>"$OUT/last.txt"
        bad "$name"
    elif grep -q -- "$pat" "$OUT/last.txt"; then
        ok "$name"
    else
        echo "(failed, but without a message matching '$pat')" >>"$OUT/last.txt"
        bad "$name"
    fi
    { echo "== $name (must fail): $*"; cat "$OUT/last.txt"; } >>"$log"
}

compilers_c=("$CC")
compilers_cxx=("$CXX")
if [ "$CC" != clang ] && command -v clang >/dev/null 2>&1; then compilers_c+=(clang); fi
if [ "$CXX" != clang++ ] && command -v clang++ >/dev/null 2>&1; then compilers_cxx+=(clang++); fi

# 1. each header alone
for h in vyre.h vyre_cuda.h vyre_ocl.h; do
    for cc in "${compilers_c[@]}"; do
        for std in c99 c11; do
            run "$h alone, $cc -std=$std" $cc -std=$std $W -I. "-DHEADER=\"$h\"" -fsyntax-only $SRC/decl_only.c
        done
    done
    for cxx in "${compilers_cxx[@]}"; do
        run "$h alone, $cxx -std=c++17" $cxx -x c++ -std=c++17 $W -I. "-DHEADER=\"$h\"" -fsyntax-only $SRC/decl_only.c
    done
done

# 2. implementation in one of two translation units
two_tu() { # name compiler-impl lang-impl compiler-user lang-user linker
    local name=$1 ci=$2 li=$3 cu=$4 lu=$5 ld=$6 d="$OUT/$1"
    mkdir -p "$d"
    run "two TUs $name: impl" $ci $li $W -I. -c $SRC/tu_impl.c -o "$d/impl.o" &&
        run "two TUs $name: user" $cu $lu $W -I. -c $SRC/tu_user.c -o "$d/user.o" &&
        run "two TUs $name: link" $ld "$d/impl.o" "$d/user.o" -o "$d/prog" $LIBS &&
        run "two TUs $name: run" "$d/prog"
}
for cc in "${compilers_c[@]}"; do
    two_tu "$cc-c99" $cc "-std=c99" $cc "-std=c99" $cc
    two_tu "$cc-c11" $cc "-std=c11" $cc "-std=c11" $cc
done
for cxx in "${compilers_cxx[@]}"; do
    two_tu "$cxx-cxx17" $cxx "-x c++ -std=c++17" $cxx "-x c++ -std=c++17" $cxx
done
two_tu "cxx-impl-c-user" "$CXX" "-x c++ -std=c++17" "$CC" "-std=c99" "$CXX"

# 2b. optional parts compiled out (vyre.h OPTIONAL PARTS): every VYRE_NO_* at once, and each alone
NO_ALL="-DVYRE_NO_REGEX -DVYRE_NO_RULES -DVYRE_NO_RING -DVYRE_NO_INGEST -DVYRE_NO_MULTI -DVYRE_NO_THREADS -DVYRE_NO_SIMD"
for h in vyre.h vyre_cuda.h vyre_ocl.h; do
    run "$h alone, all VYRE_NO_*" $CC -std=c99 $W -I. $NO_ALL "-DHEADER=\"$h\"" -fsyntax-only $SRC/decl_only.c
    run "$h alone, all VYRE_NO_*, C++17" $CXX -x c++ -std=c++17 $W -I. $NO_ALL "-DHEADER=\"$h\"" -fsyntax-only $SRC/decl_only.c
done
for no in "$NO_ALL" -DVYRE_NO_REGEX -DVYRE_NO_RULES -DVYRE_NO_RING -DVYRE_NO_INGEST -DVYRE_NO_MULTI; do
    tag=$(echo "$no" | tr -d ' -' | tr 'A-Z' 'a-z' | cut -c1-40)
    d="$OUT/no-$tag"
    mkdir -p "$d"
    run "two TUs with $no: impl" $CC -std=c99 $W -I. $no -c $SRC/tu_impl.c -o "$d/impl.o" &&
        run "two TUs with $no: user" $CC -std=c99 $W -I. $no -c $SRC/tu_user.c -o "$d/user.o" &&
        run "two TUs with $no: link" $CC "$d/impl.o" "$d/user.o" -o "$d/prog" $LIBS &&
        run "two TUs with $no: run" "$d/prog"
done

# 3. VYRE_STATIC: two units, each with its own static copy, in one program
for cc in "${compilers_c[@]}"; do
    d="$OUT/static-$cc"
    mkdir -p "$d"
    run "VYRE_STATIC $cc: unit a" $cc -std=c99 $W -I. -DSTATIC_FN=static_a -c $SRC/static_one.c -o "$d/a.o" &&
        run "VYRE_STATIC $cc: unit b" $cc -std=c99 $W -I. -DSTATIC_FN=static_b -c $SRC/static_one.c -o "$d/b.o" &&
        run "VYRE_STATIC $cc: link" $cc -std=c99 "$d/a.o" "$d/b.o" $SRC/static_main.c -o "$d/prog" $LIBS &&
        run "VYRE_STATIC $cc: run" "$d/prog"
done
d="$OUT/static-cxx"
mkdir -p "$d"
run "VYRE_STATIC C++17" $CXX -x c++ -std=c++17 $W -I. -DSTATIC_FN=static_a -c $SRC/static_one.c -o "$d/a.o"

# 3b. user code calling the API with small buffers at -O2 in the implementation file
for cc in "${compilers_c[@]}"; do
    run "vyre_error_format small buffer, $cc -O2" $cc -std=c99 -O2 $W -I. $SRC/error_format_small.c \
        -o "$OUT/error_format_small" $LIBS
done

# 3c. the work ring (>>ring): C99 uses the __atomic builtins, C11 <stdatomic.h>,
# C++17 the builtins; VYRE_NO_RING leaves it out
for cc in "${compilers_c[@]}"; do
    for std in c99 c11; do
        want=gnu-builtins
        [ $std = c11 ] && want=stdatomic
        run "ring $cc -std=$std: compile" $cc -std=$std $W -I. $SRC/ring_use.c -o "$OUT/ring-$cc-$std" $LIBS &&
            run "ring $cc -std=$std: runs with $want atomics" sh -c "'$OUT/ring-$cc-$std' | grep -qx 'ring atomics: $want'"
    done
    run "VYRE_NO_RING $cc" $cc -std=c99 $W -I. $SRC/no_ring.c -o "$OUT/no-ring-$cc" $LIBS && run "VYRE_NO_RING $cc: run" "$OUT/no-ring-$cc"
    run "VYRE_NO_RING $cc: with the CUDA and OpenCL implementations" $cc -std=c99 $W -I. -DVYRE_NO_RING -c $SRC/tu_impl.c -o "$OUT/no-ring-gpu-$cc.o"
done
for cxx in "${compilers_cxx[@]}"; do
    run "ring $cxx -std=c++17" $cxx -x c++ -std=c++17 $W -I. $SRC/ring_use.c -o "$OUT/ring-cxx" $LIBS &&
        run "ring $cxx -std=c++17: runs" sh -c "'$OUT/ring-cxx' | grep -qx 'ring atomics: gnu-builtins'"
done

# 3d. the CUDA kernels (with the persistent ring consumer) to sm_90 PTX, where nvcc is installed
if command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; then
    run "kernels.inc to sm_90 PTX (nvcc, incl. vyre_ring_consume)" sh scripts/ring_ptx_check.sh "$OUT/ptx"
fi

# 3e. VYRE_NO_REGEX compiles the regex chapters out (declarations and implementation)
for cc in "${compilers_c[@]}"; do
    run "VYRE_NO_REGEX, $cc" $cc -std=c99 $W -I. -DVYRE_NO_REGEX -c $SRC/tu_impl.c -o "$OUT/no_regex.o" &&
        run_fail "VYRE_NO_REGEX hides vyre_regex_set_compile, $cc" "vyre_regex_set_compile" \
            $cc -std=c99 $W -I. -DVYRE_NO_REGEX -DVT_USE_REGEX -c $SRC/no_regex_user.c -o "$OUT/no_regex_user.o"
done
run "VYRE_NO_REGEX, C++17" $CXX -x c++ -std=c++17 $W -I. -DVYRE_NO_REGEX -c $SRC/tu_impl.c -o "$OUT/no_regex_cxx.o"

# 4. VYRE_MALLOC/REALLOC/FREE: all or none
run "VYRE_MALLOC all three: compile" $CC -std=c99 $W -I. $SRC/malloc_all.c -o "$OUT/malloc_all" $LIBS &&
    run "VYRE_MALLOC all three: used" "$OUT/malloc_all"
for v in ONLY_MALLOC ONLY_MALLOC_FREE ONLY_REALLOC; do
    run_fail "VYRE_MALLOC partial ($v) must not compile" "VYRE_MALLOC" \
        $CC -std=c99 $W -I. -D$v -c $SRC/malloc_some.c -o "$OUT/malloc_some.o"
done

# 5. the README's minimal example: compiles strictly and prints exactly what the README shows
if [ -f examples/minimal.c ]; then
    printf '%s\n' "pattern 2 at [11, 14): KEY" "pattern 0 at [15, 19): AKIA" "pattern 1 at [38, 44): Secret" \
        >"$OUT/minimal.expected"
    for cc in "${compilers_c[@]}"; do
        run "examples/minimal.c, $cc" $cc -std=c99 $W -I. examples/minimal.c -o "$OUT/minimal-$cc" -lpthread -lm &&
            run "examples/minimal.c, $cc: output" sh -c "'$OUT/minimal-$cc' >'$OUT/minimal.out' && diff -u '$OUT/minimal.expected' '$OUT/minimal.out'"
    done
else
    echo "MISSING: examples/minimal.c"
    fail=$((fail + 1))
fi

echo "(compile log: $log)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
