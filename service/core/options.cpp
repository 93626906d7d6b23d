// pppd option files: the word syntax of pppd(8) "OPTIONS FILES" and the
// subset of options in options.hpp.
//
// Choices where pppd's behaviour needs the file system or is surprising:
// - A device is a word starting with '/' (used as is) or a bare terminal
//   name (tty*, rfcomm*, pts/N) that gets "/dev/" prepended; pppd instead
//   checks whether /dev/WORD exists, which a pure parser cannot.
// - Numbers are decimal only (pppd also reads 0x.. and leading-zero octal).
// - Words are bounded: names at 255 bytes (pppd's MAXNAMELEN is 256 with
//   the terminator), other arguments at 4096, and no argument may contain
//   a NUL byte (it would silently truncate the value when used as a C string).
#include "core/options.hpp"

#include <algorithm>
#include <charconv>

namespace ppp::config {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int digit_value(char c, int base) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    return v < base ? v : -1;
}

}  // namespace

Error::Error(std::string file, int line, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message), file_(std::move(file)), line_(line), message_(message) {}

std::vector<Token> tokenize(std::string_view text, const std::string& file) {
    std::vector<Token> out;
    int line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();

    // Resolves the escape whose backslash is at text[i - 1], appending to
    // `word`; returns false for a line continuation (nothing appended).
    auto escape = [&](std::string& word) {
        const char e = text[i++];
        switch (e) {
            case 'n': word += '\n'; return true;
            case 't': word += '\t'; return true;
            case 'r': word += '\r'; return true;
            case 'b': word += '\b'; return true;
            case 'f': word += '\f'; return true;
            case 'a': word += '\a'; return true;
            case 's': word += ' '; return true;
            case '\n': ++line; return false;
            case '\r':
                if (i < n && text[i] == '\n') {  // CRLF line ending
                    ++i;
                    ++line;
                    return false;
                }
                word += '\r';
                return true;
            case 'x': {
                int v = 0, digits = 0;
                for (; digits < 2 && i < n && digit_value(text[i], 16) >= 0; ++digits, ++i)
                    v = v * 16 + digit_value(text[i], 16);
                word += digits > 0 ? static_cast<char>(v) : 'x';
                return true;
            }
            default:
                if (digit_value(e, 8) >= 0) {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < n && digit_value(text[i], 8) >= 0; ++k, ++i)
                        v = v * 8 + digit_value(text[i], 8);
                    word += static_cast<char>(v & 0xff);
                } else {
                    word += e;  // \\ \" \' \# and any other character: itself
                }
                return true;
        }
    };

    while (i < n) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (is_space(c)) {
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
        bool any = false;  // a word may be empty (""), but a continuation alone is no word
        while (i < n) {
            const char ch = text[i];
            if (!quote && is_space(ch)) break;
            if (ch == '\\' && i + 1 < n) {
                ++i;
                if (escape(tok.text)) any = true;
                continue;
            }
            ++i;
            if (quote && ch == quote) {
                quote = 0;
            } else if (!quote && (ch == '"' || ch == '\'')) {
                quote = ch;
                any = true;
            } else {
                if (ch == '\n') ++line;
                tok.text += ch;
                any = true;
            }
        }
        if (quote) throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + quote + ")");
        if (any) out.push_back(std::move(tok));
    }
    return out;
}

namespace {

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxArgument = 4096;

class OptionReader {
public:
    OptionReader(const std::vector<Token>& tokens, const std::string& file, PeerOptions& into)
        : tokens_(tokens), file_(file), into_(into) {}

    void run() {
        while (next_ < tokens_.size()) option(tokens_[next_++]);
    }

private:
    const std::vector<Token>& tokens_;
    const std::string& file_;
    PeerOptions& into_;
    std::size_t next_ = 0;

    [[noreturn]] void fail(const Token& at, const std::string& message) const { throw Error(file_, at.line, message); }

    void record(const std::string& key, const Token& at) { into_.origin[key] = file_ + ":" + std::to_string(at.line); }

    const Token& argument(const Token& opt, std::size_t max_length = kMaxArgument) {
        if (next_ >= tokens_.size()) fail(opt, "option '" + opt.text + "' needs an argument");
        const Token& arg = tokens_[next_++];
        if (arg.text.size() > max_length)
            fail(arg, "option '" + opt.text + "': argument longer than " + std::to_string(max_length) + " bytes");
        if (arg.text.find('\0') != std::string::npos) fail(arg, "option '" + opt.text + "': argument contains a NUL byte");
        return arg;
    }

