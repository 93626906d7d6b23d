#include "core/chat_text.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace ppp::chat::detail {

Keyword keyword_of(const std::string& w) {
    if (w == "ABORT") return Keyword::Abort;
    if (w == "CLR_ABORT") return Keyword::ClrAbort;
    if (w == "REPORT") return Keyword::Report;
    if (w == "CLR_REPORT") return Keyword::ClrReport;
    if (w == "TIMEOUT") return Keyword::Timeout;
    if (w == "SAY") return Keyword::Say;
    if (w == "ECHO") return Keyword::Echo;
    if (w == "HANGUP") return Keyword::Hangup;
    return Keyword::None;
}

std::optional<int> parse_seconds(std::string_view s) {
    int v = 0;
    if (s.empty() || s.size() > 7) return std::nullopt;
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc{} || p != end || v < 0) return std::nullopt;
    return v;
}

Duration timeout_of(int seconds) { return seconds > 0 ? Duration(std::chrono::seconds(seconds)) : kDefaultTimeout; }

std::vector<std::string> split_alternatives(const std::string& word) {
    std::vector<std::string> parts(1);
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] == '\\' && i + 1 < word.size()) {
            parts.back() += word[i];
            parts.back() += word[++i];
        } else if (word[i] == '-') {
            parts.emplace_back();
        } else {
            parts.back() += word[i];
        }
    }
    return parts;
}

std::string printable(std::string_view s) {
    static constexpr char kOctal[] = "01234567";
    std::string o;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20) {
            o += '^';
            o += static_cast<char>(c + '@');
        } else if (c == 0x7f) {
            o += "^?";
        } else if (c >= 0x80) {
            o += '\\';
            o += kOctal[(c >> 6) & 7];
            o += kOctal[(c >> 3) & 7];
            o += kOctal[c & 7];
        } else {
            o += ch;
        }
    }
    return o;
}

namespace {

// ---------------------------------------------------------------------------
// chat's escapes, interpreted once, when a string is used.

struct Sink {
    virtual ~Sink() = default;
    virtual void put(char c) = 0;
    virtual void delay(Duration) {}   // \d \p
    virtual void line_break() {}      // \K
    virtual void no_return() {}       // \c
    virtual void toggle_quiet() {}    // \q
};

bool is_name_char(char c, bool first) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

// `$NAME` or `${NAME}` at raw[i] (the '$'); returns the index of its last character.
std::size_t substitute_variable(std::string_view raw, std::size_t i, const Invocation& inv, Sink& sink) {
    std::string_view name;
    std::size_t last = i;
    if (i + 1 < raw.size() && raw[i + 1] == '{') {
        const auto close = raw.find('}', i + 2);
        if (close == std::string_view::npos) {
            sink.put('$');
            return i;
        }
        name = raw.substr(i + 2, close - i - 2);
        last = close;
    } else {
        std::size_t j = i + 1;
        while (j < raw.size() && is_name_char(raw[j], j == i + 1)) ++j;
        name = raw.substr(i + 1, j - i - 1);
        last = j - 1;
    }
    if (name.empty()) {
        sink.put('$');
        return i;
    }
    if (auto it = inv.environment.find(std::string(name)); it != inv.environment.end())
        for (const char c : it->second) sink.put(c);
    return last;
}

void interpret(std::string_view raw, const Invocation& inv, Sink& sink) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '^' && i + 1 < raw.size()) {
            const char x = raw[++i];
            sink.put(x == '?' ? '\x7f' : static_cast<char>(x & 0x1f));
            continue;
        }
        if (c == '$' && inv.use_environment) {
            i = substitute_variable(raw, i, inv, sink);
            continue;
        }
        if (c != '\\' || i + 1 >= raw.size()) {
            sink.put(c);
            continue;
        }
        const char e = raw[++i];
        switch (e) {
            case 'b': sink.put('\b'); break;
            case 'c': sink.no_return(); break;
            case 'd': sink.delay(kDelay); break;
            case 'K': sink.line_break(); break;
            case 'n': sink.put('\n'); break;
            case 'N': sink.put('\0'); break;
            case 'p': sink.delay(kPause); break;
            case 'q': sink.toggle_quiet(); break;
            case 'r': sink.put('\r'); break;
            case 's': sink.put(' '); break;
            case 't': sink.put('\t'); break;
            case 'T': for (const char ch : inv.phone) sink.put(ch); break;
            case 'U': for (const char ch : inv.phone2) sink.put(ch); break;
            default:
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7'; ++k)
                        v = v * 8 + (raw[++i] - '0');
                    sink.put(static_cast<char>(v & 0xff));
                } else {
                    sink.put(e);  // `\\`, `\-`, `\'`, `\"`, …: the character itself
                }
        }
    }
}

}  // namespace

std::string plain_string(std::string_view raw, const Invocation& inv) {
    struct Collect : Sink {
        std::string text;
        void put(char c) override {
            if (c != '\0') text += c;
        }
    } sink;
    interpret(raw, inv, sink);
    return std::move(sink.text);
}

Send compile_send(std::string_view raw, const Invocation& inv) {
    if (raw == "EOT") return Send{{Step{"\x04", {}}}, "^D"};  // no return after EOT
    if (raw == "BREAK") return Send{{Step{{}, {}, true}}, "BREAK"};  // a break condition, no return
    struct Build : Sink {
        Send out{{Step{}}, {}};
        bool quiet = false, masked = false, add_return = true;
        void show(std::string_view s) {
            if (!quiet) {
                out.shown += s;
            } else if (!masked) {
                out.shown += kMask;
                masked = true;
            }
        }
        void put(char c) override {
            out.steps.back().bytes += c;
            show(printable(std::string_view(&c, 1)));
        }
        void delay(Duration d) override {
            out.steps.back().wait += d;
            out.steps.emplace_back();
            show(d == kDelay ? "\\d" : "\\p");
        }
        void line_break() override {
            out.steps.back().line_break = true;
            out.steps.emplace_back();
            show("\\K");
        }
        void no_return() override { add_return = false; }
        void toggle_quiet() override {
            quiet = !quiet;
            masked = false;
        }
    } b;
    interpret(raw, inv, b);
    if (b.add_return) b.put('\r');
    auto& steps = b.out.steps;
    steps.erase(std::remove_if(steps.begin(), steps.end(),
                               [](const Step& s) { return s.bytes.empty() && s.wait == Duration{} && !s.line_break; }),
                steps.end());
    return std::move(b.out);
}

}  // namespace ppp::chat::detail
