// tests/rules_ref.h - a reference of gitleaks' files-mode detection on RE2 (C++17):
// detectRule / processRequiredRules / DetectContext and the codec (detect/codec)
// written from gitleaks' Go, independent of vyre's C. Used by tests/test_rules_re2.cpp
// (finding for finding against vyre_rules_scan) and bench/rules_hs_re2.cpp (the
// Hyperscan-prefilter + RE2 comparison point, through the keyword hook). Thread-safe
// per call (the pass state is thread_local).
#ifndef VYRE_RULES_REF_H
#define VYRE_RULES_REF_H
#include <re2/re2.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <vector>

struct Req { std::string id; int lines = -1, cols = -1; unsigned rule = ~0u; };   // -1: nil
struct Rule { std::string id, regex, path; unsigned sg; double ent; std::vector<std::string> kw; RE2 *re = nullptr, *pre = nullptr;
              std::vector<Req> req; bool skip = false; };
struct ReqF { unsigned rule; long sl; std::string secret; bool operator==(const ReqF &o) const { return rule == o.rule && sl == o.sl && secret == o.secret; } };
struct Find { unsigned rule; long sl, el, sc, ec; std::string secret, match; unsigned depth = 0, kinds = 0; std::vector<ReqF> req;
    bool operator<(const Find &o) const { return std::tie(sl, sc, rule, secret, ec, depth, match) < std::tie(o.sl, o.sc, o.rule, o.secret, o.ec, o.depth, o.match); } };

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
// ---- gitleaks' codec, from detect/codec (Go -> C++, RE2 for its regexes) ----
struct SE { long s, e; };
static bool overlaps(SE a, SE o) { return o.s <= a.e && o.e >= a.s; }
static bool contains(SE a, SE o) { return a.s <= o.s && o.e <= a.e; }
static SE merge(SE a, SE o) { return SE{std::min(a.s, o.s), std::max(a.e, o.e)}; }
static SE overflow(SE a, SE o) { SE m = merge(a, o); return SE{m.s - a.s, m.e - a.e}; }
struct Seg { int pred; SE orig, enc, dec; std::string val; unsigned kinds; int depth; };   // pred: index of the predecessor pass (-1: none)
static thread_local std::vector<std::vector<Seg>> passes;   // passes[k]: the segments found by decoding pass k (1-based; [0] empty)
static SE toOriginal(int predPass, SE d) {      // predecessors = passes[predPass]
    if (predPass < 1 || passes[predPass].empty()) return d;
    SE enc{0, 0};
    for (auto &p : passes[predPass]) {
        if (!overlaps(p.dec, d)) continue;
        if (contains(p.dec, d)) return p.orig;
        SE of = overflow(p.dec, d), a{p.enc.s + of.s, p.enc.e + of.e};
        if (enc.e == 0) enc = a; else enc = merge(enc, a);
    }
    if (enc.e == 0) return d;
    return toOriginal(passes[predPass][0].pred, enc);
}
static bool printable(unsigned char b) { return b > 0x08 && b < 0x7f; }
static int hexval(char c) { const char *h = "0123456789abcdef"; const char *q = strchr(h, tolower((unsigned char)c)); return c && q ? (int)(q - h) : -1; }
static std::string decodePercent(const std::string &v) {
    std::string out;
    for (size_t i = 0; i < v.size();) {
        if (v[i] == '%' && i + 2 < v.size() && hexval(v[i + 1]) >= 0 && hexval(v[i + 2]) >= 0) {
            unsigned char b = (unsigned char)(hexval(v[i + 1]) * 16 + hexval(v[i + 2]));
            if (!printable(b)) return "";
            out += (char)b; i += 3; continue;
        }
        out += v[i++];
    }
    return out;
}
static std::string decodeHex(const std::string &v) {
    if (v.size() % 2 || v.find_first_of("0123456789") == std::string::npos) return "";
    std::string out;
    for (size_t i = 0; i < v.size(); i += 2) { int a = hexval(v[i]), b = hexval(v[i + 1]); if (a < 0 || b < 0) return ""; unsigned char c = (unsigned char)(a * 16 + b); if (!printable(c)) return ""; out += (char)c; }
    return out;
}
static bool b64(const std::string &v, const std::string &alpha, bool padded, std::string &out) {   // Go's encoding/base64, not Strict
    out.clear(); size_t n = v.size(), pad = 0;
    if (padded) { if (n % 4) return false; while (pad < 2 && pad < n && v[n - 1 - pad] == '=') pad++; }
    else if (n % 4 == 1) return false;
    unsigned acc = 0; int bits = 0;
    for (size_t i = 0; i < n - pad; i++) {
        size_t x = alpha.find(v[i]); if (x == std::string::npos) return false;
        acc = (acc << 6) | (unsigned)x; bits += 6;
        if (bits >= 8) { bits -= 8; out += (char)((acc >> bits) & 0xFF); }
    }
    return true;
}
static std::string decodeBase64(const std::string &v) {
    if (v.find_first_of("0123456789+/-_") == std::string::npos) return "";
    const std::string A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string d;
    auto ok = [&](const std::string &s) { for (unsigned char c : s) if (!printable(c)) return false; return true; };
    if (b64(v, A + "+/", true, d) && ok(d)) return d;
    if (b64(v, A + "-_", false, d) && ok(d)) return d;
    return "";
}
static std::string utf8(long cp) { if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; std::string o;
    if (cp < 0x80) o += (char)cp; else if (cp < 0x800) { o += (char)(0xC0 | (cp >> 6)); o += (char)(0x80 | (cp & 63)); }
    else { o += (char)(0xE0 | (cp >> 12)); o += (char)(0x80 | ((cp >> 6) & 63)); o += (char)(0x80 | (cp & 63)); } return o; }
