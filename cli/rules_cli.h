/* cli/rules_cli.h - `vyre scan --rules FILE|default [options] PATH...`:
   secret scanning with gitleaks rule files (vyre.h >>rules, docs/rules.md).
   Reports as gitleaks does in files mode: text, --report-format=json
   (gitleaks' Finding fields), --report-format=sarif (SARIF 2.1.0 as
   gitleaks' report/sarif.go writes it); --report-path FILE (default
   standard output); --redact; --max-decode-depth N (gitleaks' decoding
   passes, default 5 as gitleaks). Empty files are skipped (gitleaks' file
   source skips them). Exit 1 when leaks are found, 0 when none,
   2 on errors (gitleaks' convention). Included by cli/vyre.c. */
#ifndef VYRE_RULES_CLI_H
#define VYRE_RULES_CLI_H
#include <dirent.h>
#include <sys/stat.h>

#ifdef VYRE_RULES_DEFAULT_INC
static const unsigned char rc_default_rules[] = {
#include VYRE_RULES_DEFAULT_INC
};
#endif

/* true if the scan arguments ask for rule-file scanning */
static int rules_cli_wants(int argc, char **argv) {
    int i;
    for (i = 0; i < argc; i++) if (strncmp(argv[i], "--rules", 7) == 0 && (argv[i][7] == 0 || argv[i][7] == '=')) return 1;
    return 0;
}
typedef struct rc_find { vyre_rules_finding f; char *file; char *match, *secret; } rc_find;
typedef struct rc_state {
    const vyre_rules *R; int redact; rc_find *v; size_t n, cap; int oom; const char *file; const uint8_t *data;
} rc_state;
static char *rc_dup(const void *p, size_t n) { char *d = (char *)malloc(n + 1); if (d) { memcpy(d, p, n); d[n] = 0; } return d; }
static int rc_on(const vyre_rules_finding *f, void *u) {
    rc_state *s = (rc_state *)u; rc_find *x;
    if (s->n == s->cap) { size_t nc = s->cap ? s->cap * 2 : 64; rc_find *v = (rc_find *)realloc(s->v, nc * sizeof *v); if (!v) { s->oom = 1; return 1; } s->v = v; s->cap = nc; }
    x = &s->v[s->n++];
    x->f = *f; x->file = rc_dup(s->file, strlen(s->file));
    if (f->path_only) {
        size_t L = strlen(s->file); x->match = (char *)malloc(L + 17);
        if (x->match) { memcpy(x->match, "file detected: ", 15); memcpy(x->match + 15, s->file, L + 1); }
        x->secret = rc_dup("", 0);
    } else {
        x->match = rc_dup(f->match, f->match_len); /* gitleaks' Match: the trimmed match text (decoded text for decoded findings) */
        x->secret = rc_dup(f->secret, f->secret_len);
    }
    x->f.match = x->f.secret = NULL; x->f.required = NULL; /* valid during the callback only */
    if (!x->file || !x->match || !x->secret) s->oom = 1;
    return 0;
}
/* Finding.Redact(100): secret -> REDACTED in Match and Secret */
static void rc_redact(rc_find *x) {
    size_t sl = strlen(x->secret), ml = strlen(x->match), o = 0, i; char *m;
    if (!sl) { free(x->secret); x->secret = rc_dup("REDACTED", 8); return; }
    m = (char *)malloc(ml * 8 / (sl ? sl : 1) + ml + 16);
    if (!m) return;
    for (i = 0; i < ml;) {
        if (i + sl <= ml && memcmp(x->match + i, x->secret, sl) == 0) { memcpy(m + o, "REDACTED", 8); o += 8; i += sl; }
        else m[o++] = x->match[i++];
    }
    m[o] = 0; free(x->match); x->match = m;
    free(x->secret); x->secret = rc_dup("REDACTED", 8);
}
static int rc_read(const char *path, uint8_t **out, size_t *len) {
    FILE *f = fopen(path, "rb"); uint8_t *b = NULL; size_t n = 0, cap = 0, got; struct stat st;
    if (!f) return 1;
    /* sized from fstat (+64 KiB, so EOF is seen without growing); a file that grows while read still grows the buffer */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < (uint64_t)SIZE_MAX / 2) {
        cap = (size_t)st.st_size + 65536;
        if (!(b = (uint8_t *)malloc(cap))) { fclose(f); return 1; }
    }
    for (;;) {
        if (n + 65536 > cap) { size_t nc = cap ? cap * 2 : 131072; uint8_t *q = (uint8_t *)realloc(b, nc); if (!q) { free(b); fclose(f); return 1; } b = q; cap = nc; }
        got = fread(b + n, 1, cap - n, f); n += got;
        if (got == 0) break;
    }
    if (ferror(f)) { free(b); fclose(f); return 1; }
    fclose(f); *out = b; *len = n; return 0;
}
/* The walk: regular files in the order the directories list them (symbolic links not followed, .git
   skipped, empty files skipped as gitleaks' file source does); errors go to stderr as they are met. */