    long long number(const Token& opt, const Token& arg, long long min, long long max) const {
        long long v = 0;
        const char* b = arg.text.data();
        const char* e = b + arg.text.size();
        const auto [p, ec] = std::from_chars(b, e, v);
        const bool digits = !arg.text.empty() && (arg.text[0] != '-' || arg.text.size() > 1);
        if (!digits || p != e || (ec != std::errc{} && ec != std::errc::result_out_of_range))
            fail(arg, "option '" + opt.text + "': '" + arg.text + "' is not a number");
        if (ec == std::errc::result_out_of_range || v < min || v > max)
            fail(arg, "option '" + opt.text + "': " + arg.text + " is out of range (" + std::to_string(min) + ".." +
                          std::to_string(max) + ")");
        return v;
    }

    void option(const Token& t);
};

struct Flag {
    const char* name;
    bool PeerOptions::*member;
};
constexpr Flag kFlags[] = {
    {"crtscts", &PeerOptions::crtscts},
    {"defaultroute", &PeerOptions::defaultroute}, {"usepeerdns", &PeerOptions::usepeerdns},
    {"debug", &PeerOptions::debug},           {"nodetach", &PeerOptions::nodetach},
    {"noipdefault", &PeerOptions::noipdefault}, {"lock", &PeerOptions::lock},
    {"refuse-pap", &PeerOptions::refuse_pap},   {"refuse-chap", &PeerOptions::refuse_chap},
    {"refuse-mschap", &PeerOptions::refuse_mschap}, {"refuse-mschap-v2", &PeerOptions::refuse_mschap_v2},
    {"refuse-eap", &PeerOptions::refuse_eap},   {"require-pap", &PeerOptions::require_pap},
    {"require-chap", &PeerOptions::require_chap}, {"require-mschap", &PeerOptions::require_mschap},
    {"require-mschap-v2", &PeerOptions::require_mschap_v2}, {"require-eap", &PeerOptions::require_eap},
};

struct Text {
    const char* name;
    std::string PeerOptions::*member;
    std::size_t max_length;
};
constexpr Text kTexts[] = {
    {"connect", &PeerOptions::connect, kMaxArgument},
    {"name", &PeerOptions::name, kMaxName},
    {"remotename", &PeerOptions::remotename, kMaxName},
    {"user", &PeerOptions::user, kMaxName},
    {"ipparam", &PeerOptions::ipparam, kMaxArgument},
    {"linkname", &PeerOptions::linkname, kMaxName},
    {"password", &PeerOptions::password, kMaxName},  // pppd's MAXSECRETLEN is 256 with the terminator
};

struct Number {
    const char* name;
    long long min, max;
    int PeerOptions::*member = nullptr;  // nullptr: handled by name
};
// mru/mtu: pppd(8) allows 128..16384. Echo interval (seconds) and failure
// count: non-negative; a day / a million are generous sanity bounds. The
// authentication timers are seconds (restart >= 1 so a retransmission
// timer never fires in a loop), the max-* counts at least one attempt.
constexpr Number kNumbers[] = {
    {"mru", 128, 16384},
    {"mtu", 128, 16384},
    {"lcp-echo-interval", 0, 86400, &PeerOptions::lcp_echo_interval},
    {"lcp-echo-failure", 0, 1000000, &PeerOptions::lcp_echo_failure},
    {"pap-restart", 1, 3600, &PeerOptions::pap_restart},
    {"pap-max-authreq", 1, 1000000, &PeerOptions::pap_max_authreq},
    {"pap-timeout", 0, 86400, &PeerOptions::pap_timeout},
    {"chap-restart", 1, 3600, &PeerOptions::chap_restart},
    {"chap-max-challenge", 1, 1000000, &PeerOptions::chap_max_challenge},
    {"chap-interval", 0, 86400, &PeerOptions::chap_interval},
    {"eap-restart", 1, 3600, &PeerOptions::eap_restart},
    {"eap-max-sreq", 1, 1000000, &PeerOptions::eap_max_sreq},
    {"eap-timeout", 0, 86400, &PeerOptions::eap_timeout},
    {"eap-max-rreq", 1, 1000000, &PeerOptions::eap_max_rreq},
    {"eap-interval", 0, 86400, &PeerOptions::eap_interval},
};

const char* const kOtherOptions[] = {"local", "modem", "nolock", "auth", "noauth"};

bool is_all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// A terminal named without its /dev/ prefix: ttyS1, ttyUSB0, rfcomm0, pts/3.
bool is_bare_tty(const std::string& s) {
    const bool name_ok = std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '.' || c == '/';
    });
    return name_ok && s.find("..") == std::string::npos &&
           ((starts_with(s, "tty") && s.size() > 3) || (starts_with(s, "rfcomm") && s.size() > 6) ||
            (starts_with(s, "pts/") && s.size() > 4));
}

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

