// The chat(8) engine: runs a checked script against the modem's bytes on
// an injected clock.
#include "core/chat.hpp"

#include <algorithm>
#include <deque>
#include <utility>

#include "core/chat_text.hpp"

namespace ppp::chat {

using namespace detail;

namespace {

constexpr std::size_t kUnreadLimit = 4096;  // modem bytes held while no expect is running (oldest dropped)
constexpr std::size_t kEchoLine = 200;      // longest echoed modem line
constexpr std::size_t kReportTail = 64;     // characters reported after a REPORT string
constexpr std::size_t kMaxStrings = 50;     // ABORT and REPORT strings each, as chat's MAX_ABORTS/MAX_REPORTS

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

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
    std::vector<std::string> aborts;   // index n -> exit code 4 + n
    std::vector<std::string> reports;  // each reports once, then its entry is emptied
    bool hangup = true;                // HANGUP ON: a modem hangup ends the script
    Time now{};
    int breaks = 0;                    // break conditions requested, after `output`
    std::vector<std::string> report_lines;

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
        if (s.line_break) ++breaks;
        // After a break the engine stops until tick(), so the caller sends
        // the bytes before it, then the break, then what follows.
        if (s.wait > Duration{} || s.line_break) resume_at = now + s.wait;
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
                hangup = arg == "ON";
                log.push_back(hangup ? "hangup on" : "hangup off");
                break;
            case Keyword::None: break;
        }
    }

    // As chat keeps them: ABORT n is the nth in the list (exit code 3 + n);
    // CLR_ABORT removes every equal string and closes the gap, so the ones
    // after it move up; a new string goes at the end.
    void add_string(std::vector<std::string>& list, const std::string& arg, const char* what) {
        std::string s = plain_string(arg, inv);
        if (s.empty() || s.size() > kMatchWindow) {
            fail(1, std::string(what) + ": bad string \"" + printable(s.substr(0, 64)) + "\"");
            return;
        }
        if (list.size() >= kMaxStrings) {
            fail(2, std::string("too many strings (") + what + " " + printable(s.substr(0, 64)) + ")");
            return;
        }
        log.push_back(std::string(what) + " (" + printable(s) + ")");
        list.push_back(std::move(s));
    }

    void clear_string(std::vector<std::string>& list, const std::string& arg, const char* what) {
        const std::string s = plain_string(arg, inv);
        log.push_back(std::string(what) + " (" + printable(s) + ")");
        list.erase(std::remove(list.begin(), list.end(), s), list.end());
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

    // Feeds unread bytes to the running expect; true once it ended. Per
    // character, in chat's order: REPORT strings, then the expect string,
    // then the ABORT strings in the order given (so an expect and an ABORT
    // string completed by the same character count as the expect).
    bool consume() {
        while (!unread.empty()) {
            const auto c = static_cast<char>(unread.front() & 0x7f);
            unread.pop_front();
            see(c);
            for (auto& r : reports) {
                if (!r.empty() && ends_with(window, r)) {
                    report(r);
                    r.clear();  // chat reports each REPORT string once
                }
            }
            if (ends_with(window, target)) {
                log.push_back("-- got it");
                expecting = false;
                expect_deadline.reset();
                send_reply();
                return true;
            }
            for (std::size_t n = 0; n < aborts.size(); ++n) {
                if (!aborts[n].empty() && ends_with(window, aborts[n])) {
                    fail(4 + static_cast<int>(n), "matched ABORT string \"" + printable(aborts[n]) + "\"", aborts[n]);
                    return true;
                }
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
        report_lines.push_back(printable(text));
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
int Engine::take_breaks() { return std::exchange(state_->breaks, 0); }
std::vector<std::string> Engine::take_reports() { return std::exchange(state_->report_lines, {}); }
bool Engine::hangup_ignored() const { return !state_->hangup; }
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