typedef struct rc_files { char **p; uint64_t *size; size_t n, cap; int oom; } rc_files;
static void rc_add_file(rc_files *F, const char *path, uint64_t size) {
    char *d;
    if (F->n == F->cap) {
        size_t nc = F->cap ? F->cap * 2 : 256; char **v = (char **)realloc(F->p, nc * sizeof *v); uint64_t *z;
        if (!v) { F->oom = 1; return; }
        F->p = v;
        if (!(z = (uint64_t *)realloc(F->size, nc * sizeof *z))) { F->oom = 1; return; }
        F->size = z; F->cap = nc;
    }
    d = rc_dup(path, strlen(path));
    if (!d) { F->oom = 1; return; }
    F->size[F->n] = size;
    F->p[F->n++] = d;
}
static void rc_walk(rc_files *F, const char *path, int *errors) {
    struct stat st;
    if (lstat(path, &st) != 0) { fprintf(stderr, "vyre: cannot stat '%s': %s. Fix: check the path.\n", path, strerror(errno)); (*errors)++; return; }
    if (S_ISLNK(st.st_mode)) return; /* gitleaks does not follow symlinks by default */
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path); struct dirent *e; char **names = NULL; size_t nn = 0, i;
        if (!d) { fprintf(stderr, "vyre: cannot open directory '%s': %s. Fix: check permissions.\n", path, strerror(errno)); (*errors)++; return; }
        while ((e = readdir(d)) != NULL) {
            char **v; size_t L;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || strcmp(e->d_name, ".git") == 0) continue;
            v = (char **)realloc(names, (nn + 1) * sizeof *v); if (!v) { F->oom = 1; break; } names = v;
            L = strlen(path) + strlen(e->d_name) + 2; names[nn] = (char *)malloc(L);
            if (!names[nn]) { F->oom = 1; break; }
            if (strcmp(path, ".") == 0) snprintf(names[nn], L, "%s", e->d_name);
            else snprintf(names[nn], L, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
            nn++;
        }
        closedir(d);
        for (i = 0; i < nn; i++) { rc_walk(F, names[i], errors); free(names[i]); }
        free(names);
        return;
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) rc_add_file(F, path, (uint64_t)st.st_size);
}
/* the bytes of files read at once (each file is scanned whole, as gitleaks does): peak memory is about
   this plus the largest file, plus the findings, whatever the number of files or threads */
