/* bench/read_ceiling.c - the page-cache read ceiling of a tree: N threads
   pread() every regular file (walked like `vyre scan`: sorted, no symbolic
   links) into per-thread 16 MiB buffers; nothing is scanned. Prints
   "files bytes seconds GB/s".

       cc -O2 -pthread bench/read_ceiling.c -o build/read_ceiling
       build/read_ceiling THREADS PATH... */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char **paths;
static size_t npaths, cap;
static size_t next_i;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t total;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void add(const char *p) {
    if (npaths == cap) { cap = cap ? cap * 2 : 1024; paths = realloc(paths, cap * sizeof *paths); }
    paths[npaths++] = strdup(p);
}
static void walk(const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) return;
    if (S_ISREG(st.st_mode)) { add(p); return; }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(p);
        struct dirent *de;
        char **names = NULL;
        size_t n = 0, c = 0, i, pl = strlen(p);
        if (!d) return;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            if (n == c) { c = c ? c * 2 : 32; names = realloc(names, c * sizeof *names); }
            names[n++] = strdup(de->d_name);
        }
        closedir(d);
        if (n) qsort(names, n, sizeof *names, cmp);
        for (i = 0; i < n; i++) {
            char *q = malloc(pl + strlen(names[i]) + 2);
            sprintf(q, (pl && p[pl - 1] == '/') ? "%s%s" : "%s/%s", p, names[i]);
            walk(q);
            free(q);
            free(names[i]);
        }
        free(names);
    }
}
static void *reader(void *arg) {
    size_t bufsz = (size_t)16 << 20;
    char *buf = malloc(bufsz);
    uint64_t mine = 0;
    (void)arg;
    for (;;) {
        size_t i;
        int fd;
        off_t off = 0;
        pthread_mutex_lock(&mu);
        i = next_i++;
        pthread_mutex_unlock(&mu);
        if (i >= npaths) break;
        fd = open(paths[i], O_RDONLY);
        if (fd < 0) continue;
        for (;;) {
            ssize_t k = pread(fd, buf, bufsz, off);
            if (k <= 0) break;
            off += k;
            mine += (uint64_t)k;
        }
        close(fd);
    }
    pthread_mutex_lock(&mu);
    total += mine;
    pthread_mutex_unlock(&mu);
    free(buf);
    return NULL;
}
int main(int argc, char **argv) {
    int t, i, n;
    pthread_t th[512];
    struct timespec a, b;
    double s;
    if (argc < 3) { fprintf(stderr, "usage: read_ceiling THREADS PATH...\n"); return 2; }
    n = atoi(argv[1]);
    if (n < 1 || n > 512) n = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (i = 2; i < argc; i++) walk(argv[i]);
    for (t = 0; t < n; t++) pthread_create(&th[t], NULL, reader, NULL);
    for (t = 0; t < n; t++) pthread_join(th[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%lu %llu %.4f %.3f\n", (unsigned long)npaths, (unsigned long long)total, s, s > 0 ? (double)total / s / 1e9 : 0.0);
    return 0;
}
