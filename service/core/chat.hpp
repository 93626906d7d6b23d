// chat(8): parsing of chat scripts and of a `chat ...` connect command, and
// a sans-I/O engine that runs a script against bytes from the modem.
//
// The language (see chat(8)): expect/send pairs, subexpects `a-s-b`, the
// keywords ABORT, CLR_ABORT, REPORT, CLR_REPORT, TIMEOUT, SAY, ECHO, HANGUP,
// the special sends EOT and BREAK, '' for an empty string, and the escapes
// \b \c \d \K \n \N \p \q \r \s \t \T \U \\ \ddd ^X. Escapes are interpreted
// by the engine, never by the tokenizers, so a backslash is processed once.
// Not supported: sending from a file (`@file`), which parse_script rejects.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/options.hpp"
#include "core/types.hpp"

namespace ppp::chat {

using config::Token;

// What running `chat [options] [script | -f file]` means.
struct Invocation {
    Duration timeout = std::chrono::seconds(45);  // -t
    bool verbose = false;                          // -v
    std::optional<std::string> script_file;        // -f FILE
    std::vector<std::string> inline_script;        // the script words given on the command line
    std::string phone, phone2;                     // -T, -U: substituted for \T, \U
    bool echo = false;                             // -e: log the modem's output (also ECHO ON/OFF)
    bool log_to_stderr = false;                    // -s (recorded; the transcript goes to our log)
    bool no_syslog = false;                        // -S (recorded; likewise)
    std::optional<std::string> report_file;        // -r FILE: REPORT lines are appended there
    // -E: $NAME and ${NAME} in script strings are replaced from `environment`
    // (unset names by nothing). The core reads no environment: the caller
    // fills the map, typically with the daemon's environment.
    bool use_environment = false;
    std::map<std::string, std::string> environment;
};

// Parses a connect command such as `chat -v -f /etc/ppp/chat-isp` or
// `/usr/sbin/chat -t 30 "" ATZ OK ATDT555`. Returns nullopt when the command
// is not a plain chat invocation — another program, shell syntax (pipes,
// redirections, `exec`, variables) or a chat flag this engine does not
// implement — and the command is then run externally, as pppd would.
//
// Accepted: first word `chat`, `/usr/sbin/chat` or `/usr/bin/chat`; flags
// -v -V -e -E -s -S (combinable, `-vs`), -t N, -f FILE, -r FILE, -T PHONE, -U PHONE2
// (value attached or as the next word), `--`; then either -f or script words
// (not both, and not neither). Words are split with sh(1) quoting ('…', "…",
// backslash), so `'ATDT\T'` reaches the script as the four characters ATDT\T.
// Anything else — other programs, `exec chat`, `VAR=x chat`, unquoted
// | & ; < > ( ) $ ` * ? [ ] { } ~ #, a newline, unknown flags,
// a bad -t value — yields nullopt: "run the command externally".
std::optional<Invocation> parse_invocation(std::string_view command);

struct Script {
    std::vector<Token> words;  // as tokenized; expect/send pairs and keywords
};

// Reads chat-script syntax: words separated by blanks and newlines; a word
// starting with ' or " runs to the matching quote (a backslash keeps the next
// character, quote included, for the engine's escape processing) and ends
// there; a line whose first character is # is a comment. Checks the
// structure (keywords have their argument, TIMEOUT a number, ECHO/HANGUP
// ON or OFF, expect strings fit the match window, no `@file` sends).
// Throws config::Error ("file:line: message").
Script parse_script(std::string_view text, const std::string& file);

// The same checks for a script given as command-line words
// (Invocation::inline_script); errors name `origin` and the word's position.
Script script_from_words(const std::vector<std::string>& words, const std::string& origin);

// The ABORT strings in chat's numbering after all of the script's ABORT and
// CLR_ABORT keywords: what exit code 3 + n of a chat run externally refers
// to (exact unless the list changes after the ABORT matched, which scripts
// that set their ABORT strings up front never do).
std::vector<std::string> abort_strings(const Script& script, const Invocation& invocation);

enum class Status { Running, Done, Failed };

// How a script ended when Failed; mirrors chat's exit codes.
struct Failure {
    // chat's exit code: 1 = invalid script, 2 = too many ABORT/REPORT strings,
    // 3 = timeout, 3 + n = ABORT string n (1-based, in chat's packed list) matched.
    int exit_code = 2;
    std::string abort_string;    // the ABORT string that matched, if any
    std::string message;         // human: `matched ABORT string "BUSY"`, `timeout waiting for "OK"`
};

// Runs a script. Each expect waits, up to the current timeout, for its string
// at the end of what the modem sent (a bounded window; parity bits stripped),
// while every ABORT string is watched too (per character, after the expect
// string: chat's order; among ABORT strings the first listed wins). A timeout sends the subexpect's
// reply and expects the next alternative, or fails (exit code 3). The \d and
// \p delays are timers: next_deadline() says when to call tick(). Received
// bytes are consumed one at a time, so a chunk holding several answers
// satisfies successive expects as chat reading the tty would.
class Engine {
public:
    Engine(Script script, Invocation invocation);

    // Starts the script (the first send may be due immediately).
    void start(Time now);
    // Bytes received from the modem.
    void input(Time now, Bytes bytes);
    void tick(Time now);
    std::optional<Time> next_deadline() const;

    // Bytes the engine wants written to the modem; the caller drains them.
    std::vector<std::uint8_t> take_output();
    // Break conditions to send after the bytes just taken (BREAK, \K). The
    // engine waits for the next tick() after each, so the order is kept.
    int take_breaks();
    // REPORT matches with the rest of their line ("CONNECT 115200"), for
    // the -r report file; the caller drains them.
    std::vector<std::string> take_reports();
    // HANGUP OFF is in effect: a modem hangup does not end the script.
    bool hangup_ignored() const;
    // Transcript lines, secrets (\q) masked; the caller drains them.
    std::vector<std::string> take_log();
    // Modem bytes the script has not read: after Done, what followed the
    // last expected string (e.g. the start of PPP), to be handed on. Bounded.
    std::vector<std::uint8_t> take_unread();

    Status status() const;
    const Failure& failure() const;

private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace ppp::chat
