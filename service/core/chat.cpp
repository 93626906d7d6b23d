#include "core/chat.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace ppp::chat {

using config::Error;

namespace {

constexpr std::size_t kMatchWindow = 1024;   // bytes of modem output kept for matching
constexpr auto kDelay = std::chrono::seconds(1);               // \d
constexpr auto kPause = std::chrono::milliseconds(100);        // \p

bool is_chat_program(const std::string& w) { return w == "chat" || w == "/usr/sbin/chat" || w == "/usr/bin/chat"; }

// Splits a chat script into words: whitespace separates, '…' and "…" group,
// backslashes are kept for chat's own escape processing, # starts a comment
// at the beginning of a word.
std::vector<Token> split_words(std::string_view text, const std::string& file) {
    std::vector<Token> out;
    int line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        Token tok;
        tok.line = line;
        if (c == '\'' || c == '"') {
            const char q = c;
            ++i;
            while (i < text.size() && text[i] != q) {
                if (text[i] == '\\' && i + 1 < text.size()) tok.text += text[i++];
                if (text[i] == '\n') throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + q + ")");
                tok.text += text[i++];
            }
            if (i >= text.size()) throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + q + ")");
            ++i;
        } else {
            while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') {
                if (text[i] == '\\' && i + 1 < text.size()) tok.text += text[i++];
                tok.text += text[i++];
            }
        }
        out.push_back(std::move(tok));
    }
    return out;
}

}  // namespace

std::optional<Invocation> parse_invocation(std::string_view command) {
    // Shell syntax means the user wants a shell: run it externally.
    if (command.find_first_of("|;&<>`$()") != std::string_view::npos) return std::nullopt;
    std::vector<Token> words;
    try {
        words = config::tokenize(command, "connect");
    } catch (const Error&) {
        return std::nullopt;
    }
    if (words.empty() || !is_chat_program(words[0].text)) return std::nullopt;
    Invocation inv;
    std::size_t i = 1;
    for (; i < words.size(); ++i) {
        const std::string& w = words[i].text;
        if (w.size() < 2 || w[0] != '-') break;
        auto value = [&]() -> std::optional<std::string> {
            if (w.size() > 2) return w.substr(2);
            if (i + 1 >= words.size()) return std::nullopt;
            return words[++i].text;
        };
        switch (w[1]) {
            case 'v': if (w.size() != 2) return std::nullopt; inv.verbose = true; break;
            case 's':
            case 'S':
            case 'e': if (w.size() != 2) return std::nullopt; break;  // stderr / syslog / echo: transcript goes to our log
            case 't': {
                auto v = value();
                if (!v) return std::nullopt;
                int secs = 0;
                auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), secs);
                if (ec != std::errc{} || p != v->data() + v->size() || secs <= 0) return std::nullopt;
                inv.timeout = std::chrono::seconds(secs);
                break;
            }
            case 'f': {
                auto v = value();
                if (!v) return std::nullopt;
                inv.script_file = *v;
                break;
            }
            case 'T': { auto v = value(); if (!v) return std::nullopt; inv.phone = *v; break; }
            case 'U': { auto v = value(); if (!v) return std::nullopt; inv.phone2 = *v; break; }
            default: return std::nullopt;  // -V, -E, -r, … : real chat handles those
        }
    }
    for (; i < words.size(); ++i) inv.inline_script.push_back(words[i].text);
    if (inv.script_file && !inv.inline_script.empty()) return std::nullopt;  // chat refuses both
    return inv;
}

Script parse_script(std::string_view text, const std::string& file) {
    Script s{split_words(text, file)};
    // Keywords need their argument.
    static const char* const kWithArg[] = {"ABORT", "CLR_ABORT", "REPORT", "CLR_REPORT", "TIMEOUT", "SAY", "ECHO", "HANGUP"};
    for (std::size_t i = 0; i < s.words.size(); ++i) {
        const auto& w = s.words[i].text;
        if (std::find(std::begin(kWithArg), std::end(kWithArg), w) != std::end(kWithArg)) {
            if (i + 1 >= s.words.size()) throw Error(file, s.words[i].line, w + " needs an argument");
            if (w == "TIMEOUT") {
                const auto& a = s.words[i + 1].text;
                int v = 0;
                auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
                if (ec != std::errc{} || p != a.data() + a.size() || v <= 0)
                    throw Error(file, s.words[i + 1].line, "TIMEOUT needs a number of seconds, not '" + a + "'");
            }
            ++i;
        }
    }
    return s;
}

// ---------------------------------------------------------------------------

struct Engine::State {
    // One thing to write: bytes, or a delay before the next.
    struct Out {
        std::string bytes;
        Duration delay{};
    };

    Script script;
    Invocation inv;
    std::size_t pos = 0;                 // next word
    Status status = Status::Running;
    Failure failure;
    std::vector<std::string> aborts;
    Duration timeout;
    std::vector<std::uint8_t> output;
    std::vector<std::string> log;