#define RC_MEM_BUDGET ((uint64_t)1 << 30)   /* the default; VYRE_CLI_RULES_MEM sets it */
/* One file's scan, done by any worker: its findings and its error (reported in walk order). */
typedef struct rc_one { rc_state s; char *err; } rc_one;
typedef struct rc_pool {
    const vyre_rules *R; int redact; const rc_files *F; rc_one *out;
    size_t *order;                 /* the files by decreasing size: the largest start first, so no big file is the tail */
    pthread_mutex_t mu; size_t next, last;  /* the files still to take: order[next .. last) */
    pthread_cond_t cv; uint64_t inflight, budget; /* bytes of the files being scanned: at most budget, or one file */
} rc_pool;
static void rc_scan_one(const vyre_rules *R, const char *path, rc_one *o) {
    uint8_t *data = NULL; size_t len = 0; vyre_error err; vyre_result r; char b[1200];
    o->s.R = R; o->s.file = path;
    if (rc_read(path, &data, &len)) {
        snprintf(b, sizeof b, "vyre: cannot read '%s': %s. Fix: check permissions.\n", path, strerror(errno));
        o->err = rc_dup(b, strlen(b)); return;
    }
    o->s.data = data;
    r = vyre_rules_scan(R, data, len, path, rc_on, &o->s, &err);
    if (r != VYRE_OK) { char e[1024]; snprintf(b, sizeof b, "vyre: %s: %s\n", path, vyre_error_format(&err, e, sizeof e)); o->err = rc_dup(b, strlen(b)); }
    o->s.data = NULL;
    free(data);
}
static void *rc_worker(void *u) {
    rc_pool *P = (rc_pool *)u;
    for (;;) {
        size_t i; uint64_t z;
        /* memory stays bounded: files are read whole, and the files being scanned hold at most
           RC_MEM_BUDGET bytes (one file alone may exceed it). The largest files go first (no big file
           is the tail); while the next large one does not fit, the smallest left runs instead, so the
           other threads keep working */
        pthread_mutex_lock(&P->mu);
        for (;;) {
            size_t lo = P->next, hi = P->last;
            if (lo >= hi) { pthread_mutex_unlock(&P->mu); return NULL; }
            i = P->order ? P->order[lo] : lo; z = P->F->size[i];
            if (!P->inflight || P->inflight + z <= P->budget) { P->next++; break; }
            i = P->order ? P->order[hi - 1] : hi - 1; z = P->F->size[i];
            if (P->inflight + z <= P->budget) { P->last--; break; }
            pthread_cond_wait(&P->cv, &P->mu);
        }
        P->inflight += z;
        pthread_mutex_unlock(&P->mu);
        rc_scan_one(P->R, P->F->p[i], &P->out[i]);
        pthread_mutex_lock(&P->mu);
        P->inflight -= z;
        pthread_cond_broadcast(&P->cv);
        pthread_mutex_unlock(&P->mu);
    }
}
static const uint64_t *rc_sizes; /* for rc_by_size (set on the main thread before the workers start) */
static int rc_by_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (rc_sizes[x] != rc_sizes[y]) return rc_sizes[x] > rc_sizes[y] ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
}
/* scan every file on `threads` threads (the rules object is immutable: vyre_rules_scan runs on any
   thread), then gather findings and errors in walk order, so the report does not depend on timing */
