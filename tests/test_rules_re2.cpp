// tests/test_rules_re2.cpp - a reference of gitleaks' files-mode detection on RE2
// (Latin-1, leftmost-first: Go FindAllIndex), compared finding for finding with
// vyre_rules_scan on generated files with planted fake secrets and near-misses.
// Scope: the bundled rules with their allowlists stripped, plus composite rules
// ([[rules.required]], skipReport) appended; the reference covers keywords,
// matches, trim, location, gitleaks:allow, secret groups, entropy, path rules,
// the generic dedupe, composite rules and gitleaks' decoding passes
// (detect/codec: the encodings regex as gitleaks builds it, on RE2; percent,
// unicode, hex, base64 decoders; segments mapped back to the original text).
// Allowlists are covered by tests/test_rules.c.
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <re2/re2.h>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>
#include <algorithm>

#include "rules_ref.h"

struct Coll { std::vector<Find> v; };
static int on_f(const vyre_rules_finding *f, void *u) {
    Coll *c = (Coll *)u; Find x{f->rule, (long)f->start_line, (long)f->end_line, (long)f->start_column, (long)f->end_column,
        std::string((const char *)f->secret, f->secret_len), std::string((const char *)f->match, f->match_len)};
    x.depth = f->decode_depth; x.kinds = f->decoded;
    for (uint32_t k = 0; k < f->required_count; k++) x.req.push_back(ReqF{f->required[k].rule, (long)f->required[k].start_line, std::string((const char *)f->required[k].secret, f->required[k].secret_len)});
    if (f->path_only) { x.sl = x.el = x.sc = x.ec = 0; x.secret = ""; x.match = ""; }
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
// composite rules appended to the bundled ones (the reference reads their required lists from here)
static const char *composite_toml =
    "\n[[rules]]\nid = \"ref-composite-login\"\ndescription = \"a password with a user name near it and a host anywhere\"\n"
    "regex = '''password\\s*[:=]\\s*\"([^\"\\n]{6,40})\"'''\nkeywords = [\"password\"]\n"
    "[[rules.required]]\nid = \"ref-aux-user\"\nwithinLines = 3\n[[rules.required]]\nid = \"ref-aux-host\"\n"
    "\n[[rules]]\nid = \"ref-aux-user\"\nregex = '''user(?:name)?\\s*[:=]\\s*\"([a-z0-9_]{3,20})\"'''\nskipReport = true\n"
    "\n[[rules]]\nid = \"ref-aux-host\"\nregex = '''host\\s*=\\s*([a-z0-9.-]+\\.(?:com|net|internal))'''\n"
    "\n[[rules]]\nid = \"ref-composite-cols\"\nregex = '''KEYID-([0-9A-F]{8})'''\n"
    "[[rules.required]]\nid = \"ref-aux-user\"\nwithinLines = 1\nwithinColumns = 4\n"
    "\n[[rules]]\nid = \"ref-short\"\nregex = '''zq[0-9]{8}'''\n";
static void composite_info(std::vector<Rule> &R) {
    for (auto &r : R) {
        if (r.id == "ref-composite-login") { Req a; a.id = "ref-aux-user"; a.lines = 3; Req b; b.id = "ref-aux-host"; r.req = {a, b}; }
        if (r.id == "ref-composite-cols") { Req a; a.id = "ref-aux-user"; a.lines = 1; a.cols = 4; r.req = {a}; }
        if (r.id == "ref-aux-user") r.skip = true;
    }
    for (auto &r : R) for (auto &q : r.req) for (unsigned k = 0; k < R.size(); k++) if (R[k].id == q.id) q.rule = k;
}
static std::string pct_encode(const std::string &s, std::mt19937_64 &rng, bool all) {
    std::string o; char b[4];
    for (unsigned char c : s) { if (all || !isalnum(c) || rng() % 4 == 0) { snprintf(b, sizeof b, "%%%02X", c); o += b; } else o += (char)c; }
    return o;
}
static std::string b64_encode(const std::string &s, bool url) {
    const char *A = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string o; unsigned acc = 0; int bits = 0;
    for (unsigned char c : s) { acc = (acc << 8) | c; bits += 8; while (bits >= 6) { bits -= 6; o += A[(acc >> bits) & 63]; } }
    if (bits) o += A[(acc << (6 - bits)) & 63];
    if (!url) while (o.size() % 4) o += '=';
    return o;
}
static std::string hex_encode(const std::string &s) { std::string o; char b[3]; for (unsigned char c : s) { snprintf(b, sizeof b, "%02x", c); o += b; } return o; }
static std::string uni_encode(const std::string &s, std::mt19937_64 &rng) {
    std::string o; char b[12]; int form = (int)(rng() % 3);
    for (unsigned char c : s) { if (form == 0) snprintf(b, sizeof b, "\\u%04x", c); else if (form == 1) snprintf(b, sizeof b, "\\\\U%04X", c); else snprintf(b, sizeof b, "U+%04X ", c); o += b; }
    return o;
}
int main() {
    FILE *fp = fopen("rules/gitleaks.toml", "rb"); if (!fp) { printf("FAIL: rules/gitleaks.toml missing\n"); return 1; }
    std::string text; char buf[65536]; size_t n; while ((n = fread(buf, 1, sizeof buf, fp)) > 0) text.append(buf, n); fclose(fp);
    text = strip_allowlists(text) + composite_toml;
    vyre_rules *VR = nullptr, *VR0 = nullptr, *VRper = nullptr, *VRset = nullptr; vyre_error err; vyre_rules_desc d; memset(&d, 0, sizeof d);
    d.max_decode_depth = VYRE_RULES_GITLEAKS_DECODE_DEPTH;
    if (vyre_rules_load_gitleaks(text.data(), text.size(), &d, &VR, &err) != VYRE_OK) { printf("FAIL: load: %s\n", err.message); return 1; }
    /* the confirm step both ways: one regex scan per selected rule, and the shared set scan whenever one rule is selected */
    d.confirm_set_min = UINT32_MAX;
    if (vyre_rules_load_gitleaks(text.data(), text.size(), &d, &VRper, &err) != VYRE_OK) { printf("FAIL: load: %s\n", err.message); return 1; }
    d.confirm_set_min = 1;
    if (vyre_rules_load_gitleaks(text.data(), text.size(), &d, &VRset, &err) != VYRE_OK) { printf("FAIL: load: %s\n", err.message); return 1; }
    if (!VRset->cset || VRset->ncset < 200 || VRper->cset || !VR->cset) { printf("FAIL: the shared confirm set was not built as asked (%p, %u, %p)\n", (void *)VRset->cset, VRset->ncset, (void *)VRper->cset); printf("0 passed, 1 failed\n"); return 1; }
    if (vyre_rules_load_gitleaks(text.data(), text.size(), nullptr, &VR0, &err) != VYRE_OK) { printf("FAIL: load: %s\n", err.message); return 1; }
    std::vector<Rule> R(vyre_rules_count(VR));
    for (unsigned k = 0; k < R.size(); k++) {
        vyre_rule_info ri; vyre_rules_rule(VR, k, &ri);
        R[k].id = ri.id; R[k].sg = ri.secret_group; R[k].ent = ri.entropy;
        for (unsigned w = 0; w < ri.keyword_count; w++) R[k].kw.push_back(ri.keywords[w]);
        if (ri.regex) { R[k].regex = ri.regex; R[k].re = new RE2(ri.regex, opts()); if (!R[k].re->ok()) { printf("SKIP rule %s: RE2 rejects it\n", ri.id); } }
        if (ri.path) { R[k].path = ri.path; R[k].pre = new RE2(ri.path, opts()); }
    }
    composite_info(R);
    std::mt19937_64 rng(12);
    const char *alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    auto tok = [&](int len, const char *cs) { std::string s; size_t L = strlen(cs); for (int i = 0; i < len; i++) s += cs[rng() % L]; return s; };
    const char *planted[] = { "AKIA", "ghp_", "gho_", "glpat-", "xoxb-", "xoxp-", "sk_live_", "rk_live_", "AIza", "sq0atp-", "shpat_", "npm_", "pypi-AgEIcHlwaS5vcmc", "dop_v1_", "hf_", "SG.", "xapp-1-", "EAA", "sk-ant-api03-", "ya29." };
    const char *ctx[] = { "api_key = \"", "token: ", "export SECRET=", "password = '", "\"client_secret\": \"", "auth = ", "key=", "# placeholder ", "secret = \"xxxxxxxxxxxxxxxxxxxx\"\n", "token = \"${TOKEN}\"\n" };
    auto secret_line = [&](bool low) { std::string s = ctx[rng() % 10]; s += planted[rng() % 20]; s += tok(16 + (int)(rng() % 40), low ? "aaaa" : alnum); if (rng() % 2) s += "\""; return s; };
    long files = 0, total = 0, diffs = 0, decoded = 0, composite = 0;
    for (int f = 0; f < 400; f++) {
        std::string raw; int lines = 5 + (int)(rng() % 40);
        for (int l = 0; l < lines; l++) {
            int kind = (int)(rng() % 15);
            if (kind < 3) raw += tok(10 + (int)(rng() % 50), "abcdefgh ijklmnop qrstuvwxyz.,;()=");
            else if (kind < 5) raw += secret_line(kind == 4);
            else if (kind < 7) { const Rule &r = R[rng() % R.size()]; if (!r.kw.empty()) raw += r.kw[rng() % r.kw.size()]; raw += (rng() % 2) ? "_token = \"" : "= "; raw += tok(8 + (int)(rng() % 48), (rng() % 3) ? alnum : "0123456789abcdef"); raw += "\""; }
            else if (kind == 7) { raw += "key = AKIA"; raw += tok(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"); raw += " # gitleaks:allow"; }
            else if (kind == 8) {   // an encoded secret line (one or two layers), sometimes inside other text
                std::string s = secret_line(false), e; int how = (int)(rng() % 6);
                if (how == 0) e = b64_encode(s, false); else if (how == 1) e = b64_encode(s, true); else if (how == 2) e = hex_encode(s);
                else if (how == 3) e = pct_encode(s, rng, rng() % 2); else if (how == 4) e = uni_encode(s.substr(0, 12), rng) + s.substr(12);
                else e = b64_encode(pct_encode(s, rng, false), false);
                raw += (rng() % 2) ? "data: " : "blob=\""; raw += e; if (rng() % 2) raw += "\" x";
            } else if (kind == 9) { raw += std::string(rng() % 3, ' ') + "user = \""; raw += tok(3 + (int)(rng() % 10), "abcdefgh_0123"); raw += "\""; if (rng() % 3 == 0) raw += "  KEYID-" + tok(8, "0123456789ABCDEF"); }
            else if (kind == 10) { raw += "password = \""; raw += tok(6 + (int)(rng() % 20), alnum); raw += "\""; }
            else if (kind == 11) { raw += "host = db" + std::to_string(rng() % 9) + ((rng() % 2) ? ".internal" : ".example.com"); }
            else if (kind == 12) { raw += std::string(rng() % 7, ' ') + "KEYID-"; raw += tok(8, "0123456789ABCDEF"); }
            else if (kind == 13) {   // encoding near-misses and neighbours: hex / base64 runs around the thresholds, %XX, U+XXXX, \\uXXXX, an encoded secret glued on
                int parts = 1 + (int)(rng() % 5);
                for (int q = 0; q < parts; q++) {
                    int w = (int)(rng() % 8);
                    if (w == 0) raw += tok(28 + (int)(rng() % 10), "0123456789abcdefABCDEF");
                    else if (w == 1) { raw += tok(13 + (int)(rng() % 8), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"); raw += std::string(rng() % 3, '='); }
                    else if (w == 2) raw += (rng() % 2) ? "%41" : (rng() % 2) ? "%7e%20" : "%4G%0a";
                    else if (w == 3) raw += (rng() % 2) ? "U+0041" : "U+006B U+0065 ";
                    else if (w == 4) raw += (rng() % 2) ? "\\u0041\\u0042" : "\\\\u00e9";
                    else if (w == 5) raw += (rng() % 2) ? b64_encode(secret_line(false), rng() % 2) : b64_encode(std::string(rng() % 4, '.') + "zq" + tok(8, "0123456789"), rng() % 2);
                    else if (w == 6) raw += (rng() % 2) ? hex_encode(std::string(planted[rng() % 20]) + tok(20, alnum)) : hex_encode(std::string(rng() % 9, '.') + "zq" + tok(8, "0123456789"));
                    else raw += pct_encode(secret_line(false), rng, true);
                    raw += " =:\"%\\+/-_\n"[rng() % 12];
                }
            }
            else raw += "\n";
            if (rng() % 20) raw += "\n";
        }
        std::string path = (f % 7 == 0) ? "conf/id_rsa" : (f % 11 == 0) ? "x/.env" : (f % 13 == 0) ? "keys/store.p12" : (f % 17 == 0) ? "infra/main.tf" : "src/file" + std::to_string(f) + ".py";
        for (int depth = 0; depth < 2; depth++) {
            if (depth == 0 && f % 4) continue;   // every 4th file also without decoding
            std::vector<Find> ref = reference(R, raw, path, depth ? (int)VYRE_RULES_GITLEAKS_DECODE_DEPTH : 0);
            for (int mode = 0; mode < (depth ? 3 : 1); mode++) {   /* depth 5: default, per-rule and set confirm */
            Coll c;
            if (vyre_rules_scan(depth ? (mode == 0 ? VR : mode == 1 ? VRper : VRset) : VR0, raw.data(), raw.size(), path.c_str(), on_f, &c, &err) != VYRE_OK) { printf("FAIL: scan: %s\n", err.message); return 1; }
            std::sort(c.v.begin(), c.v.end());
            files++; if (mode == 0) total += (long)ref.size();
            if (mode == 0) for (auto &x : ref) { if (x.depth) decoded++; if (!x.req.empty()) composite++; }
            bool same = ref.size() == c.v.size();
            for (size_t k = 0; same && k < ref.size(); k++)
                same = ref[k].rule == c.v[k].rule && ref[k].sl == c.v[k].sl && ref[k].el == c.v[k].el && ref[k].sc == c.v[k].sc && ref[k].ec == c.v[k].ec &&
                       ref[k].secret == c.v[k].secret && ref[k].match == c.v[k].match && ref[k].depth == c.v[k].depth && ref[k].kinds == c.v[k].kinds && ref[k].req == c.v[k].req;
            if (!same) {
                diffs++;
                if (diffs <= 3) {
                    printf("DIFF file %d (%s, depth %d, confirm %s): ref %zu, vyre %zu\n", f, path.c_str(), depth, mode == 0 ? "default" : mode == 1 ? "per-rule" : "set", ref.size(), c.v.size());
                    for (auto &x : ref) printf("  ref  %s %ld:%ld-%ld:%ld d%u k%u r%zu %s | %s\n", R[x.rule].id.c_str(), x.sl, x.sc, x.el, x.ec, x.depth, x.kinds, x.req.size(), x.secret.c_str(), x.match.c_str());
                    for (auto &x : c.v) printf("  vyre %s %ld:%ld-%ld:%ld d%u k%u r%zu %s | %s\n", R[x.rule].id.c_str(), x.sl, x.sc, x.el, x.ec, x.depth, x.kinds, x.req.size(), x.secret.c_str(), x.match.c_str());
                }
            }
            }
        }
    }
    printf("test_rules_re2: %ld scans, %ld reference findings (%ld decoded, %ld composite), %ld scans differ\n", files, total, decoded, composite, diffs);
    vyre_rules_free(VR); vyre_rules_free(VR0); vyre_rules_free(VRper); vyre_rules_free(VRset);
    for (auto &r : R) { delete r.re; delete r.pre; }
    if (total < 100 || decoded < 50 || composite < 20) { printf("FAIL: too few findings planted (%ld, %ld decoded, %ld composite)\n", total, decoded, composite); printf("0 passed, 1 failed\n"); return 1; }
    printf("%ld passed, %ld failed\n", files - diffs, diffs); /* the summary line tests/run.sh reads */
    return diffs ? 1 : 0;
}
