#!/usr/bin/env bash
# How fast this machine faults in memory a process touches for the first time, in 4 KiB pages and in transparent
# huge pages (madvise), after the memory has been idle for a few seconds (what a new process, such as each run of a
# benchmark, mostly gets) and right after another process freed it. bin/ljuv's choice of page size for the heap
# rests on these figures (see the README, "The heap's pages").
#   bench/page-touch.sh [MB] [IDLE_SECONDS]            (defaults: 300 MB, 4 s)
set -euo pipefail
mb=${1:-300}; idle=${2:-4}
bin=${TMPDIR:-/tmp}/ljuv-page-touch
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
cat >"$src" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
int main(int argc, char **argv) {
    size_t n = (size_t) atoi(argv[1]) << 20;
    int huge = argc > 2;
    char *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    if (huge) madvise(p, n, MADV_HUGEPAGE);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (size_t i = 0; i < n; i += 4096) p[i] = 1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%-10s %zu MB first touched in %6.1f ms (%5.2f GB/s)\n", huge ? "huge" : "4 KiB", n >> 20, s * 1e3, n / s / 1e9);
    return 0;
}
C
cc -O2 -o "$bin" "$src"
echo "after ${idle} s idle:"
for i in 1 2 3; do sleep "$idle"; "$bin" "$mb"; sleep "$idle"; "$bin" "$mb" huge; done
echo "right after the same amount was freed:"
for i in 1 2 3; do "$bin" "$mb"; "$bin" "$mb" huge; done