    // The expect in progress: alternatives "a-s1-b-s2-c" split.
    std::vector<std::string> alternatives;
    std::size_t alt = 0;
    bool expecting = false;
    std::string expect_text;             // processed expect string
    std::string window;                  // recent modem output
    std::optional<Time> expect_deadline;

    std::vector<Out> pending_sends;      // queued after a delay
    std::optional<Time> send_deadline;
    Time now{};

    // Expect strings: chat's escapes.
    static std::string expect_escapes(const std::string& s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '^' && i + 1 < s.size()) {
                out += static_cast<char>(s[++i] & 0x1f);
                continue;
            }
            if (c != '\\' || i + 1 >= s.size()) {
                out += c;
                continue;
            }
            const char e = s[++i];
            switch (e) {
                case 'b': out += '\b'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 's': out += ' '; break;
                case 't': out += '\t'; break;
                case 'N': out += '\0'; break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k)
                            v = v * 8 + (s[++i] - '0');
                        out += static_cast<char>(v);
                    } else {
                        out += e;
                    }
            }
        }
        return out;
    }

    static std::string printable(const std::string& s) {
        std::string o;
        for (unsigned char c : s) {
            if (c < 0x20) {
                o += '^';
                o += static_cast<char>(c + '@');
            } else if (c == 0x7f) {
                o += "^?";
            } else {
                o += static_cast<char>(c);
            }
        }
        return o;
    }

    // Builds the writes for a send string: escapes, delays, \q masking, \c.
    void send(const std::string& raw) {
        if (raw == "EOT") {
            queue("\x04\r", "^D^M");
            return;
        }
        if (raw == "BREAK") {
            log.push_back("send (BREAK)");
            return;
        }
        std::string cur, shown;
        bool quiet = false, add_cr = true;
        auto flush = [&](Duration delay) {
            pending_sends.push_back(Out{cur, delay});
            cur.clear();
        };
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const char c = raw[i];
            auto put = [&](char ch) {
                cur += ch;
                shown += quiet ? std::string("?") : printable(std::string(1, ch));
            };
            if (c == '^' && i + 1 < raw.size()) {
                put(static_cast<char>(raw[++i] & 0x1f));
                continue;
            }
            if (c != '\\' || i + 1 >= raw.size()) {
                put(c);
                continue;
            }
            const char e = raw[++i];
            switch (e) {
                case 'b': put('\b'); break;
                case 'c': add_cr = false; break;
                case 'd': flush(kDelay); break;
                case 'p': flush(kPause); break;
                case 'K': shown += "<break>"; break;
                case 'n': put('\n'); break;
                case 'N': put('\0'); break;
                case 'q': quiet = !quiet; if (quiet) shown += "??????"; break;
                case 'r': put('\r'); break;
                case 's': put(' '); break;
                case 't': put('\t'); break;
                case 'T': for (char ch : inv.phone) put(ch); break;
                case 'U': for (char ch : inv.phone2) put(ch); break;
                case '\\': put('\\'); break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7'; ++k)
                            v = v * 8 + (raw[++i] - '0');
                        put(static_cast<char>(v));
                    } else {
                        put(e);
                    }
            }
        }
        if (add_cr) {
            cur += '\r';
            shown += "^M";
        }
        pending_sends.push_back(Out{cur, {}});
        // Masked: while quiet, each secret character shows as '?'; collapse to a fixed marker.
        std::string masked;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            if (shown.compare(i, 6, "??????") == 0) {
                masked += "??????";
                while (i < shown.size() && shown[i] == '?') ++i;
                --i;
            } else {
                masked += shown[i];
            }
        }
        log.push_back("send (" + masked + ")");
        drain_sends();
    }

    void queue(const std::string& bytes, const std::string& shown) {
        log.push_back("send (" + shown + ")");
        pending_sends.push_back(Out{bytes, {}});
        drain_sends();
    }

    void drain_sends() {
        if (send_deadline && now < *send_deadline) return;
        send_deadline.reset();
        while (!pending_sends.empty()) {
            Out o = std::move(pending_sends.front());
            pending_sends.erase(pending_sends.begin());
            output.insert(output.end(), o.bytes.begin(), o.bytes.end());
            if (o.delay.count() > 0) {
                send_deadline = now + o.delay;
                return;
            }
        }
        if (status != Status::Running) return;
        if (begin_alternative_pending) {
            begin_alternative_pending = false;
            begin_alternative();
        } else if (!expecting) {
            advance();
        }
    }

    void fail(int code, std::string message, std::string abort_string = {}) {
        status = Status::Failed;
        failure = Failure{code, std::move(abort_string), std::move(message)};
        expecting = false;
        expect_deadline.reset();
        send_deadline.reset();
        pending_sends.clear();
        log.push_back(failure.message);
    }

    void start_expect(const std::string& word) {
        alternatives.clear();
        std::string cur;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (word[i] == '\\' && i + 1 < word.size() && word[i + 1] == '-') {
                cur += '-';
                ++i;
            } else if (word[i] == '-') {
                alternatives.push_back(cur);
                cur.clear();
            } else {
                cur += word[i];
            }
        }
        alternatives.push_back(cur);
        alt = 0;
        begin_alternative();
    }

    void begin_alternative() {
        expect_text = expect_escapes(alternatives[alt]);
        if (expect_text.empty()) {
            expecting = false;
            after_match();
            return;
        }
        log.push_back("expect (" + printable(expect_text) + ")");
        expecting = true;
        expect_deadline = now + timeout;
        check_window();
    }

    void check_window() {
        if (!expecting) return;
        for (std::size_t n = 0; n < aborts.size(); ++n) {
            if (!aborts[n].empty() && window.find(aborts[n]) != std::string::npos) {
                fail(4 + static_cast<int>(n), "matched ABORT string \"" + printable(aborts[n]) + "\"", aborts[n]);
                return;
            }
        }
        if (window.find(expect_text) != std::string::npos) {
            log.push_back("-- got it");
            window.clear();
            expecting = false;
            expect_deadline.reset();
            after_match();
        }
    }

    void after_match() {
        // The send that follows this expect (if any), then the next pair.
        ++pos;  // past the expect word
        if (pos < script.words.size()) {
            const std::string s = script.words[pos].text;
            ++pos;
            send(s);
            return;
        }
        advance();
    }

    void on_timeout() {
        expect_deadline.reset();
        if (alt + 2 < alternatives.size()) {
            log.push_back("alarm");
            const std::string sub_send = alternatives[alt + 1];
            alt += 2;
            expecting = false;
            send_then_expect(sub_send);
            return;
        }
        log.push_back("alarm");
        fail(3, "timeout waiting for \"" + printable(expect_text) + "\"");
    }

    // Subexpect: send, then expect the next alternative (not the next pair).
    void send_then_expect(const std::string& s) {
        begin_alternative_pending = true;
        send(s);
    }
    bool begin_alternative_pending = false;

    // Runs keywords until the next expect starts or the script ends.
    void advance() {
        while (status == Status::Running && !expecting && pending_sends.empty() && !send_deadline) {
            if (pos >= script.words.size()) {
                status = Status::Done;
                log.push_back("chat script completed");
                return;
            }
            const std::string& w = script.words[pos].text;
            const std::string arg = pos + 1 < script.words.size() ? script.words[pos + 1].text : std::string();
            if (w == "ABORT") {
                aborts.push_back(expect_escapes(arg));
                log.push_back("abort on (" + printable(aborts.back()) + ")");
                pos += 2;
            } else if (w == "CLR_ABORT") {
                const auto a = expect_escapes(arg);
                for (auto& x : aborts)
                    if (x == a) x.clear();  // keeps the numbering of the others
                pos += 2;
            } else if (w == "TIMEOUT") {
                int v = 0;
                std::from_chars(arg.data(), arg.data() + arg.size(), v);
                if (v > 0) timeout = std::chrono::seconds(v);
                log.push_back("timeout set to " + std::to_string(v) + " seconds");
                pos += 2;
            } else if (w == "SAY") {
                log.push_back(expect_escapes(arg));
                pos += 2;
            } else if (w == "REPORT" || w == "CLR_REPORT" || w == "ECHO" || w == "HANGUP") {
                pos += 2;
            } else {
                start_expect(w);
                return;
            }
        }
    }
};