static void rc_scan_files(rc_state *s, const rc_files *F, unsigned threads, uint64_t budget, int *errors) {
    rc_pool P; pthread_t th[256]; unsigned t, started = 0; size_t i, k;
    if (!F->n) return;
    memset(&P, 0, sizeof P);
    P.R = s->R; P.F = F;
    P.out = (rc_one *)calloc(F->n, sizeof *P.out);
    if (!P.out) { s->oom = 1; return; }
    pthread_mutex_init(&P.mu, NULL);
    pthread_cond_init(&P.cv, NULL);
    P.last = F->n; P.budget = budget;
    if (threads > F->n) threads = (unsigned)F->n;
    if (threads > 1 && (P.order = (size_t *)malloc(F->n * sizeof *P.order)) != NULL) {
        rc_sizes = F->size;
        for (i = 0; i < F->n; i++) P.order[i] = i;
        qsort(P.order, F->n, sizeof *P.order, rc_by_size); /* results are still gathered in walk order below */
    }
    for (t = 1; t < threads; t++) if (pthread_create(&th[started], NULL, rc_worker, &P) == 0) started++;
    rc_worker(&P);
    for (t = 0; t < started; t++) pthread_join(th[t], NULL);
    pthread_mutex_destroy(&P.mu);
    pthread_cond_destroy(&P.cv);
    free(P.order);
    for (i = 0; i < F->n; i++) {
        rc_one *o = &P.out[i];
        if (o->err) { fputs(o->err, stderr); (*errors)++; free(o->err); }
        if (o->s.oom) s->oom = 1;
        if (o->s.n && s->n + o->s.n > s->cap) {
            size_t nc = s->cap ? s->cap : 64; rc_find *v;
            while (nc < s->n + o->s.n) nc *= 2;
            v = (rc_find *)realloc(s->v, nc * sizeof *v);
            if (!v) { s->oom = 1; for (k = 0; k < o->s.n; k++) { free(o->s.v[k].file); free(o->s.v[k].match); free(o->s.v[k].secret); } free(o->s.v); continue; }
            s->v = v; s->cap = nc;
        }
        if (o->s.n) memcpy(s->v + s->n, o->s.v, o->s.n * sizeof *o->s.v);
        s->n += o->s.n;
        free(o->s.v);
    }
    free(P.out);
}
/* a JSON string as Go's encoding/json writes it (HTML-escaped, invalid UTF-8 as \ufffd) */
static void rc_json_str(FILE *o, const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', o);
    while (*p) {
        unsigned char c = *p;
        if (c == '"' ) { fputs("\\\"", o); p++; }
        else if (c == '\\') { fputs("\\\\", o); p++; }
        else if (c == '\n') { fputs("\\n", o); p++; }
        else if (c == '\r') { fputs("\\r", o); p++; }
        else if (c == '\t') { fputs("\\t", o); p++; }
        else if (c < 0x20 || c == '<' || c == '>' || c == '&') { fprintf(o, "\\u%04x", c); p++; }
        else if (c < 0x80) { fputc(c, o); p++; }
        else {
            int l = 0; uint32_t cp = 0;
            if (c >= 0xC2 && c <= 0xDF && (p[1] & 0xC0) == 0x80) { l = 2; cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F); }
            else if (c >= 0xE0 && c <= 0xEF && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) { cp = ((uint32_t)(c & 0xF) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F); if (cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF)) l = 3; }
            else if (c >= 0xF0 && c <= 0xF4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) { cp = ((uint32_t)(c & 7) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F); if (cp >= 0x10000 && cp <= 0x10FFFF) l = 4; }
            if (!l) { fputs("\\ufffd", o); p++; }
            else if (cp == 0x2028 || cp == 0x2029) { fprintf(o, "\\u%04x", cp); p += l; }
            else { fwrite(p, 1, (size_t)l, o); p += l; }
        }
    }
    fputc('"', o);
}
/* float32 as Go's encoding/json: the shortest decimal that reads back as the same float32 */
static void rc_json_f32(FILE *o, double d) {
    float f = (float)d; char b[64]; int p;
    for (p = 0; p < 20; p++) { snprintf(b, sizeof b, "%.*f", p, (double)f); if ((float)strtod(b, NULL) == f) break; }
    fputs(b, o);
}
/* the rule's tags, then the decoding tags gitleaks appends ("decoded:KIND"..., "decode-depth:N") */
static void rc_tags(FILE *o, const vyre_rule_info *ri, const vyre_rules_finding *f, const char *ind) {
    static const char *kinds[4] = { "decoded:percent", "decoded:unicode", "decoded:hex", "decoded:base64" };
    const char *v[64]; char depth[32]; uint32_t t, n = 0;
    for (t = 0; t < ri->tag_count && n < 58; t++) v[n++] = ri->tags[t];
    if (f->decode_depth) {
        for (t = 0; t < 4; t++) if (f->decoded & (1u << t)) v[n++] = kinds[t];
        snprintf(depth, sizeof depth, "decode-depth:%u", f->decode_depth); v[n++] = depth;
    }
    if (!n) { fputs("[]", o); return; }
    fputs("[\n", o);
    for (t = 0; t < n; t++) { fprintf(o, "%s ", ind); rc_json_str(o, v[t]); fputs(t + 1 < n ? ",\n" : "\n", o); }
    fprintf(o, "%s]", ind);
}
static void rc_write_json(FILE *o, const rc_state *s) {
    size_t k;
    if (!s->n) { fputs("[]\n", o); return; }
    fputs("[\n", o);
    for (k = 0; k < s->n; k++) {
        const rc_find *x = &s->v[k]; vyre_rule_info ri; char fp[64];
        vyre_rules_rule(s->R, x->f.rule, &ri);
        fputs(" {\n  \"RuleID\": ", o); rc_json_str(o, ri.id);
        fputs(",\n  \"Description\": ", o); rc_json_str(o, ri.description);
        fprintf(o, ",\n  \"StartLine\": %llu,\n  \"EndLine\": %llu,\n  \"StartColumn\": %llu,\n  \"EndColumn\": %llu,\n  \"Match\": ",
                (unsigned long long)x->f.start_line, (unsigned long long)x->f.end_line, (unsigned long long)x->f.start_column, (unsigned long long)x->f.end_column);
        rc_json_str(o, x->match);
        fputs(",\n  \"Secret\": ", o); rc_json_str(o, x->secret);
        fputs(",\n  \"File\": ", o); rc_json_str(o, x->file);
        fputs(",\n  \"SymlinkFile\": \"\",\n  \"Commit\": \"\",\n  \"Entropy\": ", o); rc_json_f32(o, x->f.entropy);
        fputs(",\n  \"Author\": \"\",\n  \"Email\": \"\",\n  \"Date\": \"\",\n  \"Message\": \"\",\n  \"Tags\": ", o); rc_tags(o, &ri, &x->f, "  ");
        fputs(",\n  \"Fingerprint\": ", o);
        { size_t L = strlen(x->file) + strlen(ri.id) + 32; char *b = (char *)malloc(L); if (b) { snprintf(b, L, "%s:%s:%llu", x->file, ri.id, (unsigned long long)x->f.start_line); rc_json_str(o, b); free(b); } else fputs("\"\"", o); }
        (void)fp;
        fputs(k + 1 < s->n ? "\n },\n" : "\n }\n", o);
    }
    fputs("]\n", o);
}
static void rc_write_sarif(FILE *o, const rc_state *s) {
    uint32_t r, n = vyre_rules_count(s->R); size_t k;
    fputs("{\n \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n \"version\": \"2.1.0\",\n \"runs\": [\n  {\n   \"tool\": {\n    \"driver\": {\n"
          "     \"name\": \"gitleaks\",\n     \"semanticVersion\": \"v8.0.0\",\n     \"informationUri\": \"https://github.com/gitleaks/gitleaks\",\n     \"rules\": ", o);
    if (!n) fputs("[]", o); else fputs("[\n", o);
    for (r = 0; r < n; r++) {
        vyre_rule_info ri; vyre_rules_rule(s->R, r, &ri);
        fputs("      {\n       \"id\": ", o); rc_json_str(o, ri.id);
        fputs(",\n       \"shortDescription\": {\n        \"text\": ", o); rc_json_str(o, ri.description);
        fputs(r + 1 < n ? "\n       }\n      },\n" : "\n       }\n      }\n     ]", o);
    }
    fputs("\n    }\n   },\n   \"results\": ", o);
    if (!s->n) fputs("[]", o); else fputs("[\n", o);
    for (k = 0; k < s->n; k++) {
        const rc_find *x = &s->v[k]; vyre_rule_info ri; size_t L; char *msg;
        vyre_rules_rule(s->R, x->f.rule, &ri);
        L = strlen(ri.id) + strlen(x->file) + 64; msg = (char *)malloc(L);
        if (msg) snprintf(msg, L, "%s has detected secret for file %s.", ri.id, x->file);
        fputs("    {\n     \"message\": {\n      \"text\": ", o); rc_json_str(o, msg ? msg : ""); free(msg);
        fputs("\n     },\n     \"ruleId\": ", o); rc_json_str(o, ri.id);
        fputs(",\n     \"locations\": [\n      {\n       \"physicalLocation\": {\n        \"artifactLocation\": {\n         \"uri\": ", o); rc_json_str(o, x->file);
        fprintf(o, "\n        },\n        \"region\": {\n         \"startLine\": %llu,\n         \"startColumn\": %llu,\n         \"endLine\": %llu,\n         \"endColumn\": %llu,\n         \"snippet\": {\n          \"text\": ",
                (unsigned long long)x->f.start_line, (unsigned long long)x->f.start_column, (unsigned long long)x->f.end_line, (unsigned long long)x->f.end_column);
        rc_json_str(o, x->secret);
        fputs("\n         }\n        }\n       }\n      }\n     ],\n     \"partialFingerprints\": {\n      \"commitSha\": \"\",\n      \"email\": \"\",\n      \"author\": \"\",\n      \"date\": \"\",\n      \"commitMessage\": \"\"\n     },\n     \"properties\": {\n      \"tags\": ", o);
        rc_tags(o, &ri, &x->f, "      ");
        fputs(k + 1 < s->n ? "\n     }\n    },\n" : "\n     }\n    }\n   ]", o);
    }
    fputs("\n  }\n ]\n}\n", o);
}
static int rules_cli_main(int argc, char **argv) {
    const char *rules = NULL, *fmt = "text", *report = NULL, *depth = NULL; int redact = 0, i, errors = 0, npaths = 0; char **paths;
    unsigned long max_depth = VYRE_RULES_GITLEAKS_DECODE_DEPTH;
    uint8_t *text = NULL; size_t tlen = 0; vyre_rules *R = NULL; vyre_error err; vyre_rules_desc d; rc_state s; size_t k; FILE *o = stdout; vyre_result r;
    unsigned threads; uint64_t mem;
    {   /* worker threads: VYRE_CLI_THREADS as for the literal scan, default one per online CPU (at most 64) */
        const char *te = getenv("VYRE_CLI_THREADS"); char *e = NULL; long nc = sysconf(_SC_NPROCESSORS_ONLN); unsigned long v;
        threads = nc < 1 ? 1u : nc > 64 ? 64u : (unsigned)nc;
        if (te && *te) {
            errno = 0; v = strtoul(te, &e, 10);
            if (*e || errno || te[0] == '-' || v > 256) {
                fprintf(stderr, "vyre: VYRE_CLI_THREADS='%s' is not a thread count from 0 to 256. Fix: use e.g. VYRE_CLI_THREADS=4, or unset it.\n", te);
                return 2;
            }
            if (v) threads = (unsigned)v;
        }
    }
    {   /* VYRE_CLI_RULES_MEM: bytes of files held at once (suffix K, M, G), default 1G */
        const char *te = getenv("VYRE_CLI_RULES_MEM"); char *e = NULL; unsigned long long v; int sh = 0;
        mem = RC_MEM_BUDGET;
        if (te && *te) {
            errno = 0; v = strtoull(te, &e, 10);
            if (*e == 'K' || *e == 'k') { sh = 10; e++; } else if (*e == 'M' || *e == 'm') { sh = 20; e++; } else if (*e == 'G' || *e == 'g') { sh = 30; e++; }
            if (*e || errno || te[0] == '-' || !v || v > (1ull << (62 - sh))) {
                fprintf(stderr, "vyre: VYRE_CLI_RULES_MEM='%s' is not a size from 1 byte to 4 EiB. Fix: use e.g. VYRE_CLI_RULES_MEM=512M, or unset it (default 1G).\n", te);
                return 2;
            }
            mem = (uint64_t)v << sh;
        }
    }
    paths = (char **)calloc((size_t)argc + 1, sizeof *paths);
    if (!paths) return 2;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        #define RC_VAL(name) (strncmp(a, name "=", sizeof(name)) == 0 ? a + sizeof(name) : (strcmp(a, name) == 0 && i + 1 < argc) ? argv[++i] : NULL)
        if (strncmp(a, "--rules", 7) == 0 && (a[7] == 0 || a[7] == '=')) rules = RC_VAL("--rules");
        else if (strncmp(a, "--report-format", 15) == 0 && (a[15] == 0 || a[15] == '=')) fmt = RC_VAL("--report-format");
        else if (strncmp(a, "--report-path", 13) == 0 && (a[13] == 0 || a[13] == '=')) report = RC_VAL("--report-path");
        else if (strcmp(a, "--redact") == 0) redact = 1;
        else if (strncmp(a, "--max-decode-depth", 18) == 0 && (a[18] == 0 || a[18] == '=')) {
            char *e = NULL;
            depth = RC_VAL("--max-decode-depth");
            if (depth) { errno = 0; max_depth = strtoul(depth, &e, 10); }
            if (!depth || !*depth || *e || errno || depth[0] == '-' || max_depth > 1000000) {
                fprintf(stderr, "vyre: --max-decode-depth needs a number of decoding passes, got '%s'. Fix: e.g. --max-decode-depth 5 (gitleaks' default), 0 for none.\n", depth ? depth : "");
                free(paths); return 2;
            }
        }
        else if (a[0] == '-' && a[1]) { fprintf(stderr, "vyre: option '%s' is not supported with --rules. Fix: use --rules, --report-format=text|json|sarif, --report-path FILE, --redact, --max-decode-depth N and paths.\n", a); free(paths); return 2; }
        else paths[npaths++] = argv[i];
        #undef RC_VAL
    }
    if (!rules || !fmt || (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "sarif"))) {
        fprintf(stderr, "vyre: --rules needs FILE or 'default'; --report-format takes text, json or sarif. Fix: e.g. vyre scan --rules default --report-format=json DIR\n");
        free(paths); return 2;
    }
    if (!npaths) paths[npaths++] = (char *)".";
    memset(&d, 0, sizeof d);
    d.max_decode_depth = (uint32_t)max_depth;