// " (did you mean 'x'?)" for a near miss of a known option, else "".
std::string suggestion(const std::string& word) {
    if (word.size() > 40) return "";
    std::string best;
    std::size_t best_distance = word.size() <= 4 ? 2 : 3;  // closer than this
    auto consider = [&](const char* known) {
        const std::size_t d = edit_distance(word, known);
        if (d < best_distance) {
            best_distance = d;
            best = known;
        }
    };
    for (const Flag& f : kFlags) consider(f.name);
    for (const Text& t : kTexts) consider(t.name);
    for (const Number& n : kNumbers) consider(n.name);
    for (const char* o : kOtherOptions) consider(o);
    return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

// "<local>:<remote>", either side may be empty.
bool parse_addresses(const std::string& word, PeerOptions& into) {
    const auto colon = word.find(':');
    if (colon == std::string::npos || word.find(':', colon + 1) != std::string::npos) return false;
    const std::string_view local = std::string_view(word).substr(0, colon);
    const std::string_view remote = std::string_view(word).substr(colon + 1);
    std::optional<Ipv4> local_ip, remote_ip;
    if (!local.empty() && !(local_ip = Ipv4::parse(local))) return false;
    if (!remote.empty() && !(remote_ip = Ipv4::parse(remote))) return false;
    if (local_ip) into.local_ip = local_ip;
    if (remote_ip) into.remote_ip = remote_ip;
    return true;
}

void OptionReader::option(const Token& t) {
    const std::string& w = t.text;
    for (const Flag& f : kFlags) {
        if (w == f.name) {
            into_.*(f.member) = true;
            record(w, t);
            return;
        }
    }
    for (const Text& s : kTexts) {
        if (w == s.name) {
            into_.*(s.member) = argument(t, s.max_length).text;
            record(w, t);
            return;
        }
    }
    for (const Number& num : kNumbers) {
        if (w == num.name) {
            const long long v = number(t, argument(t), num.min, num.max);
            if (num.member) into_.*(num.member) = static_cast<int>(v);
            else if (w == "mru") into_.mru = static_cast<std::uint16_t>(v);
            else into_.mtu = static_cast<std::uint16_t>(v);
            record(w, t);
            return;
        }
    }
    if (w == "nolock") {
        into_.lock = false;
        into_.origin.erase("lock");
        record(w, t);
        return;
    }
    if (w == "local" || w == "modem") {
        // Opposites: the last one given wins.
        into_.local = w == "local";
        into_.modem = w == "modem";
        into_.origin.erase(w == "local" ? "modem" : "local");
        record(w, t);
        return;
    }
    if (w == "auth" || w == "noauth") {
        // Opposites as in pppd: the last one given wins.
        into_.auth = w == "auth";
        into_.noauth = w == "noauth";
        into_.origin.erase(w == "auth" ? "noauth" : "auth");
        record(w, t);
        return;
    }
    if (w.find('\0') != std::string::npos) fail(t, "word contains a NUL byte");
    if (starts_with(w, "/") || is_bare_tty(w)) {
        if (w.size() > kMaxArgument) fail(t, "device name longer than " + std::to_string(kMaxArgument) + " bytes");
        into_.device = starts_with(w, "/") ? w : "/dev/" + w;
        record("device", t);
        return;
    }
    if (is_all_digits(w)) {
        constexpr std::uint32_t kMaxSpeed = 100000000;
        std::uint32_t speed = 0;
        const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), speed);
        if (ec != std::errc{} || speed == 0 || speed > kMaxSpeed)
            fail(t, "speed " + w + " is out of range (1.." + std::to_string(kMaxSpeed) + ")");
        into_.speed = speed;
        record("speed", t);
        return;
    }
    if (w.find(':') != std::string::npos) {
        if (!parse_addresses(w, into_)) fail(t, "'" + w + "' is not a valid <local>:<remote> address pair");
        record("addresses", t);
        return;
    }
    fail(t, "unknown option '" + w + "'" + suggestion(w));
}

bool valid_peer_name(const std::string& name) {
    if (name.empty() || name.size() > kMaxName || name[0] == '.') return false;
    return std::none_of(name.begin(), name.end(),
                        [](char c) { return c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

void parse_options(std::string_view text, const std::string& file, PeerOptions& into) {
    const auto tokens = tokenize(text, file);
    OptionReader(tokens, file, into).run();
}

PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& load) {
    const std::string peers = config_dir + "/peers";
    if (!valid_peer_name(name)) throw Error(peers, 0, "invalid peer name '" + name + "'");
    PeerOptions options;
    const std::string global = config_dir + "/options";
    auto text = load(global);
    if (!text) throw Error(global, 0, "cannot read " + global + " (pppd requires it to exist; it may be empty)");
    parse_options(*text, global, options);
    const std::string peer = peers + "/" + name;
    text = load(peer);
    if (!text) throw Error(peer, 0, "no such peer '" + name + "' (cannot read " + peer + ")");
    parse_options(*text, peer, options);
    return options;
}

}  // namespace ppp::config