Engine::Engine(Script script, Invocation invocation) : state_(std::make_shared<State>()) {
    state_->script = std::move(script);
    state_->inv = std::move(invocation);
    state_->timeout = state_->inv.timeout;
}

void Engine::start(Time now) {
    auto& s = *state_;
    s.now = now;
    s.advance();
}

void Engine::input(Time now, Bytes bytes) {
    auto& s = *state_;
    s.now = now;
    if (s.status != Status::Running) return;
    for (auto b : bytes) {
        if (b != 0) s.window += static_cast<char>(b);
    }
    if (s.window.size() > kMatchWindow) s.window.erase(0, s.window.size() - kMatchWindow);
    s.check_window();
}

void Engine::tick(Time now) {
    auto& s = *state_;
    s.now = now;
    if (s.status != Status::Running) return;
    if (s.send_deadline && now >= *s.send_deadline) {
        s.drain_sends();
    }
    if (s.expect_deadline && now >= *s.expect_deadline) s.on_timeout();
}

std::optional<Time> Engine::next_deadline() const {
    const auto& s = *state_;
    if (s.status != Status::Running) return std::nullopt;
    if (s.send_deadline && s.expect_deadline) return std::min(*s.send_deadline, *s.expect_deadline);
    return s.send_deadline ? s.send_deadline : s.expect_deadline;
}

std::vector<std::uint8_t> Engine::take_output() { return std::exchange(state_->output, {}); }
std::vector<std::string> Engine::take_log() { return std::exchange(state_->log, {}); }
Status Engine::status() const { return state_->status; }
const Failure& Engine::failure() const { return state_->failure; }

}  // namespace ppp::chat
