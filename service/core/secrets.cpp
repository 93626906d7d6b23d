// pppd's secrets files: pppd(8) AUTHENTICATION.
//
// Choices where pppd's behaviour is silent or surprising:
// - pppd skips lines with fewer than three words, and a line whose @/path
//   cannot be read, without a word; here each is a file:line error (the
//   line is still skipped), so a typo does not silently break a login.
// - An unterminated quote makes pppd read the rest of the file as one word;
//   here it is an error on the line where the quote starts and reading
//   resumes on the next line (from there on, each physical line on its own).
// - An address word that is neither an address, a subnet, "*", "-" (first
//   only) nor a host name is an error and the line is skipped: an address
//   restriction that cannot be understood must not grant access.
// - Client and server names are bounded at 255 bytes (pppd's MAXNAMELEN with
//   the terminator), secrets at 256 bytes (MAXSECRETLEN); no field may hold a
//   NUL byte (pppd would silently cut the value there).
// - An entry ends at a newline outside quotes; a quoted word may span lines
//   and a backslash-newline continues the line, as in pppd.
#include "core/secrets.hpp"

#include <algorithm>
#include <charconv>

namespace ppp::secrets {
namespace {

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxSecret = 256;

using config::Error;
using config::Token;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// A logical line of a secrets file: one entry's text, possibly spanning
// several physical lines, and the number of its first physical line.
struct LogicalLine {
    std::string_view text;
    int line;
};

// Splits text where pppd's word reader ends an entry: at a newline that is
// neither inside a quoted word nor escaped (backslash-newline continues the
// line); a newline always ends a comment. Only the boundaries are found
// here; config::tokenize reads each piece's words.
std::vector<LogicalLine> logical_lines(std::string_view text) {
    std::vector<LogicalLine> out;
    std::size_t start = 0;
    int line = 1, first = 1;
    char quote = 0;
    bool in_word = false, comment = false;
    const std::size_t n = text.size();
    auto end_line = [&](std::size_t at) {
        out.push_back({text.substr(start, at - start), first});
        start = at + 1;
        first = ++line;
        in_word = false;
        comment = false;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[i];
        if (comment) {
            if (c == '\n') end_line(i);
            continue;
        }
        if (c == '\\' && i + 1 < n) {
            // The escaped character (a continuation for newline or CRLF).
            if (text[i + 1] == '\r' && i + 2 < n && text[i + 2] == '\n') ++i;
            if (text[++i] == '\n') ++line;
            in_word = true;
            continue;
        }
        if (quote) {
            if (c == quote) quote = 0;
            else if (c == '\n') ++line;
            continue;
        }
        if (c == '\n') {
            end_line(i);
        } else if (c == '"' || c == '\'') {
            quote = c;
            in_word = true;
        } else if (is_space(c)) {
            in_word = false;
        } else if (c == '#' && !in_word) {
            comment = true;
        } else {
            in_word = true;
        }
    }
    if (start < n) out.push_back({text.substr(start), first});
    return out;
}

// The words of one logical line, numbered in the whole file.
std::vector<Token> words_of(const LogicalLine& l, const std::string& file) {
    auto tokens = config::tokenize(l.text, file);
    for (auto& t : tokens) t.line += l.line - 1;
    return tokens;
}

// One address word, parsed. Host names are accepted but never match.
struct Address {
    bool permit = true;
    bool any = false;      // "*"
    bool host = false;     // a host name: cannot be resolved without I/O
    bool unit = false;     // "/n+": the address unit+1 in the subnet
    std::uint32_t base = 0, mask = 0;
};

bool is_host_name(std::string_view word) {
    bool letter = false;
    for (const char c : word) {
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && !(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '_') return false;
        letter = letter || alpha;
    }
    return letter && word.front() != '-' && word.front() != '.';
}

std::optional<Address> parse_address(std::string_view word) {
    Address a;
    if (!word.empty() && word.front() == '!') {
        a.permit = false;
        word.remove_prefix(1);
    }
    if (word.empty()) return std::nullopt;
    if (word == "*") {
        if (!a.permit) return std::nullopt;  // "!*" would mean "nothing", which is "-"
        a.any = true;
        return a;
    }
    const std::size_t slash = word.find('/');
    if (slash == std::string_view::npos && is_host_name(word)) {
        a.host = true;
        return a;
    }
    const auto ip = Ipv4::parse(word.substr(0, slash));
    if (!ip) return std::nullopt;
    int bits = 32;
    if (slash != std::string_view::npos) {
        std::string_view n = word.substr(slash + 1);
        if (!n.empty() && n.back() == '+') {
            a.unit = true;
            n.remove_suffix(1);
        }
        auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), bits);
        if (ec != std::errc{} || end != n.data() + n.size() || n.empty() || bits < 0 || bits > 32) return std::nullopt;
    }
    a.mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    a.base = ip->value & a.mask;
    return a;
}

