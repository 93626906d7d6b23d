#include "core/chat.hpp"

#include <algorithm>
#include <charconv>
#include <deque>
#include <utility>

namespace ppp::chat {

using config::Error;

namespace {

constexpr std::size_t kMatchWindow = 1024;  // longest expect/ABORT/REPORT string; modem output kept for matching
constexpr std::size_t kUnreadLimit = 4096;  // modem bytes held while no expect is running (oldest dropped)
constexpr std::size_t kEchoLine = 200;      // longest echoed modem line
constexpr std::size_t kReportTail = 64;     // characters reported after a REPORT string
constexpr Duration kDefaultTimeout = std::chrono::seconds(45);
constexpr Duration kDelay = std::chrono::seconds(1);        // \d
constexpr Duration kPause = std::chrono::milliseconds(100);  // \p
constexpr const char* kMask = "??????";

// ---------------------------------------------------------------------------
// Words and keywords

enum class Keyword { None, Abort, ClrAbort, Report, ClrReport, Timeout, Say, Echo, Hangup };

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

// A non-negative number of seconds (digits only, at most 7 of them).
std::optional<int> parse_seconds(std::string_view s) {
    int v = 0;
    if (s.empty() || s.size() > 7) return std::nullopt;
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc{} || p != end || v < 0) return std::nullopt;
    return v;
}

// TIMEOUT 0 and -t 0 mean the default.
Duration timeout_of(int seconds) { return seconds > 0 ? Duration(std::chrono::seconds(seconds)) : kDefaultTimeout; }

// Splits "a-s1-b-s2-c" at the dashes that are not escaped; escapes stay for
// the interpreter (`\-` later becomes '-').
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

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

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

// Expect, ABORT, REPORT and SAY strings: the send-only escapes (\c \d \p \K
// \q) have no effect and a NUL cannot be expected.
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

// A write to the modem and the pause that follows it.
struct Step {
    std::string bytes;
    Duration wait{};
};

// A send string as writes plus its masked transcript form.
struct Send {
    std::vector<Step> steps;
    std::string shown;
};

Send compile_send(std::string_view raw, const Invocation& inv) {
    if (raw == "EOT") return Send{{Step{"\x04", {}}}, "^D"};  // no return after EOT
    if (raw == "BREAK") return Send{{}, "BREAK"};               // no line control here: logged only
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
        void line_break() override { show("\\K"); }
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
                               [](const Step& s) { return s.bytes.empty() && s.wait == Duration{}; }),
                steps.end());
    return std::move(b.out);
}

// ---------------------------------------------------------------------------
// Script text and structure

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<Token> split_words(std::string_view text, const std::string& file) {
    std::vector<Token> out;
    int line = 1;
    bool line_start = true;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            line_start = true;
            continue;
        }
        if (line_start && c == '#') {  // a comment is a line with # in column 1
            while (i < n && text[i] != '\n') ++i;
            continue;
        }
        line_start = false;
        if (is_blank(c)) {
            ++i;
            continue;
        }
        Token tok;
        tok.line = line;
        if (c == '\'' || c == '"') {
            const char quote = c;
            ++i;
            for (;;) {
                if (i >= n || text[i] == '\n')
                    throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + quote + ")");
                if (text[i] == quote) {
                    ++i;
                    break;
                }
                if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') tok.text += text[i++];
                tok.text += text[i++];
            }
        } else {
            while (i < n && text[i] != '\n' && !is_blank(text[i])) {
                if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') tok.text += text[i++];
                tok.text += text[i++];
            }
        }
        out.push_back(std::move(tok));
    }
    return out;
}

void check_send(const Token& word, const std::string& file) {
    if (!word.text.empty() && word.text[0] == '@')
        throw Error(file, word.line, "sending from a file ('" + word.text + "') is not supported");
}