static RE2::Options lat1() { RE2::Options o; o.set_encoding(RE2::Options::EncodingLatin1); o.set_log_errors(false); return o; }
static std::vector<std::pair<size_t, size_t>> findAll(const RE2 &re, const std::string &s, std::vector<std::vector<re2::StringPiece>> *groups = nullptr) {
    std::vector<std::pair<size_t, size_t>> out; re2::StringPiece in(s); size_t pos = 0; int ng = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> g(ng + 1);
    while (pos <= s.size() && re.Match(in, pos, s.size(), RE2::UNANCHORED, g.data(), ng + 1)) {
        size_t a = g[0].data() - s.data(), b = a + g[0].size();
        out.push_back({a, b}); if (groups) groups->push_back(g);
        pos = b > a ? b : b + 1;
    }
    return out;
}
static std::string decodeUnicode(std::string v) {
    static RE2 multiCP("(?:U\\+[a-fA-F0-9]{4}(?:\\s|$))+", lat1()), multiEsc("(?i)(?:\\\\{1,2}u[a-fA-F0-9]{4})+", lat1()), esc("(?i)\\\\{1,2}u([a-fA-F0-9]{4})", lat1());
    auto replaceFirst = [&](const std::string &m, const std::string &d) { size_t at = v.find(m); if (at != std::string::npos) v.replace(at, m.size(), d); };
    std::string orig = v;
    auto ms = findAll(multiCP, orig);
    if (!ms.empty()) {
        for (auto &m : ms) { std::string seq = orig.substr(m.first, m.second - m.first), d;
            size_t i = 0; while (i < seq.size()) { while (i < seq.size() && isspace((unsigned char)seq[i])) i++; size_t j = i; while (j < seq.size() && !isspace((unsigned char)seq[j])) j++;
                std::string f = seq.substr(i, j - i); if (f.size() >= 6 && f.compare(0, 2, "U+") == 0) d += utf8(strtol(f.substr(2).c_str(), nullptr, 16)); i = j; }
            if (!d.empty() && d != seq) replaceFirst(seq, d); }
        return v;
    }
    ms = findAll(multiEsc, orig);
    if (!ms.empty()) {
        for (auto &m : ms) { std::string seq = orig.substr(m.first, m.second - m.first), d; std::vector<std::vector<re2::StringPiece>> g;
            findAll(esc, seq, &g); for (auto &x : g) d += utf8(strtol(std::string(x[1]).c_str(), nullptr, 16));
            if (!d.empty() && d != seq) replaceFirst(seq, d); }
        return v;
    }
    return v;   // gitleaks' fallback for single code points: a segment of the unicode encoding always matches one of the two above
}
// Decoder.Decode: the text of the next pass; its segments into passes[next]
static std::string decodePass(const std::string &data, int predPass) {
    static const char *names[4] = {"percent", "unicode", "hex", "base64"};
    static const char *pats[4] = {"%[0-9A-Fa-f]{2}(?:.*%[0-9A-Fa-f]{2})?", "(?:(?:U\\+[a-fA-F0-9]{4}(?:\\s|$))+|(?i)(?:\\\\{1,2}u[a-fA-F0-9]{4})+)", "[0-9A-Fa-f]{32,}", "[\\w\\/+-]{16,}={0,2}"};
    static RE2 *enc = [] { std::string p; for (int i = 0; i < 4; i++) { if (i) p += "|"; p += std::string("(?P<") + names[i] + ">" + pats[i] + ")"; } return new RE2(p, lat1()); }();
    struct M { int kind; SE se; };
    std::vector<M> all; std::vector<std::vector<re2::StringPiece>> g;
    findAll(*enc, data, &g);
    for (auto &x : g) for (int j = 0; j < 4; j++) if (x[j + 1].data()) { long a = x[j + 1].data() - data.data(); all.push_back(M{j, SE{a, a + (long)x[j + 1].size()}}); }
    std::vector<M> filt;
    auto prec = [](int k) { return 4 - k; };
    if (all.size() == 1) filt = all;
    else for (size_t i = 0; i < all.size(); i++) {
        if (i > 0 && overlaps(all[i].se, all[i - 1].se) && prec(all[i - 1].kind) > prec(all[i].kind)) continue;
        if (i + 1 < all.size() && overlaps(all[i].se, all[i + 1].se) && prec(all[i + 1].kind) > prec(all[i].kind)) continue;
        filt.push_back(all[i]);
    }
    std::vector<Seg> segs; long shift = 0;
    for (auto &m : filt) {
        std::string ev = data.substr(m.se.s, m.se.e - m.se.s), dv;
        dv = m.kind == 0 ? decodePercent(ev) : m.kind == 1 ? decodeUnicode(ev) : m.kind == 2 ? decodeHex(ev) : decodeBase64(ev);
        if (dv.empty()) continue;
        Seg s{predPass, toOriginal(predPass, m.se), m.se, SE{m.se.s + shift, m.se.s + shift + (long)dv.size()}, dv, 1u << m.kind, 1};
        shift += (long)dv.size() - (long)ev.size();
        if (predPass >= 1 && !passes[predPass].empty()) {
            s.depth = 1 + passes[predPass][0].depth;
            for (auto &p : passes[predPass]) if (overlaps(s.enc, p.dec)) s.kinds |= p.kinds;
        }
        segs.push_back(s);
    }
    passes.push_back(segs);
    if (segs.empty()) return data;
    std::string out; long at = 0;
    for (auto &s : segs) { out += data.substr(at, s.enc.s - at); out += s.val; at = s.enc.e; }
    out += data.substr(at);
    return out;
}