bool has_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

// Why `name` cannot be a client/server field, or empty.
std::string bad_name(std::string_view what, std::string_view name) {
    if (name.size() > kMaxName) return std::string(what) + " name is longer than 255 bytes";
    if (has_nul(name)) return std::string(what) + " name contains a NUL byte";
    return {};
}

// The error for a bad address word. The word is shown only when it is
// plainly a mistyped address (four dotted numbers, maybe /n, + or a leading
// '!'): an unquoted secret with a space in it spills into the address list,
// and its tail must not end up in a log.
std::string bad_address(std::string_view word, std::size_t position) {
    std::string_view core = word;
    if (!core.empty() && core.front() == '!') core.remove_prefix(1);
    const bool addressish = !core.empty() && core.find_first_not_of("0123456789./+") == std::string_view::npos &&
                            std::count(core.begin(), core.end(), '.') == 3;
    std::string what = addressish ? "bad address '" + std::string(word) + "'"
                                  : "bad address (word " + std::to_string(position) + ")";
    return what + ": expected a.b.c.d, a.b.c.d/n, a.b.c.d/n+, !address, a host name, * or -;"
                  " a secret containing spaces must be quoted";
}

class LineReader {
public:
    LineReader(const std::string& file, const config::FileLoader& load, ParseResult& out)
        : file_(file), load_(load), out_(out) {}

    // words: one line's tokens (all with the same line number).
    void read(const Token* words, std::size_t count) {
        const int line = words[0].line;
        auto fail = [&](const std::string& message) { out_.errors.emplace_back(file_, line, message); };
        if (count < 3) {
            fail(count == 1 ? "missing server and secret (a line is: client server secret [addresses...])"
                            : "missing secret (a line is: client server secret [addresses...])");
            return;
        }
        Entry e;
        e.file = file_;
        e.line = line;
        e.client = words[0].text;
        e.server = words[1].text;
        for (const auto& why : {bad_name("client", e.client), bad_name("server", e.server)}) {
            if (!why.empty()) return fail(why);
        }
        const std::string& secret = words[2].text;
        if (secret.size() > 1 && secret[0] == '@' && secret[1] == '/') {
            auto indirect = read_indirect(secret.substr(1));
            if (!indirect) return fail(error_);
            e.secret = std::move(*indirect);
        } else {
            e.secret = secret;
        }
        if (e.secret.size() > kMaxSecret) return fail("secret is longer than 256 bytes");
        if (has_nul(e.secret)) return fail("secret contains a NUL byte");
        for (std::size_t i = 3; i < count; ++i) {
            const std::string& word = words[i].text;
            if (word == "-") {
                if (i != 3) return fail("'-' (no address allowed) must be the first address word");
            } else if (has_nul(word) || !parse_address(word)) {
                return fail(bad_address(word, i + 1));
            }
            e.addresses.push_back(word);
        }
        out_.entries.push_back(std::move(e));
    }

private:
    // The first word of the file at `path` (pppd reads it as one word of an
    // options file), or nullopt with error_ set.
    std::optional<std::string> read_indirect(const std::string& path) {
        std::optional<std::string> text;
        try {
            text = load_(path);
        } catch (const Error& e) {
            error_ = e.message();
            return std::nullopt;
        }
        if (!text) {
            error_ = "cannot read the secret file " + path;
            return std::nullopt;
        }
        std::vector<Token> words;
        try {
            words = config::tokenize(*text, path);
        } catch (const Error& e) {
            error_ = "secret file " + path + ": " + e.message();
            return std::nullopt;
        }
        if (words.empty()) {
            error_ = "no secret in the secret file " + path;
            return std::nullopt;
        }
        return std::move(words.front().text);
    }

