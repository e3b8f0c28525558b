// tests/test_rules_re2.cpp - a reference of gitleaks' files-mode detection on RE2
// (Latin-1, leftmost-first: Go FindAllIndex), compared finding for finding with
// vyre_rules_scan on generated files with planted fake secrets and near-misses.
// Scope: the bundled rules with their allowlists stripped (the reference covers
// keywords, matches, trim, location, gitleaks:allow, secret groups, entropy,
// path rules and the generic dedupe; allowlists are covered by tests/test_rules.c).
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <re2/re2.h>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>
#include <algorithm>

struct Rule { std::string id, regex, path; unsigned sg; double ent; std::vector<std::string> kw; RE2 *re = nullptr, *pre = nullptr; };
struct Find { unsigned rule; long sl, el, sc, ec; std::string secret, match; bool operator<(const Find &o) const {
    return std::tie(sl, sc, rule, secret) < std::tie(o.sl, o.sc, o.rule, o.secret); } };

static RE2::Options opts() { RE2::Options o; o.set_encoding(RE2::Options::EncodingLatin1); o.set_longest_match(false); o.set_log_errors(false); o.set_max_mem((int64_t)1 << 30); return o; }
static double entropy(const std::string &s) {       // independent of vyre's: Go's range over a string
    if (s.empty()) return 0;
    std::map<uint32_t, int> c; size_t i = 0;
    while (i < s.size()) {
        unsigned char b = s[i]; uint32_t cp = 0xFFFD; size_t l = 1;
        if (b < 0x80) cp = b;
        else if (b >= 0xC2 && b <= 0xDF && i + 1 < s.size() && (s[i + 1] & 0xC0) == 0x80) { cp = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F); l = 2; }
        // longer sequences: the generated data is ASCII plus 2-byte sequences; others count as U+FFFD per byte
        c[cp]++; i += l;
    }
    double e = 0, inv = 1.0 / (double)s.size();
    for (auto &kv : c) { double f = kv.second * inv; e -= f * std::log2(f); }
    return e;
}
static std::vector<Find> reference(const std::vector<Rule> &R, const std::string &raw, const std::string &path) {
    std::vector<Find> out;
    std::string low = raw; for (auto &ch : low) if (ch >= 'A' && ch <= 'Z') ch |= 0x20;
    std::vector<long> nl; for (size_t i = 0; i < raw.size(); i++) if (raw[i] == '\n') nl.push_back((long)i);
    for (unsigned ri = 0; ri < R.size(); ri++) {
        const Rule &r = R[ri]; bool run = r.kw.empty();
        for (auto &k : r.kw) if (!k.empty() && low.find(k) != std::string::npos) run = true;
        if (!run) continue;
        if (r.pre) {
            bool pm = RE2::PartialMatch(path, *r.pre);
            if (!r.re) { if (pm) out.push_back(Find{ri, 0, 0, 0, 0, "", "file detected: " + path}); continue; }
            if (!pm) continue;
        }
        re2::StringPiece in(raw), m; size_t pos = 0; long prevend = -1;
        while (pos <= raw.size()) {
            if (!r.re->Match(in, pos, raw.size(), RE2::UNANCHORED, &m, 1)) break;
            long s = m.data() - raw.data(), e = s + (long)m.size();
            if (e == s && s == prevend) { pos = (size_t)s + 1; continue; }   // Go: no empty match right after a match
            prevend = e; pos = e > s ? (size_t)e : (size_t)e + 1;
            std::string t = raw.substr(s, e - s);
            size_t a = t.find_first_not_of('\n'); t = a == std::string::npos ? "" : t.substr(a);
            while (!t.empty() && t.back() == '\n') t.pop_back();
            long end = s + (long)t.size();
            // location()
            std::vector<long> L = nl; if (L.empty()) L.push_back((long)raw.size());
            long prev = 0, sl = 0, el = 0, sc = 0, ec = 0, sli = 0, eli = 0; size_t ln = 0; bool set = false;
            for (size_t k = 0; k < L.size(); k++) { ln = k; long nb = L[k];
                if (prev <= s && s < nb) { set = true; sl = el = (long)k; sc = s - prev + 1; sli = prev; eli = nb; }
                if (prev < end && end <= nb) { el = (long)k; ec = end - prev; eli = nb; }
                prev = nb; }
            if (!set) { long i = 0; sc = s - prev + 1; ec = end - prev; sl = el = (long)ln + 1;
                while (end + i < (long)raw.size() && raw[end + i] != '\n' && raw[end + i] != '\r') { i++; }
                eli = end + i; }
            if (end > eli) eli = end;
            std::string line = raw.substr(sli, eli - sli);
            if (line.find("gitleaks:allow") != std::string::npos) continue;
            std::string secret = t;
            int ng = r.re->NumberOfCapturingGroups();
            if (ng >= 1) {
                std::vector<re2::StringPiece> g(ng + 1);
                if (r.re->Match(t, 0, t.size(), RE2::UNANCHORED, g.data(), ng + 1)) {
                    if (r.sg > 0) secret = g[r.sg].data() ? std::string(g[r.sg]) : std::string();
                    else for (int k = 1; k <= ng; k++) if (!g[k].empty()) { secret = std::string(g[k]); break; }
                }
            }
            double en = entropy(secret);
            if (r.ent != 0 && en <= r.ent) continue;
            out.push_back(Find{ri, sl + 1, el + 1, sc, ec, secret, t});
        }
    }
    auto generic = [&](unsigned ri) { std::string id = R[ri].id; for (auto &ch : id) ch = (char)tolower(ch); return id.find("generic") != std::string::npos; };
    std::vector<Find> f2;
    for (auto &f : out) { bool inc = true;
        if (generic(f.rule)) for (auto &g : out) if (f.sl == g.sl && R[f.rule].id != R[g.rule].id && g.secret.find(f.secret) != std::string::npos && !generic(g.rule)) { inc = false; break; }
        if (inc) f2.push_back(f); }
    std::sort(f2.begin(), f2.end());
    return f2;
}
struct Coll { std::vector<Find> v; const std::string *raw; };
static int on_f(const vyre_rules_finding *f, void *u) {
    Coll *c = (Coll *)u; Find x{f->rule, (long)f->start_line, (long)f->end_line, (long)f->start_column, (long)f->end_column,
        c->raw->substr(f->secret_start, f->secret_end - f->secret_start), c->raw->substr(f->start, f->end - f->start)};
    if (f->path_only) { x.sl = x.el = x.sc = x.ec = 0; x.secret = ""; }
    c->v.push_back(x); return 0;
}
static std::string strip_allowlists(const std::string &t) {   // drop [allowlist] / [[rules.allowlists]] blocks (to the next [[rules]])
    std::string out; size_t i = 0; bool skip = false;
    while (i < t.size()) {
        size_t e = t.find('\n', i); if (e == std::string::npos) e = t.size();
        std::string line = t.substr(i, e - i);
        if (line.rfind("[[rules]]", 0) == 0) skip = false;
        if (line.rfind("[allowlist]", 0) == 0 || line.rfind("[[rules.allowlists]]", 0) == 0 || line.rfind("[rules.allowlist]", 0) == 0) skip = true;
        if (!skip) { out += line; out += '\n'; }
        i = e + 1;
    }
    return out;
}
int main() {
    FILE *fp = fopen("rules/gitleaks.toml", "rb"); if (!fp) { printf("FAIL: rules/gitleaks.toml missing\n"); return 1; }
    std::string text; char buf[65536]; size_t n; while ((n = fread(buf, 1, sizeof buf, fp)) > 0) text.append(buf, n); fclose(fp);
    text = strip_allowlists(text);
    vyre_rules *VR = nullptr; vyre_error err;
    if (vyre_rules_load_gitleaks(text.data(), text.size(), nullptr, &VR, &err) != VYRE_OK) { printf("FAIL: load: %s\n", err.message); return 1; }
    std::vector<Rule> R(vyre_rules_count(VR));
    std::vector<std::string> samples;   // fake secrets: literals from the keyword list and random tokens
    for (unsigned k = 0; k < R.size(); k++) {
        vyre_rule_info ri; vyre_rules_rule(VR, k, &ri);
        R[k].id = ri.id; R[k].sg = ri.secret_group; R[k].ent = ri.entropy;
        for (unsigned w = 0; w < ri.keyword_count; w++) R[k].kw.push_back(ri.keywords[w]);
        if (ri.regex) { R[k].regex = ri.regex; R[k].re = new RE2(ri.regex, opts()); if (!R[k].re->ok()) { printf("SKIP rule %s: RE2 rejects it\n", ri.id); } }
        if (ri.path) { R[k].path = ri.path; R[k].pre = new RE2(ri.path, opts()); }
    }
    std::mt19937_64 rng(12);
    const char *alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    auto tok = [&](int len, const char *cs) { std::string s; size_t L = strlen(cs); for (int i = 0; i < len; i++) s += cs[rng() % L]; return s; };
    const char *planted[] = { "AKIA", "ghp_", "gho_", "glpat-", "xoxb-", "xoxp-", "sk_live_", "rk_live_", "AIza", "sq0atp-", "shpat_", "npm_", "pypi-AgEIcHlwaS5vcmc", "dop_v1_", "hf_", "SG.", "xapp-1-", "EAA", "sk-ant-api03-", "ya29." };
    const char *ctx[] = { "api_key = \"", "token: ", "export SECRET=", "password = '", "\"client_secret\": \"", "auth = ", "key=", "# placeholder ", "secret = \"xxxxxxxxxxxxxxxxxxxx\"\n", "token = \"${TOKEN}\"\n" };
    long files = 0, total = 0, diffs = 0;
    for (int f = 0; f < 300; f++) {
        std::string raw; int lines = 5 + (int)(rng() % 40);
        for (int l = 0; l < lines; l++) {
            int kind = (int)(rng() % 10);
            if (kind < 3) raw += tok(10 + (int)(rng() % 50), "abcdefgh ijklmnop qrstuvwxyz.,;()=");
            else if (kind < 6) { raw += ctx[rng() % 10]; raw += planted[rng() % 20]; raw += tok(16 + (int)(rng() % 40), kind == 5 ? "aaaa" : alnum); if (rng() % 2) raw += "\""; }
            else if (kind < 8) { raw += R[rng() % R.size()].kw.empty() ? "k" : R[rng() % R.size()].kw.empty() ? "" : ""; const Rule &r = R[rng() % R.size()]; if (!r.kw.empty()) raw += r.kw[rng() % r.kw.size()]; raw += (rng() % 2) ? "_token = \"" : "= "; raw += tok(8 + (int)(rng() % 48), (rng() % 3) ? alnum : "0123456789abcdef"); raw += "\""; }
            else if (kind == 8) { raw += "key = AKIA"; raw += tok(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"); raw += " # gitleaks:allow"; }
            else raw += "\n";
            if (rng() % 20) raw += "\n";
        }
        std::string path = (f % 7 == 0) ? "conf/id_rsa" : (f % 11 == 0) ? "x/.env" : "src/file" + std::to_string(f) + ".py";
        std::vector<Find> ref = reference(R, raw, path);
        Coll c; c.raw = &raw;
        if (vyre_rules_scan(VR, raw.data(), raw.size(), path.c_str(), on_f, &c, &err) != VYRE_OK) { printf("FAIL: scan: %s\n", err.message); return 1; }
        std::sort(c.v.begin(), c.v.end());
        files++; total += (long)ref.size();
        bool same = ref.size() == c.v.size();
        for (size_t k = 0; same && k < ref.size(); k++)
            same = ref[k].rule == c.v[k].rule && ref[k].sl == c.v[k].sl && ref[k].el == c.v[k].el && ref[k].sc == c.v[k].sc && ref[k].ec == c.v[k].ec && ref[k].secret == c.v[k].secret;
        if (!same) {
            diffs++;
            if (diffs <= 3) {
                printf("DIFF file %d (%s): ref %zu, vyre %zu\n", f, path.c_str(), ref.size(), c.v.size());
                for (auto &x : ref) printf("  ref  %s %ld:%ld-%ld:%ld %s\n", R[x.rule].id.c_str(), x.sl, x.sc, x.el, x.ec, x.secret.c_str());
                for (auto &x : c.v) printf("  vyre %s %ld:%ld-%ld:%ld %s\n", R[x.rule].id.c_str(), x.sl, x.sc, x.el, x.ec, x.secret.c_str());
            }
        }
    }
    printf("test_rules_re2: %ld files, %ld reference findings, %ld files differ\n", files, total, diffs);
    vyre_rules_free(VR);
    for (auto &r : R) { delete r.re; delete r.pre; }
    if (total < 100) { printf("FAIL: too few findings planted (%ld)\n", total); printf("0 passed, 1 failed\n"); return 1; }
    printf("%ld passed, %ld failed\n", files - diffs, diffs); /* the summary line tests/run.sh reads */
    return diffs ? 1 : 0;
}
