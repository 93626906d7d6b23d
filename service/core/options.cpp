#include "core/options.hpp"

#include <algorithm>
#include <charconv>

namespace ppp::config {

Error::Error(std::string file, int line, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message), file_(std::move(file)), line_(line),
      message_(message) {}

std::vector<Token> tokenize(std::string_view text, const std::string& file) {
    std::vector<Token> out;
    int line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < n && text[i] != '\n') ++i;
            continue;
        }
        Token tok;
        tok.line = line;
        char quote = 0;
        bool any = false;
        while (i < n) {
            const char ch = text[i];
            if (quote) {
                if (ch == quote) {
                    quote = 0;
                    ++i;
                    continue;
                }
            } else {
                if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') break;
                if (ch == '"' || ch == '\'') {
                    quote = ch;
                    any = true;
                    ++i;
                    continue;
                }
            }
            if (ch == '\\' && i + 1 < n) {
                const char e = text[i + 1];
                i += 2;
                switch (e) {
                    case 'n': tok.text += '\n'; break;
                    case 't': tok.text += '\t'; break;
                    case 'r': tok.text += '\r'; break;
                    case 'b': tok.text += '\b'; break;
                    case 'f': tok.text += '\f'; break;
                    case 's': tok.text += ' '; break;
                    case 'a': tok.text += '\a'; break;
                    case '\n': ++line; break;  // line continuation
                    default:
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int k = 0; k < 2 && i < n && text[i] >= '0' && text[i] <= '7'; ++k, ++i)
                                v = v * 8 + (text[i] - '0');
                            tok.text += static_cast<char>(v & 0xff);
                        } else {
                            tok.text += e;
                        }
                }
                any = true;
                continue;
            }
            if (ch == '\n') ++line;
            tok.text += ch;
            any = true;
            ++i;
        }
        if (quote) throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + quote + ")");
        if (any) out.push_back(std::move(tok));
    }
    return out;
}

namespace {

struct Cursor {
    const std::vector<Token>& tokens;
    std::size_t i = 0;
    const std::string& file;

    const Token& argument(const Token& option) {
        if (i >= tokens.size()) throw Error(file, option.line, "option '" + option.text + "' needs an argument");
        return tokens[i++];
    }
};

template <class T>
T number(const Token& arg, const Token& option, const std::string& file, T min, T max) {
    long long v = 0;
    const auto* b = arg.text.data();
    const auto* e = b + arg.text.size();
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec != std::errc{} || p != e || arg.text.empty())
        throw Error(file, arg.line, "option '" + option.text + "': '" + arg.text + "' is not a number");
    if (v < static_cast<long long>(min) || v > static_cast<long long>(max))
        throw Error(file, arg.line,
                    "option '" + option.text + "': " + arg.text + " is out of range (" + std::to_string(min) + ".." +
                        std::to_string(max) + ")");
    return static_cast<T>(v);
}

bool is_all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool looks_like_tty(const std::string& s) {
    return s.rfind("tty", 0) == 0 || s.rfind("rfcomm", 0) == 0 || s.rfind("pts/", 0) == 0;
}

// The boolean options of this subset: name -> member.
struct Flag {
    const char* name;
    bool PeerOptions::*member;
};
constexpr Flag kFlags[] = {
    {"crtscts", &PeerOptions::crtscts},     {"local", &PeerOptions::local},
    {"noauth", &PeerOptions::noauth},       {"defaultroute", &PeerOptions::defaultroute},
    {"usepeerdns", &PeerOptions::usepeerdns}, {"debug", &PeerOptions::debug},
    {"nodetach", &PeerOptions::nodetach},   {"noipdefault", &PeerOptions::noipdefault},
    {"lock", &PeerOptions::lock},           {"modem", &PeerOptions::modem},
};

// Options that take a string argument.
struct Text {
    const char* name;
    std::string PeerOptions::*member;
};
constexpr Text kTexts[] = {
    {"connect", &PeerOptions::connect}, {"name", &PeerOptions::name},
    {"remotename", &PeerOptions::remotename}, {"user", &PeerOptions::user},
};