// ---- detectRule / processRequiredRules / DetectContext ----
struct Ctx { const std::vector<Rule> *R; const std::string *raw, *path; std::vector<long> nl; int pass; const std::string *cur; };
static std::vector<Find> detectRule(Ctx &C, unsigned ri, bool inherited) {
    const Rule &r = (*C.R)[ri]; const std::string &raw = *C.raw, &cur = *C.cur; std::vector<Find> out;
    if (r.skip && !inherited) return out;
    if (r.pre) {
        bool pm = RE2::PartialMatch(*C.path, *r.pre);
        if (!r.re && C.pass == 0) { if (pm) out.push_back(Find{ri, 0, 0, 0, 0, "", ""}); return out; }   // Match "file detected: PATH" is the report's
        if (!pm) return out;
    }
    if (!r.re) return out;
    re2::StringPiece in(cur), m; size_t pos = 0; long prevend = -1;
    while (pos <= cur.size()) {
        if (!r.re->Match(in, pos, cur.size(), RE2::UNANCHORED, &m, 1)) break;
        long s = m.data() - cur.data(), e = s + (long)m.size();
        if (e == s && s == prevend) { pos = (size_t)s + 1; continue; }   // Go: no empty match right after a match
        prevend = e; pos = e > s ? (size_t)e : (size_t)e + 1;
        std::string t = cur.substr(s, e - s);
        size_t a = t.find_first_not_of('\n'); t = a == std::string::npos ? "" : t.substr(a);
        while (!t.empty() && t.back() == '\n') t.pop_back();
        long ms = s, me = e; unsigned depth = 0, kinds = 0;
        if (C.pass > 0) {
            std::vector<const Seg *> ov;
            for (auto &g : passes[C.pass]) if (overlaps(g.dec, SE{s, e})) ov.push_back(&g);
            if (ov.empty()) continue;
            SE adj = toOriginal(C.pass, SE{s, e}); ms = adj.s; me = adj.e;
            depth = (unsigned)ov[0]->depth; for (auto *g : ov) kinds |= g->kinds;
        } else me = s + (long)t.size();
        // location()
        std::vector<long> L = C.nl; if (L.empty()) L.push_back((long)raw.size());
        long prev = 0, sl = 0, el = 0, sc = 0, ec = 0, sli = 0, eli = 0; size_t ln = 0; bool set = false;
        for (size_t k = 0; k < L.size(); k++) { ln = k; long nb = L[k];
            if (prev <= ms && ms < nb) { set = true; sl = el = (long)k; sc = ms - prev + 1; sli = prev; eli = nb; }
            if (prev < me && me <= nb) { el = (long)k; ec = me - prev; eli = nb; }
            prev = nb; }
        if (!set) { long i = 0; sc = ms - prev + 1; ec = me - prev; sl = el = (long)ln + 1;
            while (me + i < (long)raw.size() && raw[me + i] != '\n' && raw[me + i] != '\r') { i++; }
            eli = me + i; }
        if (me > eli) eli = me;
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
        Find f{ri, sl + 1, el + 1, sc, ec, secret, t}; f.depth = depth; f.kinds = kinds;
        out.push_back(f);
    }
    if (inherited || r.req.empty() || out.empty()) return out;
    std::map<std::string, std::vector<Find>> reqf;
    for (auto &q : r.req) if (q.rule != ~0u) reqf[q.id] = detectRule(C, q.rule, true);
    std::vector<Find> fin;
    for (auto &p : out) {
        std::vector<ReqF> rf;
        for (auto &q : r.req) {
            auto it = reqf.find(q.id); if (it == reqf.end()) continue;
            for (auto &x : it->second) {
                if (q.lines >= 0 && std::labs(p.sl - x.sl) > q.lines) continue;
                if (q.cols >= 0 && std::labs(p.sc - x.sc) > q.cols) continue;
                rf.push_back(ReqF{x.rule, x.sl, x.secret});
            }
        }
        bool all = true;
        for (auto &q : r.req) { bool f = false; for (auto &x : rf) if ((*C.R)[x.rule].id == q.id) f = true; if (!f) all = false; }
        if (!rf.empty() && all) { Find n = p; n.req = rf; fin.push_back(n); }
    }
    return fin;
}
// kw(text, run): which rules run on a pass's text (default: a caseless find of each keyword)
typedef void (*KwFn)(const std::string &text, std::vector<char> &run, void *user);
static std::vector<Find> reference(const std::vector<Rule> &R, const std::string &raw, const std::string &path, int maxDepth, KwFn kw = nullptr, void *kwuser = nullptr) {
    std::vector<Find> out;
    Ctx C; C.R = &R; C.raw = &raw; C.path = &path;
    for (size_t i = 0; i < raw.size(); i++) if (raw[i] == '\n') C.nl.push_back((long)i);
    passes.assign(1, std::vector<Seg>());
    std::string cur = raw;
    for (int depth = 0;;) {
        C.pass = (int)passes.size() - 1; C.cur = &cur;
        std::vector<char> runs(R.size(), 0);
        if (kw) kw(cur, runs, kwuser);
        else {
            std::string low = cur; for (auto &ch : low) if (ch >= 'A' && ch <= 'Z') ch |= 0x20;
            for (unsigned ri = 0; ri < R.size(); ri++) {
                runs[ri] = R[ri].kw.empty();
                for (auto &k : R[ri].kw) if (!k.empty() && low.find(k) != std::string::npos) runs[ri] = 1;
            }
        }
        for (unsigned ri = 0; ri < R.size(); ri++) {
            if (!runs[ri]) continue;
            auto f = detectRule(C, ri, false); out.insert(out.end(), f.begin(), f.end());
        }
        if (++depth > maxDepth) break;
        std::string next = decodePass(cur, (int)passes.size() - 1);
        if (passes.back().empty()) break;
        cur = next;
    }
    auto generic = [&](unsigned ri) { std::string id = R[ri].id; for (auto &ch : id) ch = (char)tolower(ch); return id.find("generic") != std::string::npos; };
    std::vector<Find> f2;
    for (auto &f : out) { bool inc = true;
        if (generic(f.rule)) for (auto &g : out) if (f.sl == g.sl && R[f.rule].id != R[g.rule].id && g.secret.find(f.secret) != std::string::npos && !generic(g.rule)) { inc = false; break; }
        if (inc) f2.push_back(f); }
    std::sort(f2.begin(), f2.end());
    return f2;
}
#endif