    const std::string& file_;
    const config::FileLoader& load_;
    ParseResult& out_;
    std::string error_;
};

// The score of an entry for a name: -1 no match, 0 wildcard/unknown, 1 exact.
int field_score(const std::string& field, std::optional<std::string_view> name) {
    if (!name) return 0;
    if (field == *name) return 1;
    return field == "*" ? 0 : -1;
}

}  // namespace

ParseResult parse(std::string_view text, const std::string& file, const config::FileLoader& load) {
    ParseResult result;
    LineReader reader(file, load, result);
    auto read = [&](const std::vector<Token>& words) {
        if (!words.empty()) reader.read(words.data(), words.size());
    };
    const auto lines = logical_lines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        try {
            read(words_of(lines[i], file));
        } catch (const Error& e) {
            // An unterminated quote, which runs to the end of the text: the
            // line where it starts is in error; each physical line after it
            // is read on its own.
            const int bad = e.line() + lines[i].line - 1;
            result.errors.emplace_back(file, bad, e.message());
            std::string_view rest = lines[i].text;
            for (int l = lines[i].line; l < bad; ++l) rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));
            for (int l = bad;; ++l) {
                const std::size_t nl = rest.find('\n');
                if (l > bad) {
                    try {
                        read(words_of({rest.substr(0, nl), l}, file));
                    } catch (const Error& line_error) {
                        result.errors.emplace_back(file, l, line_error.message());
                    }
                }
                if (nl == std::string_view::npos) break;
                rest.remove_prefix(nl + 1);
            }
        }
    }
    return result;
}

const Entry* lookup_partial(const std::vector<Entry>& entries, std::optional<std::string_view> client,
                            std::optional<std::string_view> server) {
    const Entry* best = nullptr;
    int best_score = -1;
    for (const auto& e : entries) {
        const int c = field_score(e.client, client);
        const int s = field_score(e.server, server);
        if (c < 0 || s < 0) continue;
        const int score = 2 * c + s;  // exact client (2) beats exact server (1)
        if (score > best_score) {
            best = &e;
            best_score = score;
        }
    }
    return best;
}

const Entry* lookup(const std::vector<Entry>& entries, std::string_view client, std::string_view server) {
    return lookup_partial(entries, client, server);
}

namespace {

// "/n+": the host part is the unit number plus one.
std::uint32_t unit_address(const Address& a, int unit) {
    return a.base | (static_cast<std::uint32_t>(unit + 1) & ~a.mask);
}

// The one address `a` allows, if it allows exactly one.
std::optional<std::uint32_t> single_address(const Address& a, int unit) {
    if (!a.permit || a.any || a.host) return std::nullopt;
    if (a.unit) return unit_address(a, unit);
    if (a.mask == ~std::uint32_t{0}) return a.base;
    return std::nullopt;
}

}  // namespace

bool address_allowed(const Entry& entry, Ipv4 address, int unit) {
    if (entry.addresses.empty() || entry.addresses.front() == "-") return false;
    for (const auto& word : entry.addresses) {
        const auto a = parse_address(word);
        if (!a || a->host) continue;
        bool match;
        if (a->any) match = true;
        else if (a->unit) match = unit_address(*a, unit) == address.value;
        else match = (address.value & a->mask) == a->base;
        if (match) return a->permit;
    }
    return false;
}

std::optional<Ipv4> suggested_address(const Entry& entry, int unit) {
    if (entry.addresses.empty() || entry.addresses.front() == "-") return std::nullopt;
    for (const auto& word : entry.addresses) {
        const auto a = parse_address(word);
        if (!a) continue;
        if (const auto one = single_address(*a, unit)) return Ipv4{*one};
    }
    return std::nullopt;
}

}  // namespace ppp::secrets
