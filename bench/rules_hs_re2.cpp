// bench/rules_hs_re2.cpp - the comparison point of the rule-scanning goal (issue 12):
// gitleaks' files-mode semantics implemented with a Hyperscan keyword prefilter
// (every distinct keyword, caseless literals, one block scan per pass text) and RE2
// confirmation (tests/rules_ref.h: matches, secret groups, entropy, generic dedupe,
// composite rules, the decoding passes), N threads over the files of a tree.
// Allowlists are not evaluated (cheap next to the regexes; the finding count is a
// superset of `vyre scan --rules`'s). The rule file is parsed with vyre's loader
// (configuration only; detection here uses no vyre code).
//   rules_hs_re2 [--threads N] [--depth D] [--rules FILE] PATH...
// Prints one line: files, bytes, findings, seconds, GB/s.
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "rules_ref.h"
#include <hs/hs.h>
#include <atomic>
#include <chrono>
#include <thread>
#include <ftw.h>
#include <sys/stat.h>

static std::vector<std::string> g_files;
static int walk_cb(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)f;
    if (type == FTW_D && strcmp(p + strlen(p) - 4 > p ? p + strlen(p) - 4 : p, ".git") == 0) return FTW_SKIP_SUBTREE;
    if (type == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0) g_files.push_back(p);   // empty files skipped as gitleaks does
    return FTW_CONTINUE;
}
struct KwCtx { hs_database_t *db; hs_scratch_t *scratch; const std::vector<std::vector<unsigned>> *kw_rules; const std::vector<Rule> *R; std::vector<char> *hit; };
static int on_kw(unsigned id, unsigned long long, unsigned long long, unsigned, void *u) { (*(std::vector<char> *)u)[id] = 1; return 0; }
static void kw_hook(const std::string &text, std::vector<char> &run, void *user) {
    KwCtx *k = (KwCtx *)user; std::vector<char> &hit = *k->hit;
    std::fill(hit.begin(), hit.end(), 0);
    if (!text.empty()) hs_scan(k->db, text.data(), (unsigned)text.size(), 0, k->scratch, on_kw, &hit);
    for (unsigned r = 0; r < k->R->size(); r++) run[r] = (*k->R)[r].kw.empty();
    for (size_t w = 0; w < hit.size(); w++) if (hit[w]) for (unsigned r : (*k->kw_rules)[w]) run[r] = 1;
}
int main(int argc, char **argv) {
    int threads = 16, depth = (int)VYRE_RULES_GITLEAKS_DECODE_DEPTH; const char *rules = "rules/gitleaks.toml"; std::vector<const char *> paths;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--depth") && i + 1 < argc) depth = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc) rules = argv[++i];
        else paths.push_back(argv[i]);
    }
    FILE *fp = fopen(rules, "rb"); if (!fp) { fprintf(stderr, "rules_hs_re2: cannot read %s\n", rules); return 2; }
    std::string text; char buf[65536]; size_t n; while ((n = fread(buf, 1, sizeof buf, fp)) > 0) text.append(buf, n); fclose(fp);
    vyre_rules *VR = nullptr; vyre_error err;
    if (vyre_rules_load_gitleaks(text.data(), text.size(), nullptr, &VR, &err) != VYRE_OK) { fprintf(stderr, "rules_hs_re2: %s\n", err.message); return 2; }
    std::vector<Rule> R(vyre_rules_count(VR)); std::vector<std::string> kws; std::map<std::string, unsigned> kwid; std::vector<std::vector<unsigned>> kw_rules;
    for (unsigned k = 0; k < R.size(); k++) {
        vyre_rule_info ri; vyre_rules_rule(VR, k, &ri);
        R[k].id = ri.id; R[k].sg = ri.secret_group; R[k].ent = ri.entropy;
        for (unsigned w = 0; w < ri.keyword_count; w++) {
            std::string kw = ri.keywords[w]; R[k].kw.push_back(kw);
            if (kw.empty()) continue;
            auto it = kwid.find(kw);
            if (it == kwid.end()) { kwid[kw] = (unsigned)kws.size(); kws.push_back(kw); kw_rules.push_back({}); it = kwid.find(kw); }
            kw_rules[it->second].push_back(k);
        }
        if (ri.regex) R[k].re = new RE2(ri.regex, opts());
        if (ri.path) R[k].pre = new RE2(ri.path, opts());
        if (ri.required_count) { fprintf(stderr, "rules_hs_re2: composite rule %s: its required list is not read here\n", ri.id); return 2; }
    }
    vyre_rules_free(VR);
    std::vector<const char *> ptr; std::vector<unsigned> flags, ids; std::vector<size_t> lens;
    for (unsigned i = 0; i < kws.size(); i++) { ptr.push_back(kws[i].c_str()); lens.push_back(kws[i].size()); flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH); ids.push_back(i); }
    hs_database_t *db = nullptr; hs_compile_error_t *ce = nullptr;
    if (hs_compile_lit_multi(ptr.data(), flags.data(), ids.data(), lens.data(), (unsigned)kws.size(), HS_MODE_BLOCK, nullptr, &db, &ce) != HS_SUCCESS) { fprintf(stderr, "hs: %s\n", ce->message); return 2; }
    for (auto p : paths) nftw(p, walk_cb, 64, FTW_PHYS | FTW_ACTIONRETVAL);
    std::sort(g_files.begin(), g_files.end());
    std::atomic<size_t> next(0), bytes(0), finds(0);
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; t++) pool.emplace_back([&] {
        hs_scratch_t *sc = nullptr; hs_alloc_scratch(db, &sc);
        std::vector<char> hit(kws.size()); KwCtx k{db, sc, &kw_rules, &R, &hit}; std::string data;
        for (size_t i; (i = next++) < g_files.size();) {
            FILE *f = fopen(g_files[i].c_str(), "rb"); if (!f) continue;
            data.clear(); char b[1 << 16]; size_t m; while ((m = fread(b, 1, sizeof b, f)) > 0) data.append(b, m); fclose(f);
            bytes += data.size();
            finds += reference(R, data, g_files[i], depth, kw_hook, &k).size();
        }
        hs_free_scratch(sc);
    });
    for (auto &t : pool) t.join();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    printf("rules_hs_re2: threads %d depth %d files %zu bytes %zu findings %zu seconds %.3f GB/s %.4f\n", threads, depth, g_files.size(), (size_t)bytes, (size_t)finds, s, (double)bytes / s / 1e9);
    hs_free_database(db);
    for (auto &r : R) { delete r.re; delete r.pre; }
    return 0;
}