void check_expect(const std::string& text, const Token& word, const std::string& file) {
    if (plain_string(text, Invocation{}).size() > kMatchWindow)
        throw Error(file, word.line, "expect string longer than " + std::to_string(kMatchWindow) + " characters");
}

// Walks the script as the engine will: keyword + argument, or expect + send.
void check_structure(const std::vector<Token>& words, const std::string& file) {
    std::size_t i = 0;
    while (i < words.size()) {
        const Token& w = words[i];
        const Keyword k = keyword_of(w.text);
        if (k != Keyword::None) {
            if (i + 1 >= words.size()) throw Error(file, w.line, w.text + " needs an argument");
            const Token& arg = words[i + 1];
            if (k == Keyword::Timeout && !parse_seconds(arg.text))
                throw Error(file, arg.line, "TIMEOUT needs a number of seconds, not '" + arg.text + "'");
            if ((k == Keyword::Echo || k == Keyword::Hangup) && arg.text != "ON" && arg.text != "OFF")
                throw Error(file, arg.line, w.text + " needs ON or OFF, not '" + arg.text + "'");
            if (k == Keyword::Abort || k == Keyword::Report) {
                if (plain_string(arg.text, Invocation{}).empty())
                    throw Error(file, arg.line, w.text + " needs a non-empty string");
                check_expect(arg.text, arg, file);
            }
            i += 2;
            continue;
        }
        const auto parts = split_alternatives(w.text);
        for (std::size_t p = 0; p < parts.size(); ++p) {
            if (p % 2 == 0) {
                check_expect(parts[p], w, file);
            } else {
                check_send(Token{parts[p], w.line}, file);
            }
        }
        if (i + 1 < words.size()) check_send(words[i + 1], file);
        i += 2;
    }
}

// ---------------------------------------------------------------------------
// sh(1) word splitting for connect commands; nullopt for anything a shell
// would do more with than split words.

std::optional<std::vector<std::string>> shell_words(std::string_view s) {
    static constexpr std::string_view kSpecial = "|&;<>()`$*?[]{}\n";
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(std::exchange(cur, {}));
            in_word = false;
            continue;
        }
        if (kSpecial.find(c) != std::string_view::npos) return std::nullopt;
        if ((c == '#' || c == '~') && !in_word) return std::nullopt;  // comment, home directory
        in_word = true;
        if (c == '\\') {
            if (i + 1 >= s.size()) return std::nullopt;
            cur += s[++i];
        } else if (c == '\'') {
            const auto close = s.find('\'', i + 1);
            if (close == std::string_view::npos) return std::nullopt;
            cur.append(s.substr(i + 1, close - i - 1));
            i = close;
        } else if (c == '"') {
            for (++i;; ++i) {
                if (i >= s.size()) return std::nullopt;
                const char d = s[i];
                if (d == '"') break;
                if (d == '$' || d == '`') return std::nullopt;
                if (d == '\\' && i + 1 < s.size() && std::string_view("$`\"\\").find(s[i + 1]) != std::string_view::npos)
                    cur += s[++i];
                else if (d == '\\' && i + 1 < s.size() && s[i + 1] == '\n')
                    ++i;
                else
                    cur += d;
            }
        } else {
            cur += c;
        }
    }
    if (in_word) words.push_back(std::move(cur));
    return words;
}

bool is_chat_program(const std::string& w) { return w == "chat" || w == "/usr/sbin/chat" || w == "/usr/bin/chat"; }

}  // namespace

// ---------------------------------------------------------------------------

