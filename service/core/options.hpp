// pppd option files (/etc/ppp/options, /etc/ppp/peers/NAME, `file`, `call`,
// /etc/ppp/options.TTY) parsed into one PeerOptions. Pure: file contents come
// in through a loader callback. The options themselves are rows of one table
// (core/option_table.hpp); this header is the interface the daemon, pppctl
// and the tests use.
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

// A warning (or an error collected rather than thrown) with its place.
struct Diagnostic {
    std::string file;
    int line = 0;
    std::string message;
    std::string text() const { return file + ":" + std::to_string(line) + ": " + message; }
    bool operator==(const Diagnostic&) const = default;
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
    // ---- device and serial line
    std::string device;                // "/dev/ttyS1" (bare "ttyS1" is expanded)
    std::optional<std::uint32_t> speed;
    bool crtscts = false;              // RTS/CTS flow control
    bool nocrtscts = false;            // explicitly no hardware flow control
    bool xonxoff = false;              // software flow control
    bool local = false;                // ignore modem control lines
    bool modem = false;                // use modem control lines (the default unless `local`)
    bool lock = false;                 // UUCP lock file
    std::string connect;               // connect command, as written
    std::string disconnect;
    std::string init;
    std::string welcome;
    int connect_delay = 1000;          // ms to wait for the peer after the connect script

    // ---- LCP (RFC 1661)
    std::optional<std::uint16_t> mru;
    std::optional<std::uint16_t> mtu;
    std::optional<std::uint32_t> asyncmap;  // several `asyncmap` options are ORed, as in pppd
    bool default_asyncmap = false;
    std::vector<std::uint8_t> escape;       // characters always escaped (sorted, unique)
    bool noaccomp = false;
    bool nopcomp = false;
    bool nomagic = false;
    bool default_mru = false;
    bool passive = false;
    bool silent = false;
    int lcp_echo_interval = 0;
    int lcp_echo_failure = 0;
    bool lcp_echo_adaptive = false;
    int lcp_restart = 3;
    int lcp_max_configure = 10;
    int lcp_max_terminate = 2;
    int lcp_max_failure = 5;

    // ---- authentication (field names agreed with the auth work)
    bool noauth = false;
    bool auth = false;                 // `auth` (`noauth` clears it, sets noauth)
    bool refuse_pap = false, refuse_chap = false, refuse_mschap = false,
         refuse_mschap_v2 = false, refuse_eap = false;
    bool require_pap = false, require_chap = false, require_mschap = false,
         require_mschap_v2 = false, require_eap = false;
    std::string name;
    std::string remotename;
    std::string user;
    std::string password;              // `password` option: a secret, never shown/logged
    int pap_restart = 3, pap_max_authreq = 10, pap_timeout = 0;
    int chap_restart = 3, chap_max_challenge = 10, chap_interval = 0;
    int eap_restart = 3, eap_max_sreq = 10, eap_timeout = 20, eap_max_rreq = 20, eap_interval = 0;
    bool hide_password = true;         // pppd's default; `show-password` logs PAP passwords

    // ---- IPCP (RFC 1332, RFC 1877)
    std::optional<Ipv4> local_ip;      // <local>:<remote>
    std::optional<Ipv4> remote_ip;
    bool noipdefault = false;
    bool noip = false;                 // `noip`: no IPCP (an IPv6-only link; needs +ipv6)
    bool ipcp_accept_local = false;
    bool ipcp_accept_remote = false;
    bool usepeerdns = false;
    std::vector<Ipv4> ms_dns;          // the last two `ms-dns` given: primary, secondary
    bool defaultroute = false;
    bool nodefaultroute = false;
    bool replacedefaultroute = false;  // pppd < 2.5.3: replace an existing default route
    std::optional<int> defaultroute_metric;
    bool proxyarp = false;
    int ipcp_restart = 3;
    int ipcp_max_configure = 10;
    int ipcp_max_terminate = 2;
    int ipcp_max_failure = 5;

    // ---- IPv6CP (RFC 5072)
    bool ipv6 = false;                 // `+ipv6`, or `ipv6 <local>,<remote>`
    std::optional<std::uint64_t> ipv6_local;   // interface identifiers
    std::optional<std::uint64_t> ipv6_remote;
    bool ipv6cp_accept_local = false;  // take the peer's idea of our identifier even when given
    bool ipv6cp_use_ipaddr = false;    // identifiers from the IPv4 <local>:<remote>
    bool ipv6cp_use_persistent = false;  // from a MAC address: recorded, not done
    int ipv6cp_restart = 3;
    int ipv6cp_max_configure = 10;
    int ipv6cp_max_terminate = 2;
    int ipv6cp_max_failure = 5;

