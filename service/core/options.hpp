// pppd option files (/etc/ppp/options, /etc/ppp/peers/NAME) parsed into one
// PeerOptions. Pure: file contents come in through a loader callback.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace ppp::config {

// A configuration error with its place: what() is "file:line: message".
class Error : public std::runtime_error {
public:
    Error(std::string file, int line, const std::string& message);
    const std::string& file() const { return file_; }
    int line() const { return line_; }
    const std::string& message() const { return message_; }

private:
    std::string file_;
    int line_;
    std::string message_;
};

// One word of an options file after quoting and escapes are resolved.
struct Token {
    std::string text;
    int line = 0;
};

// Splits pppd-syntax text into words: whitespace separates, '#' starts a
// comment to end of line, "double" and 'single' quotes group, backslash
// escapes (\\ \" \' \n \t \r \b \f \s \ddd octal, \<newline> continues).
// Throws Error on an unterminated quote.
std::vector<Token> tokenize(std::string_view text, const std::string& file);

struct PeerOptions {
    std::string device;                // "/dev/ttyS1" (bare "ttyS1" is expanded)
    std::optional<std::uint32_t> speed;
    bool crtscts = false;
    bool local = false;
    std::string connect;               // connect command, as written
    bool noauth = false;
    bool auth = false;                 // `auth` (`noauth` clears it and sets noauth)
    bool defaultroute = false;
    bool usepeerdns = false;
    std::optional<std::uint16_t> mru;
    std::optional<std::uint16_t> mtu;
    std::string name;
    std::string remotename;
    std::string user;
    bool debug = false;
    bool nodetach = false;
    int lcp_echo_interval = 0;
    int lcp_echo_failure = 0;
    bool noipdefault = false;
    bool lock = false;                 // UUCP lock file for the device (`nolock` clears it)
    bool modem = false;                // use modem control lines (the default unless `local`)
    std::string ipparam;               // passed to ip-up & co. as their sixth argument
    std::string linkname;              // LINKNAME for scripts, RUN_DIR/ppp-LINKNAME.pid
    std::optional<Ipv4> local_ip;      // <local>:<remote>
    std::optional<Ipv4> remote_ip;

    // Authentication (pppd(8) AUTHENTICATION). refuse-*: protocols we will not
    // authenticate ourselves with; require-*: protocols we ask the peer for.
    bool refuse_pap = false, refuse_chap = false, refuse_mschap = false, refuse_mschap_v2 = false,
         refuse_eap = false;
    bool require_pap = false, require_chap = false, require_mschap = false, require_mschap_v2 = false,
         require_eap = false;
    std::string password;              // `password` option: a secret, never shown or logged
    int pap_restart = 3, pap_max_authreq = 10, pap_timeout = 0;
    int chap_restart = 3, chap_max_challenge = 10, chap_interval = 0;
    int eap_restart = 3, eap_max_sreq = 10, eap_timeout = 20, eap_max_rreq = 20, eap_interval = 0;

    // Where each option was last set: option name -> "file:line".
    std::map<std::string, std::string> origin;
};

// Returns a file's contents, or nullopt when it does not exist/cannot be read.
using FileLoader = std::function<std::optional<std::string>(const std::string& path)>;

// Applies the options in `text` (named `file` in errors) to `into`.
// Unknown options, missing or bad arguments throw Error with file:line.
void parse_options(std::string_view text, const std::string& file, PeerOptions& into);

// Loads what pppd would for `call NAME`: CONFIG_DIR/options (must exist, as
// pppd requires), then CONFIG_DIR/peers/NAME. Throws Error.
PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& load);

}  // namespace ppp::config
