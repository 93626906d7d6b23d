// chat(8): parsing of chat scripts and of a `chat ...` connect command, and
// a sans-I/O engine that runs a script against bytes from the modem.
#pragma once

#include <cstdint>
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
};

// Parses a connect command such as `chat -v -f /etc/ppp/chat-isp` or
// `/usr/sbin/chat -t 30 "" ATZ OK ATDT555`. Returns nullopt when the command
// is not a plain chat invocation — another program, shell syntax (pipes,
// redirections, `exec`, variables) or a chat flag this engine does not
// implement — and the command is then run externally, as pppd would.
std::optional<Invocation> parse_invocation(std::string_view command);

struct Script {
    std::vector<Token> words;  // as tokenized; expect/send pairs and keywords
};

// Reads chat-script syntax (quotes, comments as chat(8) allows). Throws config::Error.
Script parse_script(std::string_view text, const std::string& file);

enum class Status { Running, Done, Failed };

// How a script ended when Failed; mirrors chat's exit codes.
struct Failure {
    int exit_code = 2;           // 3 = timeout, 4 + n = ABORT string n matched
    std::string abort_string;    // the ABORT string that matched, if any
    std::string message;         // human: `matched ABORT string "BUSY"`, `timeout waiting for "OK"`
};

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
    // Transcript lines, secrets (\q) masked; the caller drains them.
    std::vector<std::string> take_log();

    Status status() const;
    const Failure& failure() const;

private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace ppp::chat