std::optional<Invocation> parse_invocation(std::string_view command) {
    const auto words = shell_words(command);
    if (!words || words->empty() || !is_chat_program(words->front())) return std::nullopt;
    Invocation inv;
    std::size_t i = 1;
    for (; i < words->size(); ++i) {
        const std::string& w = (*words)[i];
        if (w == "--") {
            ++i;
            break;
        }
        if (w.size() < 2 || w[0] != '-') break;
        for (std::size_t j = 1; j < w.size(); ++j) {
            const char flag = w[j];
            switch (flag) {
                case 'v': inv.verbose = true; continue;
                case 'e': inv.echo = true; continue;
                case 'E': inv.use_environment = true; continue;
                case 's': inv.log_to_stderr = true; continue;
                case 'S': inv.no_syslog = true; continue;
                case 't': case 'f': case 'T': case 'U': break;
                default: return std::nullopt;  // -V, -r, …: real chat handles those
            }
            std::string value;
            if (j + 1 < w.size()) {
                value = w.substr(j + 1);
            } else if (i + 1 < words->size()) {
                value = (*words)[++i];
            } else {
                return std::nullopt;
            }
            if (flag == 't') {
                const auto secs = parse_seconds(value);
                if (!secs) return std::nullopt;
                inv.timeout = timeout_of(*secs);
            } else if (flag == 'f') {
                if (value.empty()) return std::nullopt;
                inv.script_file = value;
            } else if (flag == 'T') {
                inv.phone = value;
            } else {
                inv.phone2 = value;
            }
            break;  // the value used the rest of this word
        }
    }
    inv.inline_script.assign(words->begin() + static_cast<std::ptrdiff_t>(i), words->end());
    // chat takes -f or script words, not both; with neither it has nothing to run here.
    if (inv.script_file.has_value() == !inv.inline_script.empty()) return std::nullopt;
    return inv;
}

Script parse_script(std::string_view text, const std::string& file) {
    Script s{split_words(text, file)};
    check_structure(s.words, file);
    return s;
}

Script script_from_words(const std::vector<std::string>& words, const std::string& origin) {
    Script s;
    for (std::size_t i = 0; i < words.size(); ++i) s.words.push_back(Token{words[i], static_cast<int>(i + 1)});
    check_structure(s.words, origin);
    return s;
}

// ---------------------------------------------------------------------------

struct Engine::State {
    Script script;
    Invocation inv;
    std::size_t pos = 0;  // next script word
    bool started = false;
    Status status = Status::Running;
    Failure failure;
    Duration timeout{};
    bool echo = false;
    std::vector<std::string> aborts;   // slot n -> exit code 4 + n; cleared slots are empty
    std::vector<std::string> reports;  // likewise
    Time now{};

    std::vector<std::uint8_t> output;
    std::vector<std::string> log;
    std::deque<std::uint8_t> unread;  // received, not yet consumed by an expect
    std::string echo_line;

    // Writing: steps still to go, and when the current pause ends.
    std::deque<Step> steps;
    std::optional<Time> resume_at;
    bool alternative_next = false;  // after the steps, expect alts[alt]

    // Expecting.
    bool expecting = false;
    std::vector<std::string> alts;     // expect, subsend, expect, subsend, …
    std::size_t alt = 0;
    std::string target;
    std::optional<std::string> reply;  // the send that follows the expect
    std::optional<Time> expect_deadline;
    std::string window;                // recent modem output (7-bit)

    // Makes progress until something must be waited for.
    void run() {
        while (started && status == Status::Running) {
            if (resume_at) return;
            if (!steps.empty()) {
                write_step();
            } else if (alternative_next) {
                alternative_next = false;
                begin_alternative();
            } else if (expecting) {
                if (!consume()) return;
            } else if (pos >= script.words.size()) {
                flush_echo();
                status = Status::Done;
                log.push_back("script done");
            } else {
                next_word();
            }
        }
    }

    void write_step() {
        Step s = std::move(steps.front());
        steps.pop_front();
        output.insert(output.end(), s.bytes.begin(), s.bytes.end());
        if (s.wait > Duration{}) resume_at = now + s.wait;
    }

    void queue_send(const std::string& raw) {
        Send s = compile_send(raw, inv);
        log.push_back("send (" + s.shown + ")");
        steps.insert(steps.end(), s.steps.begin(), s.steps.end());
    }