    // ---- compression: never implemented; accepted and refused on the wire
    bool novj = false, noccp = false, nobsdcomp = false, nodeflate = false;
    std::vector<std::string> refused;  // enabling options given (e.g. "bsdcomp"), refused when negotiated

    // ---- the link's life
    bool persist = false;
    int maxfail = 10;
    int holdoff = 30;
    int idle = 0;
    int maxconnect = 0;

    // ---- interface and scripts
    std::string ipparam;
    std::string ifname;
    std::optional<int> unit;
    std::string linkname;

    // ---- logging and diagnostics
    bool debug = false;
    int debug_level = 0;               // pppd counts repeated `debug`
    int kdebug = 0;
    std::string logfile;
    bool nodetach = false;
    bool updetach = false;
    std::string record;
    bool dump = false;
    bool dryrun = false;
    bool show_options = false;

    // Where each option was last set: option name -> "file:line"
    // (positional words: "device", "speed", "addresses").
    std::map<std::string, std::string> origin;
    // Warnings found while reading (accepted-but-unimplemented options,
    // deprecated options, ignored lower-precedence settings, ...).
    std::vector<Diagnostic> warnings;
    // Every options file read, in order (for `pppctl check`).
    std::vector<std::string> files;

    // Loader bookkeeping: the precedence each option group was set with.
    std::map<std::string, int> precedence;
};

// Returns a file's contents, or nullopt when it does not exist/cannot be read.
using FileLoader = std::function<std::optional<std::string>(const std::string& path)>;

// pppd's precedence of option sources: an option set from a source of
// higher precedence is not overridden by one of lower precedence (pppd's
// OPRIO_CFGFILE < OPRIO_CMDLINE). /etc/ppp/options and the per-tty file are
// configuration files; the peer file stands for `pppd call NAME`'s command line.
enum class Precedence : int { ConfigFile = 1, CommandLine = 2 };

// How one file is read.
struct ParseContext {
    std::string config_dir = "/etc/ppp";  // `call NAME` reads CONFIG_DIR/peers/NAME;
                                          // `file /etc/ppp/X` reads CONFIG_DIR/X
    FileLoader load;                      // for `file` and `call`; unset: they are errors
    Precedence precedence = Precedence::CommandLine;
    // False for files outside the configuration directory, which may belong
    // to anybody: privileged options (noauth, connect, ...) are refused there.
    bool privileged = true;
    // Non-null: errors are collected here and reading goes on with the next
    // word (for `pppctl check`); null: the first error is thrown.
    std::vector<Diagnostic>* errors = nullptr;
    bool per_tty = false;                 // the options.TTY file: the device is fixed
    std::vector<std::string> stack;       // files being read (loop detection)
};

// Applies the options in `text` (named `file` in errors) to `into`.
// Unknown options, missing or bad arguments throw Error with file:line.
void parse_options(std::string_view text, const std::string& file, PeerOptions& into);
void parse_options(std::string_view text, const std::string& file, PeerOptions& into, ParseContext& context);

// The path a file named in the options is read from when the configuration
// lives in `config_dir` instead of /etc/ppp: "/etc/ppp/chat-isp" with
// config_dir "/tmp/x" -> "/tmp/x/chat-isp". Other paths are unchanged.
std::string map_config_path(const std::string& path, const std::string& config_dir);

// The per-tty options file pppd reads for `device`: CONFIG_DIR/options.ttyS1
// for /dev/ttyS1 (the /dev/ prefix removed, other slashes turned into dots);
// "" when there is none (no device).
std::string tty_options_path(const std::string& config_dir, const std::string& device);

// Loads what pppd (as root) would for `call NAME`: CONFIG_DIR/options (a
// missing one is a warning), CONFIG_DIR/peers/NAME, then the per-tty file
// of the device, with pppd's precedence. Throws Error at the first error.
PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& load);

// The same, collecting every error into `errors` instead of throwing (what
// can be read is still returned).
PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& load,
                      std::vector<Diagnostic>& errors);

// Whether `name` can be a peer file name (no '/', no leading '.', printable).
bool valid_peer_name(const std::string& name);

// The effective options, in table order: name, value as pppkit will use it
// ("" for a flag; secrets masked), and "file:line" where it was set.
struct Effective {
    std::string name;
    std::string value;
    std::string origin;
};
std::vector<Effective> effective_options(const PeerOptions& options);

}  // namespace ppp::config