#ifdef VYRE_RULES_DEFAULT_INC
    d.default_text = (const char *)rc_default_rules; d.default_len = sizeof rc_default_rules;
#endif
    if (strcmp(rules, "default") == 0) {
#ifdef VYRE_RULES_DEFAULT_INC
        r = vyre_rules_load_gitleaks((const char *)rc_default_rules, sizeof rc_default_rules, &d, &R, &err);
#else
        fprintf(stderr, "vyre: this build has no bundled rules. Fix: pass --rules rules/gitleaks.toml.\n"); free(paths); return 2;
#endif
    } else {
        if (rc_read(rules, &text, &tlen)) { fprintf(stderr, "vyre: cannot read rule file '%s'. Fix: check the path.\n", rules); free(paths); return 2; }
        d.config_path = rules;
        r = vyre_rules_load_gitleaks((const char *)text, tlen, &d, &R, &err);
        free(text);
    }
    if (r != VYRE_OK) { char b[1024]; fprintf(stderr, "vyre: %s: %s\n", rules, vyre_error_format(&err, b, sizeof b)); free(paths); return 2; }
    memset(&s, 0, sizeof s); s.R = R; s.redact = redact;
    {
        rc_files F; size_t j;
        memset(&F, 0, sizeof F);
        for (i = 0; i < npaths; i++) rc_walk(&F, paths[i], &errors);
        if (F.oom) s.oom = 1;
        rc_scan_files(&s, &F, threads, mem, &errors);
        for (j = 0; j < F.n; j++) free(F.p[j]);
        free(F.p); free(F.size);
    }
    free(paths);
    if (s.oom) { fprintf(stderr, "vyre: out of memory collecting findings.\n"); errors++; }
    if (redact) for (k = 0; k < s.n; k++) rc_redact(&s.v[k]);
    if (report && !(o = fopen(report, "w"))) { fprintf(stderr, "vyre: cannot write '%s'. Fix: check the directory.\n", report); vyre_rules_free(R); return 2; }
    if (strcmp(fmt, "json") == 0) rc_write_json(o, &s);
    else if (strcmp(fmt, "sarif") == 0) rc_write_sarif(o, &s);
    else for (k = 0; k < s.n; k++) {
        vyre_rule_info ri; vyre_rules_rule(R, s.v[k].f.rule, &ri);
        fprintf(o, "%s:%llu:%llu: %s: %s\n", s.v[k].file, (unsigned long long)s.v[k].f.start_line, (unsigned long long)s.v[k].f.start_column, ri.id, s.v[k].secret);
    }
    if (o != stdout) fclose(o);
    k = s.n;
    for (i = 0; i < (int)s.n; i++) { free(s.v[i].file); free(s.v[i].match); free(s.v[i].secret); }
    free(s.v);
    vyre_rules_free(R);
    if (errors) return 2;
    return k ? 1 : 0;
}
#endif
