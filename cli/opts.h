/* cli/opts.h - the option table of `vyre scan` and a small parser for it.

   Single file, C99. Define CLI_OPTS_IMPLEMENTATION in one translation unit.

   Each option has an id, an optional short letter and up to three long
   names (aliases). Short options cluster (-il), take a value attached or
   as the next argument (-fFILE, -f FILE); long options take --name=VALUE
   or --name VALUE (an optional value only as --name=VALUE). "--" ends the
   options; "-" is a PATH. A misspelt option gets the nearest long name
   (Damerau-Levenshtein distance, at most 2 and under half the length). */
#ifndef CLI_OPTS_H
#define CLI_OPTS_H
#include <stddef.h>

enum { OPT_NONE = 0, OPT_REQ = 1, OPT_OPTIONAL = 2 };

typedef struct cli_opt {
    int id;
    char short_name;          /* 0: none */
    const char *names[3];     /* long names, NULL-terminated short list */
    int arg;                  /* OPT_NONE, OPT_REQ, OPT_OPTIONAL */
} cli_opt;

typedef struct cli_optparse {
    const cli_opt *opts;
    size_t nopts;
    int argc;
    char **argv;
    int i;              /* next argv index */
    const char *cluster; /* rest of a short-option cluster */
    int no_more;
    char opt_text[64];  /* the option as written, for messages ("-f", "--file") */
    char err[512];      /* message when cli_opt_next returns -1 */
} cli_optparse;

void cli_opt_init(cli_optparse *p, const cli_opt *opts, size_t nopts, int argc, char **argv);
/* Returns an option id (>0) with *val set (or NULL), 0 for a positional
   argument in *val, -2 at the end, -1 on an error (message in p->err). */
int cli_opt_next(cli_optparse *p, const char **val);
/* Nearest of `cands` (NULL-terminated) to `word`, or NULL. */
const char *cli_nearest(const char *word, const char *const *cands);

#endif /* CLI_OPTS_H */

#ifdef CLI_OPTS_IMPLEMENTATION
#include <stdio.h>
#include <string.h>

static size_t cli__dl(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t d[40][40];
    if (la > 38 || lb > 38) return 99;
    for (i = 0; i <= la; i++) d[i][0] = i;
    for (j = 0; j <= lb; j++) d[0][j] = j;
    for (i = 1; i <= la; i++)
        for (j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1, v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

const char *cli_nearest(const char *word, const char *const *cands) {
    const char *best = NULL;
    size_t bd = 99, wl = strlen(word);
    for (; *cands; cands++) {
        size_t dd = cli__dl(word, *cands);
        /* a prefix of a long name (--files-with for --files-with-matches) also counts */
        if (wl >= 3 && strncmp(*cands, word, wl) == 0 && dd > 1) dd = 1;
        if (dd < bd) { bd = dd; best = *cands; }
    }
    if (best && bd <= 2 && bd * 2 < (wl > strlen(best) ? wl : strlen(best))) return best;
    return NULL;
}

void cli_opt_init(cli_optparse *p, const cli_opt *opts, size_t nopts, int argc, char **argv) {
    memset(p, 0, sizeof *p);
    p->opts = opts;
    p->nopts = nopts;
    p->argc = argc;
    p->argv = argv;
}

static void cli__suggest_long(cli_optparse *p, const char *name, size_t nl) {
    const char *cands[256];
    char word[64];
    size_t k = 0, i, j;
    const char *best;
    for (i = 0; i < p->nopts && k < 250; i++)
        for (j = 0; j < 3 && p->opts[i].names[j]; j++) cands[k++] = p->opts[i].names[j];
    cands[k] = NULL;
    if (nl >= sizeof word) nl = sizeof word - 1;
    memcpy(word, name, nl);
    word[nl] = 0;
    best = cli_nearest(word, cands);
    if (best)
        snprintf(p->err, sizeof p->err, "unknown option '--%s'. Fix: did you mean '--%s'? (see `vyre scan --help`)", word, best);
    else
        snprintf(p->err, sizeof p->err, "unknown option '--%s'. Fix: see `vyre scan --help` for the options.", word);
}

int cli_opt_next(cli_optparse *p, const char **val) {
    const char *a;
    size_t i, j;
    *val = NULL;
    if (p->cluster && *p->cluster) {
        char ch = *p->cluster++;
        for (i = 0; i < p->nopts; i++)
            if (p->opts[i].short_name == ch) break;
        snprintf(p->opt_text, sizeof p->opt_text, "-%c", ch);
        if (i == p->nopts) {
            snprintf(p->err, sizeof p->err, "unknown option '-%c'. Fix: see `vyre scan --help` for the options.", ch);
            return -1;
        }
        if (p->opts[i].arg == OPT_REQ) {
            if (*p->cluster) { *val = p->cluster; p->cluster = NULL; }
            else if (p->i < p->argc) *val = p->argv[p->i++];
            else {
                snprintf(p->err, sizeof p->err, "option '-%c' needs a value. Fix: write -%c VALUE (see `vyre scan --help`).", ch, ch);
                return -1;
            }
        }
        return p->opts[i].id;
    }
    if (p->i >= p->argc) return -2;
    a = p->argv[p->i++];
    if (p->no_more || a[0] != '-' || a[1] == 0) { *val = a; return 0; }
    if (strcmp(a, "--") == 0) {
        p->no_more = 1;
        return cli_opt_next(p, val);
    }
    if (a[1] == '-') {
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        for (i = 0; i < p->nopts; i++)
            for (j = 0; j < 3 && p->opts[i].names[j]; j++)
                if (strlen(p->opts[i].names[j]) == nl && strncmp(p->opts[i].names[j], name, nl) == 0) goto found;
        cli__suggest_long(p, name, nl);
        return -1;
    found:
        snprintf(p->opt_text, sizeof p->opt_text, "--%.*s", (int)(nl < 60 ? nl : 60), name);
        if (p->opts[i].arg == OPT_NONE && eq) {
            snprintf(p->err, sizeof p->err, "option '%s' takes no value. Fix: remove the '=...' part.", p->opt_text);
            return -1;
        }
        if (eq) *val = eq + 1;
        else if (p->opts[i].arg == OPT_REQ) {
            if (p->i < p->argc) *val = p->argv[p->i++];
            else {
                snprintf(p->err, sizeof p->err, "option '%s' needs a value. Fix: write %s=VALUE (see `vyre scan --help`).",
                         p->opt_text, p->opt_text);
                return -1;
            }
        }
        return p->opts[i].id;
    }
    p->cluster = a + 1;
    return cli_opt_next(p, val);
}
#endif /* CLI_OPTS_IMPLEMENTATION */
