/*
 * floor.h - what the C floors (syscall_floor.c, close_floor.c) share: the clock, the median's
 * sort order, and how a failed setup call ends the run.
 */
#ifndef SOCKOPT4J_FLOOR_H
#define SOCKOPT4J_FLOOR_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROUNDS 5

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

#endif