    void fail(int code, std::string message, std::string abort_string = {}) {
        flush_echo();
        status = Status::Failed;
        failure = Failure{code, std::move(abort_string), std::move(message)};
        expecting = false;
        expect_deadline.reset();
        resume_at.reset();
        steps.clear();
        log.push_back("failed: " + failure.message);
    }

    void next_word() {
        const auto& words = script.words;
        const std::string& w = words[pos].text;
        const Keyword k = keyword_of(w);
        if (k == Keyword::None) {
            begin_expect();
            return;
        }
        if (pos + 1 >= words.size()) {
            fail(1, w + " needs an argument");
            return;
        }
        const std::string& arg = words[pos + 1].text;
        pos += 2;
        switch (k) {
            case Keyword::Abort: add_string(aborts, arg, "abort on"); break;
            case Keyword::Report: add_string(reports, arg, "report on"); break;
            case Keyword::ClrAbort: clear_string(aborts, arg, "abort off"); break;
            case Keyword::ClrReport: clear_string(reports, arg, "report off"); break;
            case Keyword::Timeout: {
                const int secs = parse_seconds(arg).value_or(0);
                timeout = timeout_of(secs);
                const auto shown = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
                log.push_back("timeout set to " + std::to_string(shown) + " seconds");
                break;
            }
            case Keyword::Say: {
                std::string text = plain_string(arg, inv);
                while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
                log.push_back("say: " + printable(text));
                break;
            }
            case Keyword::Echo:
                flush_echo();
                echo = arg == "ON";
                log.push_back(echo ? "echo on" : "echo off");
                break;
            case Keyword::Hangup:
                log.push_back(arg == "ON" ? "hangup on" : "hangup off (noted; the line is not watched here)");
                break;
            case Keyword::None: break;
        }
    }

    void add_string(std::vector<std::string>& list, const std::string& arg, const char* what) {
        std::string s = plain_string(arg, inv);
        if (s.empty() || s.size() > kMatchWindow) {
            fail(1, std::string(what) + ": bad string \"" + printable(s.substr(0, 64)) + "\"");
            return;
        }
        log.push_back(std::string(what) + " (" + printable(s) + ")");
        auto slot = std::find(list.begin(), list.end(), std::string());
        if (slot != list.end()) {
            *slot = std::move(s);
        } else {
            list.push_back(std::move(s));
        }
    }

    void clear_string(std::vector<std::string>& list, const std::string& arg, const char* what) {
        const std::string s = plain_string(arg, inv);
        log.push_back(std::string(what) + " (" + printable(s) + ")");
        for (auto& x : list)
            if (x == s) x.clear();
    }

    void begin_expect() {
        alts = split_alternatives(script.words[pos].text);
        reply.reset();
        if (pos + 1 < script.words.size()) reply = script.words[pos + 1].text;
        pos += 2;
        alt = 0;
        begin_alternative();
    }

    void begin_alternative() {
        target = plain_string(alts[alt], inv);
        if (target.empty()) {  // '' expects nothing
            send_reply();
            return;
        }
        if (target.size() > kMatchWindow) {
            fail(1, "expect string longer than " + std::to_string(kMatchWindow) + " characters");
            return;
        }
        log.push_back("expect (" + printable(target) + ")");
        window.clear();
        expecting = true;
        expect_deadline = now + timeout;
    }

    void send_reply() {
        if (reply) queue_send(*reply);
        reply.reset();
    }

    // Feeds unread bytes to the running expect; true once it ended.
    bool consume() {
        while (!unread.empty()) {
            const auto c = static_cast<char>(unread.front() & 0x7f);
            unread.pop_front();
            see(c);
            for (std::size_t n = 0; n < aborts.size(); ++n) {
                if (!aborts[n].empty() && ends_with(window, aborts[n])) {
                    fail(4 + static_cast<int>(n), "matched ABORT string \"" + printable(aborts[n]) + "\"", aborts[n]);
                    return true;
                }
            }
            for (const auto& r : reports)
                if (!r.empty() && ends_with(window, r)) report(r);
            if (ends_with(window, target)) {
                log.push_back("-- got it");
                expecting = false;
                expect_deadline.reset();
                send_reply();
                return true;
            }
        }
        return false;
    }