const char* const kKnown[] = {"crtscts", "local", "noauth", "defaultroute", "usepeerdns", "debug",
                              "nodetach", "noipdefault", "lock", "modem", "connect", "name",
                              "remotename", "user", "mru", "mtu", "lcp-echo-interval", "lcp-echo-failure"};

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string suggestion(const std::string& word) {
    std::string best;
    std::size_t best_d = 3;
    for (const char* k : kKnown) {
        const std::size_t d = edit_distance(word, k);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

bool parse_addresses(const std::string& word, PeerOptions& into) {
    const auto colon = word.find(':');
    if (colon == std::string::npos || word.find(':', colon + 1) != std::string::npos) return false;
    const std::string l = word.substr(0, colon), r = word.substr(colon + 1);
    std::optional<Ipv4> lip, rip;
    if (!l.empty() && !(lip = Ipv4::parse(l))) return false;
    if (!r.empty() && !(rip = Ipv4::parse(r))) return false;
    if (lip) into.local_ip = lip;
    if (rip) into.remote_ip = rip;
    return true;
}

}  // namespace

void parse_options(std::string_view text, const std::string& file, PeerOptions& into) {
    const auto tokens = tokenize(text, file);
    Cursor cur{tokens, 0, file};
    while (cur.i < tokens.size()) {
        const Token& t = tokens[cur.i++];
        const std::string& w = t.text;
        const std::string where = file + ":" + std::to_string(t.line);
        auto set_origin = [&](const std::string& key) { into.origin[key] = where; };

        if (auto f = std::find_if(std::begin(kFlags), std::end(kFlags), [&](const Flag& x) { return w == x.name; });
            f != std::end(kFlags)) {
            into.*(f->member) = true;
            set_origin(w);
            continue;
        }
        if (auto s = std::find_if(std::begin(kTexts), std::end(kTexts), [&](const Text& x) { return w == x.name; });
            s != std::end(kTexts)) {
            const Token& arg = cur.argument(t);
            into.*(s->member) = arg.text;
            set_origin(w);
            continue;
        }
        if (w == "mru" || w == "mtu") {
            // pppd's limits: 128 .. 16384.
            const auto v = number<std::uint16_t>(cur.argument(t), t, file, 128, 16384);
            (w == "mru" ? into.mru : into.mtu) = v;
            set_origin(w);
            continue;
        }
        if (w == "lcp-echo-interval" || w == "lcp-echo-failure") {
            const int v = number<int>(cur.argument(t), t, file, 0, 1000000);
            (w == "lcp-echo-interval" ? into.lcp_echo_interval : into.lcp_echo_failure) = v;
            set_origin(w);
            continue;
        }
        if (w.rfind("/dev/", 0) == 0 || looks_like_tty(w)) {
            into.device = w.rfind("/dev/", 0) == 0 ? w : "/dev/" + w;
            set_origin("device");
            continue;
        }
        if (is_all_digits(w)) {
            into.speed = number<std::uint32_t>(t, t, file, 1, 100000000);
            set_origin("speed");
            continue;
        }
        if (w.find(':') != std::string::npos) {
            if (!parse_addresses(w, into))
                throw Error(file, t.line, "'" + w + "' is not a valid <local>:<remote> address pair");
            set_origin("addresses");
            continue;
        }
        throw Error(file, t.line, "unknown option '" + w + "'" + suggestion(w));
    }
}

PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& load) {
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
        throw Error(config_dir + "/peers", 0, "invalid peer name '" + name + "'");
    PeerOptions options;
    const std::string global = config_dir + "/options";
    auto text = load(global);
    if (!text) throw Error(global, 0, "cannot read " + global + " (pppd requires it to exist; it may be empty)");
    parse_options(*text, global, options);
    const std::string peer = config_dir + "/peers/" + name;
    text = load(peer);
    if (!text) throw Error(peer, 0, "no such peer: cannot read " + peer);
    parse_options(*text, peer, options);
    return options;
}

}  // namespace ppp::config