    void see(char c) {
        window += c;
        if (window.size() > 2 * kMatchWindow) window.erase(0, window.size() - kMatchWindow);
        if (!echo) return;
        if (c == '\r' || c == '\n') {
            flush_echo();
            return;
        }
        echo_line += c;
        if (echo_line.size() >= kEchoLine) flush_echo();
    }

    void flush_echo() {
        if (!echo_line.empty()) log.push_back("modem: " + printable(std::exchange(echo_line, {})));
    }

    // A REPORT string and what follows it, up to a control character, as far as received.
    void report(const std::string& r) {
        std::string text = r;
        for (std::size_t i = 0; i < unread.size() && i < kReportTail; ++i) {
            const auto c = static_cast<char>(unread[i] & 0x7f);
            if (c < 0x20 || c == 0x7f) break;
            text += c;
        }
        log.push_back("report (" + printable(text) + ")");
    }

    void on_timeout() {
        expecting = false;
        expect_deadline.reset();
        log.push_back("alarm");
        if (alt + 1 >= alts.size()) {
            fail(3, "timeout waiting for \"" + printable(target) + "\"");
            return;
        }
        const std::string subsend = alts[alt + 1];
        alt += 2;
        queue_send(subsend);
        if (alt < alts.size()) {
            alternative_next = true;
        } else {
            send_reply();  // `a-s` with nothing after the subsend: carry on
        }
    }

    void receive(std::uint8_t b) {
        unread.push_back(b);
        if (unread.size() > kUnreadLimit) unread.pop_front();
    }
};

Engine::Engine(Script script, Invocation invocation) : state_(std::make_shared<State>()) {
    state_->script = std::move(script);
    state_->inv = std::move(invocation);
    state_->timeout = state_->inv.timeout > Duration{} ? state_->inv.timeout : kDefaultTimeout;
    state_->echo = state_->inv.echo;
}

void Engine::start(Time now) {
    auto& s = *state_;
    if (s.started) return;
    s.now = now;
    s.started = true;
    s.run();
}

void Engine::input(Time now, Bytes bytes) {
    auto& s = *state_;
    s.now = now;
    if (s.status == Status::Failed) return;
    for (const auto b : bytes) {
        // An expect reads what is held before the bound would drop any of
        // it, so an ABORT early in a big chunk is not lost.
        if (s.unread.size() >= kUnreadLimit && s.expecting && !s.resume_at) s.run();
        s.receive(b);
    }
    s.run();
}

void Engine::tick(Time now) {
    auto& s = *state_;
    s.now = now;
    if (!s.started || s.status != Status::Running) return;
    if (s.resume_at && now >= *s.resume_at) {
        s.resume_at.reset();
        s.run();
    }
    if (s.expect_deadline && now >= *s.expect_deadline) {
        s.on_timeout();
        s.run();
    }
}

std::optional<Time> Engine::next_deadline() const {
    const auto& s = *state_;
    if (!s.started || s.status != Status::Running) return std::nullopt;
    if (s.resume_at) return s.resume_at;
    return s.expect_deadline;
}

std::vector<std::uint8_t> Engine::take_output() { return std::exchange(state_->output, {}); }
std::vector<std::string> Engine::take_log() { return std::exchange(state_->log, {}); }

std::vector<std::uint8_t> Engine::take_unread() {
    auto& u = state_->unread;
    std::vector<std::uint8_t> out(u.begin(), u.end());
    u.clear();
    return out;
}

Status Engine::status() const { return state_->status; }
const Failure& Engine::failure() const { return state_->failure; }

}  // namespace ppp::chat
