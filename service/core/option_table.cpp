// The option table. Names, defaults and argument forms follow pppd(8)
// (2.4.9/2.5); `support` says honestly how far pppkit acts on each one, and
// the reader turns Recorded/Refused/Deprecated rows into warnings, so an
// option that changes nothing never does so silently.
#include "core/option_table.hpp"

#include <algorithm>

#include "core/option_values.hpp"

namespace ppp::config {
namespace {

using O = PeerOptions;

// ---- appliers and printers, generic over the PeerOptions member

template <bool O::*M, bool V = true>
void set_flag(O& o, const Arg&) { o.*M = V; }

template <int O::*M>
void set_int(O& o, const Arg& a) { o.*M = static_cast<int>(a.number); }

template <std::string O::*M>
void set_text(O& o, const Arg& a) { o.*M = a.text; }

std::string no_value(const O&) { return ""; }

template <int O::*M>
std::string show_int(const O& o) { return std::to_string(o.*M); }

template <std::string O::*M>
std::string show_text(const O& o) { return o.*M; }

void nothing(O&, const Arg&) {}

std::string mask(const O& o) { return o.password.empty() ? "" : "********"; }

// A command as written, with every word holding chat's \q (the "do not
// log this" mark, as in `ssword: \qs3cret`) replaced by ??????, as chat does.
std::string mask_chat_secrets(const std::string& command) {
    std::string out;
    std::size_t i = 0;
    while (i < command.size()) {
        const std::size_t end = std::min(command.find_first_of(" \t'\"", i), command.size());
        if (end == i) {
            out += command[i++];
            continue;
        }
        const std::string word = command.substr(i, end - i);
        out += word.find("\\q") == std::string::npos ? word : "??????";
        i = end;
    }
    return out;
}

template <std::string O::*M>
std::string show_command(const O& o) { return mask_chat_secrets(o.*M); }

// Flow control: one of three, the last one given wins.
void flow(O& o, bool hardware, bool none, bool software) {
    o.crtscts = hardware;
    o.nocrtscts = none;
    o.xonxoff = software;
}

void require(O& o, bool O::*which) {
    o.*which = true;
    o.auth = true;  // as in pppd: requiring a protocol requires authentication
    o.noauth = false;
    o.origin.erase("noauth");  // no longer in effect
}

void refuse_compression(O& o, const Arg&, std::string_view name) {
    if (std::find(o.refused.begin(), o.refused.end(), name) == o.refused.end()) o.refused.emplace_back(name);
}

template <const char* Name>
void refuse(O& o, const Arg& a) { refuse_compression(o, a, Name); }

constexpr char kBsdcomp[] = "bsdcomp";
constexpr char kDeflate[] = "deflate";
constexpr char kPredictor1[] = "predictor1";
constexpr char kVjMaxSlots[] = "vj-max-slots";

std::string show_ms_dns(const O& o) {
    std::string out;
    for (const Ipv4& a : o.ms_dns) out += (out.empty() ? "" : ",") + a.to_string();
    return out;
}

std::string show_escape(const O& o) {
    std::string out;
    for (const std::uint8_t c : o.escape) out += (out.empty() ? "" : ",") + hex(c).substr(2);
    return out;
}

std::string show_ipv6(const O& o) {
    if (!o.ipv6_local && !o.ipv6_remote) return "";
    return (o.ipv6_local ? format_interface_id(*o.ipv6_local) : "") + "," +
           (o.ipv6_remote ? format_interface_id(*o.ipv6_remote) : "");
}

constexpr long long kDay = 86400;
constexpr long long kYear = 365 * kDay;  // lifecycle timers: a generous sanity bound
constexpr long long kHour = 3600;  // restart timers: >= 1 s, so retransmission never spins
constexpr long long kIntMax = 2147483647;
constexpr long long kCount = 1000000;  // a generous bound on retry counts

// ---- the table

const OptionDef kTable[] = {
    // positional words
    {"device", ArgType::Positional, Layer::Device, Support::Implemented, false, "", "the serial device: /dev/ttyS1 or ttyS1",
     [](O& o, const Arg& a) { o.device = a.text; }, [](const O& o) { return o.device; }},
    {"speed", ArgType::Positional, Layer::Device, Support::Implemented, false, "", "the line speed in bits/s",
     [](O& o, const Arg& a) { o.speed = static_cast<std::uint32_t>(a.number); },
     [](const O& o) { return o.speed ? std::to_string(*o.speed) : std::string(); }},
    {"addresses", ArgType::Positional, Layer::Ipcp, Support::Implemented, false, "",
     "<local>:<remote> IPv4 addresses (either may be omitted)",
     [](O& o, const Arg& a) {
         if (a.ip) o.local_ip = a.ip;
         if (a.ip_remote) o.remote_ip = a.ip_remote;
     }, [](const O& o) {
         return (o.local_ip ? o.local_ip->to_string() : "") + ":" + (o.remote_ip ? o.remote_ip->to_string() : "");
     }},

    // reading more options
    {"file", ArgType::Path, Layer::Parser, Support::Implemented, false, "", "read options from FILE", nothing, no_value},
    {"call", ArgType::Name, Layer::Parser, Support::Implemented, false, "", "read options from /etc/ppp/peers/NAME",
     nothing, no_value},

    // the serial line and dialing
    {"crtscts", ArgType::None, Layer::Device, Support::Implemented, false, "flow", "use RTS/CTS hardware flow control",
     [](O& o, const Arg&) { flow(o, true, false, false); }, no_value},
    {"nocrtscts", ArgType::None, Layer::Device, Support::Implemented, false, "flow", "no hardware flow control",
     [](O& o, const Arg&) { flow(o, false, true, false); }, no_value},
    {"-crtscts", ArgType::None, Layer::Device, Support::Implemented, false, "flow", "same as nocrtscts",
     [](O& o, const Arg&) { flow(o, false, true, false); }, no_value},
    {"xonxoff", ArgType::None, Layer::Device, Support::Implemented, false, "flow", "use XON/XOFF software flow control",
     [](O& o, const Arg&) { flow(o, false, false, true); }, no_value},
    {"modem", ArgType::None, Layer::Device, Support::Implemented, false, "modemlines",
     "use the modem control lines (DCD, DTR)", [](O& o, const Arg&) { o.modem = true; o.local = false; }, no_value},
    {"local", ArgType::None, Layer::Device, Support::Implemented, false, "modemlines",
     "ignore the modem control lines (null-modem cable)", [](O& o, const Arg&) { o.local = true; o.modem = false; },
     no_value},
    {"lock", ArgType::None, Layer::Device, Support::Implemented, false, "lock", "create a UUCP lock file for the device",
     set_flag<&O::lock>, no_value},
    {"nolock", ArgType::None, Layer::Device, Support::Implemented, false, "lock", "no UUCP lock file",
     set_flag<&O::lock, false>, no_value},
    {"connect", ArgType::Text, Layer::Dialer, Support::Implemented, true, "",
     "command to set up the line (a chat invocation runs in pppkit's chat engine)", set_text<&O::connect>,
     show_command<&O::connect>},
    {"disconnect", ArgType::Text, Layer::Dialer, Support::Implemented, true, "", "command run after the link goes down",
     set_text<&O::disconnect>, show_command<&O::disconnect>},
    {"init", ArgType::Text, Layer::Dialer, Support::Implemented, true, "", "command to initialise the line before connect",
     set_text<&O::init>, show_command<&O::init>},
    {"welcome", ArgType::Text, Layer::Dialer, Support::Implemented, true, "", "command run after connect, before PPP",
     set_text<&O::welcome>, show_command<&O::welcome>},
    {"connect-delay", ArgType::Int, Layer::Dialer, Support::Implemented, false, "",
     "ms to wait for the peer's first frame after connect", set_int<&O::connect_delay>, show_int<&O::connect_delay>, 0,
     kDay * 1000},
    {"pty", ArgType::Text, Layer::Device, Support::Unsupported, true, "", "run PPP over a command's pty", nothing,
     no_value, 0, 0, "'pty' is not supported: pppkit talks PPP over a serial device"},
    {"notty", ArgType::None, Layer::Device, Support::Unsupported, true, "", "run PPP over stdin/stdout", nothing,
     no_value, 0, 0, "'notty' is not supported: pppkit talks PPP over a serial device"},
    {"sync", ArgType::None, Layer::Device, Support::Unsupported, false, "", "synchronous HDLC", nothing, no_value, 0, 0,
     "'sync' is not supported: pppkit does asynchronous HDLC only"},
    {"plugin", ArgType::Text, Layer::Parser, Support::Unsupported, true, "", "load a pppd plugin", nothing, no_value, 0,
     0, "pppd plugins (rp-pppoe.so, pppoatm.so, ...) are not supported"},

    // LCP
    {"mru", ArgType::Int, Layer::Lcp, Support::Implemented, false, "", "the MRU to ask the peer for",
     [](O& o, const Arg& a) { o.mru = static_cast<std::uint16_t>(a.number); },
     [](const O& o) { return o.mru ? std::to_string(*o.mru) : std::string(); }, 128, 16384},
    {"mtu", ArgType::Int, Layer::Lcp, Support::Implemented, false, "", "the largest packet to send",
     [](O& o, const Arg& a) { o.mtu = static_cast<std::uint16_t>(a.number); },
     [](const O& o) { return o.mtu ? std::to_string(*o.mtu) : std::string(); }, 128, 16384},
    {"asyncmap", ArgType::Hex32, Layer::Lcp, Support::Implemented, false, "",
     "async control character map to ask for, hex (several are ORed)",
     [](O& o, const Arg& a) { o.asyncmap = o.asyncmap.value_or(0) | static_cast<std::uint32_t>(a.number); },
     [](const O& o) { return o.asyncmap ? hex(*o.asyncmap) : std::string(); }},
    {"default-asyncmap", ArgType::None, Layer::Lcp, Support::Implemented, false, "",
     "do not negotiate the asyncmap (escape all control characters)", set_flag<&O::default_asyncmap>, no_value},
    {"-am", ArgType::None, Layer::Lcp, Support::Implemented, false, "default-asyncmap", "same as default-asyncmap",
     set_flag<&O::default_asyncmap>, no_value},
    {"escape", ArgType::EscapeList, Layer::Lcp, Support::Implemented, false, "",
     "characters to always escape, hex, comma-separated",
     [](O& o, const Arg& a) {
         o.escape.insert(o.escape.end(), a.bytes.begin(), a.bytes.end());
         std::sort(o.escape.begin(), o.escape.end());
         o.escape.erase(std::unique(o.escape.begin(), o.escape.end()), o.escape.end());
     },
     show_escape},
    {"noaccomp", ArgType::None, Layer::Lcp, Support::Implemented, false, "", "no address/control field compression",
     set_flag<&O::noaccomp>, no_value},
    {"-ac", ArgType::None, Layer::Lcp, Support::Implemented, false, "noaccomp", "same as noaccomp", set_flag<&O::noaccomp>,
     no_value},
    {"nopcomp", ArgType::None, Layer::Lcp, Support::Implemented, false, "", "no protocol field compression",
     set_flag<&O::nopcomp>, no_value},
    {"-pc", ArgType::None, Layer::Lcp, Support::Implemented, false, "nopcomp", "same as nopcomp", set_flag<&O::nopcomp>,
     no_value},
    {"nomagic", ArgType::None, Layer::Lcp, Support::Implemented, false, "", "no magic number negotiation",
     set_flag<&O::nomagic>, no_value},
    {"-mn", ArgType::None, Layer::Lcp, Support::Implemented, false, "nomagic", "same as nomagic", set_flag<&O::nomagic>,
     no_value},
    {"default-mru", ArgType::None, Layer::Lcp, Support::Implemented, false, "", "do not negotiate the MRU",
     set_flag<&O::default_mru>, no_value},
    {"passive", ArgType::None, Layer::Lcp, Support::Implemented, false, "", "wait for the peer's LCP request",
     set_flag<&O::passive>, no_value},
    {"silent", ArgType::None, Layer::Lcp, Support::Implemented, false, "", "send nothing until the peer's LCP request",
     set_flag<&O::silent>, no_value},
    {"lcp-echo-interval", ArgType::Int, Layer::Lcp, Support::Implemented, false, "",
     "seconds between LCP Echo-Requests (0: none)", set_int<&O::lcp_echo_interval>, show_int<&O::lcp_echo_interval>, 0,
     kDay},
    {"lcp-echo-failure", ArgType::Int, Layer::Lcp, Support::Implemented, false, "",
     "unanswered echoes before the peer is considered dead", set_int<&O::lcp_echo_failure>,
     show_int<&O::lcp_echo_failure>, 0, kCount},
    {"lcp-echo-adaptive", ArgType::None, Layer::Lcp, Support::Implemented, false, "",
     "send echoes only when nothing was received", set_flag<&O::lcp_echo_adaptive>, no_value},
    {"lcp-restart", ArgType::Int, Layer::Lcp, Support::Implemented, false, "", "LCP restart timer, seconds",
     set_int<&O::lcp_restart>, show_int<&O::lcp_restart>, 1, kHour},
    {"lcp-max-configure", ArgType::Int, Layer::Lcp, Support::Implemented, false, "", "LCP Configure-Requests to send",
     set_int<&O::lcp_max_configure>, show_int<&O::lcp_max_configure>, 1, kCount},
    {"lcp-max-terminate", ArgType::Int, Layer::Lcp, Support::Implemented, false, "", "LCP Terminate-Requests to send",
     set_int<&O::lcp_max_terminate>, show_int<&O::lcp_max_terminate>, 1, kCount},
    {"lcp-max-failure", ArgType::Int, Layer::Lcp, Support::Implemented, false, "",
     "LCP Configure-Naks before rejecting instead", set_int<&O::lcp_max_failure>, show_int<&O::lcp_max_failure>, 1,
     kCount},

    // authentication
    {"auth", ArgType::None, Layer::Auth, Support::Implemented, false, "auth", "require the peer to authenticate itself",
     [](O& o, const Arg&) { o.auth = true; o.noauth = false; }, no_value},
    {"noauth", ArgType::None, Layer::Auth, Support::Implemented, true, "auth",
     "do not require the peer to authenticate itself", [](O& o, const Arg&) { o.noauth = true; o.auth = false; },
     no_value},
    {"require-pap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "require the peer to use PAP",
     [](O& o, const Arg&) { require(o, &O::require_pap); }, no_value},
    {"+pap", ArgType::None, Layer::Auth, Support::Implemented, false, "require-pap", "same as require-pap",
     [](O& o, const Arg&) { require(o, &O::require_pap); }, no_value},
    {"require-chap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "require the peer to use CHAP-MD5",
     [](O& o, const Arg&) { require(o, &O::require_chap); }, no_value},
    {"+chap", ArgType::None, Layer::Auth, Support::Implemented, false, "require-chap", "same as require-chap",
     [](O& o, const Arg&) { require(o, &O::require_chap); }, no_value},
    {"require-mschap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "require the peer to use MS-CHAP",
     [](O& o, const Arg&) { require(o, &O::require_mschap); }, no_value},
    {"require-mschap-v2", ArgType::None, Layer::Auth, Support::Implemented, false, "", "require the peer to use MS-CHAPv2",
     [](O& o, const Arg&) { require(o, &O::require_mschap_v2); }, no_value},
    {"require-eap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "require the peer to use EAP",
     [](O& o, const Arg&) { require(o, &O::require_eap); }, no_value},
    {"refuse-pap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "never authenticate ourselves with PAP",
     set_flag<&O::refuse_pap>, no_value},
    {"-pap", ArgType::None, Layer::Auth, Support::Implemented, false, "refuse-pap", "same as refuse-pap",
     set_flag<&O::refuse_pap>, no_value},
    {"refuse-chap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "never authenticate ourselves with CHAP",
     set_flag<&O::refuse_chap>, no_value},
    {"-chap", ArgType::None, Layer::Auth, Support::Implemented, false, "refuse-chap", "same as refuse-chap",
     set_flag<&O::refuse_chap>, no_value},
    {"refuse-mschap", ArgType::None, Layer::Auth, Support::Implemented, false, "",
     "never authenticate ourselves with MS-CHAP", set_flag<&O::refuse_mschap>, no_value},
    {"refuse-mschap-v2", ArgType::None, Layer::Auth, Support::Implemented, false, "",
     "never authenticate ourselves with MS-CHAPv2", set_flag<&O::refuse_mschap_v2>, no_value},
    {"refuse-eap", ArgType::None, Layer::Auth, Support::Implemented, false, "", "never authenticate ourselves with EAP",
     set_flag<&O::refuse_eap>, no_value},
    {"name", ArgType::Name, Layer::Auth, Support::Implemented, false, "", "our name for authentication",
     set_text<&O::name>, show_text<&O::name>},
    {"user", ArgType::Name, Layer::Auth, Support::Implemented, false, "", "the name we authenticate ourselves with",
     set_text<&O::user>, show_text<&O::user>},
    {"password", ArgType::Name, Layer::Auth, Support::Implemented, false, "",
     "the password we authenticate with (better kept in pap-secrets)", set_text<&O::password>, mask},
    {"remotename", ArgType::Name, Layer::Auth, Support::Implemented, false, "", "the peer's name for authentication",
     set_text<&O::remotename>, show_text<&O::remotename>},
    {"hide-password", ArgType::None, Layer::Auth, Support::NoOp, false, "password-logging",
     "do not log passwords (always so in pppkit)", set_flag<&O::hide_password>, no_value},
    {"show-password", ArgType::None, Layer::Auth, Support::Deprecated, false, "password-logging", "log PAP passwords",
     nothing, no_value, 0, 0, "'show-password' is ignored: pppkit never logs passwords"},
    {"pap-restart", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "PAP retransmission timeout, seconds",
     set_int<&O::pap_restart>, show_int<&O::pap_restart>, 1, kHour},
    {"pap-max-authreq", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "PAP Authenticate-Requests to send",
     set_int<&O::pap_max_authreq>, show_int<&O::pap_max_authreq>, 1, kCount},
    {"pap-timeout", ArgType::Int, Layer::Auth, Support::Implemented, false, "",
     "seconds to wait for the peer's PAP request (0: forever)", set_int<&O::pap_timeout>, show_int<&O::pap_timeout>, 0,
     kDay},
    {"chap-restart", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "CHAP retransmission timeout, seconds",
     set_int<&O::chap_restart>, show_int<&O::chap_restart>, 1, kHour},
    {"chap-max-challenge", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "CHAP Challenges to send",
     set_int<&O::chap_max_challenge>, show_int<&O::chap_max_challenge>, 1, kCount},
    {"chap-interval", ArgType::Int, Layer::Auth, Support::Implemented, false, "",
     "seconds between CHAP rechallenges (0: none)", set_int<&O::chap_interval>, show_int<&O::chap_interval>, 0, kDay},
    {"eap-restart", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "EAP retransmission timeout, seconds",
     set_int<&O::eap_restart>, show_int<&O::eap_restart>, 1, kHour},
    {"eap-max-sreq", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "EAP Requests to send",
     set_int<&O::eap_max_sreq>, show_int<&O::eap_max_sreq>, 1, kCount},
    {"eap-timeout", ArgType::Int, Layer::Auth, Support::Implemented, false, "",
     "seconds to wait for the peer's EAP request", set_int<&O::eap_timeout>, show_int<&O::eap_timeout>, 0, kDay},
    {"eap-max-rreq", ArgType::Int, Layer::Auth, Support::Implemented, false, "", "EAP Responses to send",
     set_int<&O::eap_max_rreq>, show_int<&O::eap_max_rreq>, 1, kCount},
    {"eap-interval", ArgType::Int, Layer::Auth, Support::Implemented, false, "",
     "seconds between EAP reauthentications (0: none)", set_int<&O::eap_interval>, show_int<&O::eap_interval>, 0,
     kDay},

    // IPCP
    {"noipdefault", ArgType::None, Layer::Ipcp, Support::Implemented, false, "",
     "let the peer assign our address (pppkit never guesses it from the host name)", set_flag<&O::noipdefault>,
     no_value},
    {"ipcp-accept-local", ArgType::None, Layer::Ipcp, Support::Implemented, false, "",
     "accept the peer's idea of our address", set_flag<&O::ipcp_accept_local>, no_value},
    {"ipcp-accept-remote", ArgType::None, Layer::Ipcp, Support::Implemented, false, "",
     "accept the peer's idea of its address", set_flag<&O::ipcp_accept_remote>, no_value},
    {"usepeerdns", ArgType::None, Layer::Ipcp, Support::Implemented, false, "", "ask the peer for DNS servers",
     set_flag<&O::usepeerdns>, no_value},
    {"ms-dns", ArgType::Ipv4, Layer::Ipcp, Support::Implemented, false, "",
     "a DNS server to offer the peer (the last two given are used)",
     [](O& o, const Arg& a) {
         o.ms_dns.push_back(*a.ip);
         if (o.ms_dns.size() > 2) o.ms_dns.erase(o.ms_dns.begin());
     },
     show_ms_dns},
    {"defaultroute", ArgType::None, Layer::Ipcp, Support::Implemented, false, "defaultroute",
     "add a default route through the link",
     [](O& o, const Arg&) { o.defaultroute = true; o.nodefaultroute = false; },
     no_value},
    {"nodefaultroute", ArgType::None, Layer::Ipcp, Support::Implemented, false, "defaultroute",
     "no default route through the link",
     [](O& o, const Arg&) { o.defaultroute = false; o.nodefaultroute = true; o.replacedefaultroute = false; },
     no_value},
    {"-defaultroute", ArgType::None, Layer::Ipcp, Support::Implemented, false, "defaultroute", "same as nodefaultroute",
     [](O& o, const Arg&) { o.defaultroute = false; o.nodefaultroute = true; o.replacedefaultroute = false; },
     no_value},
    {"replacedefaultroute", ArgType::None, Layer::Ipcp, Support::Deprecated, false, "defaultroute",
     "replace an existing default route (removed in pppd 2.5.3)",
     [](O& o, const Arg&) { o.defaultroute = true; o.nodefaultroute = false; o.replacedefaultroute = true; },
     no_value, 0, 0,
     "'replacedefaultroute' was removed in pppd 2.5.3; pppkit still does what pppd 2.4 did: it implies "
     "'defaultroute', replaces an existing default route and restores it when the link goes down"},
    {"defaultroute-metric", ArgType::Int, Layer::Ipcp, Support::Implemented, false, "",
     "the metric of the default route", [](O& o, const Arg& a) { o.defaultroute_metric = static_cast<int>(a.number); },
     [](const O& o) { return o.defaultroute_metric ? std::to_string(*o.defaultroute_metric) : std::string(); }, 0,
     kIntMax},
    {"proxyarp", ArgType::None, Layer::Ipcp, Support::Implemented, false, "proxyarp",
     "publish a proxy ARP entry for the peer", set_flag<&O::proxyarp>, no_value},
    {"noproxyarp", ArgType::None, Layer::Ipcp, Support::NoOp, false, "proxyarp", "no proxy ARP entry",
     set_flag<&O::proxyarp, false>, no_value},
    {"ipcp-restart", ArgType::Int, Layer::Ipcp, Support::Implemented, false, "", "IPCP restart timer, seconds",
     set_int<&O::ipcp_restart>, show_int<&O::ipcp_restart>, 1, kHour},
    {"ipcp-max-configure", ArgType::Int, Layer::Ipcp, Support::Implemented, false, "", "IPCP Configure-Requests to send",
     set_int<&O::ipcp_max_configure>, show_int<&O::ipcp_max_configure>, 1, kCount},
    {"ipcp-max-terminate", ArgType::Int, Layer::Ipcp, Support::Implemented, false, "", "IPCP Terminate-Requests to send",
     set_int<&O::ipcp_max_terminate>, show_int<&O::ipcp_max_terminate>, 1, kCount},
    {"ipcp-max-failure", ArgType::Int, Layer::Ipcp, Support::Implemented, false, "",
     "IPCP Configure-Naks before rejecting instead", set_int<&O::ipcp_max_failure>, show_int<&O::ipcp_max_failure>, 1,
     kCount},
    {"noip", ArgType::None, Layer::Ipcp, Support::Implemented, false, "", "disable IPCP (IPv6 only; needs +ipv6)",
     set_flag<&O::noip>, no_value},
    {"noipx", ArgType::None, Layer::Ipcp, Support::NoOp, false, "", "no IPX (pppkit never does IPX)", nothing,
     no_value},
    {"-ipx", ArgType::None, Layer::Ipcp, Support::NoOp, false, "noipx", "same as noipx", nothing, no_value},

    // IPv6CP
    {"+ipv6", ArgType::None, Layer::Ipv6cp, Support::Implemented, false, "ipv6", "negotiate IPv6 (IPv6CP)",
     set_flag<&O::ipv6>, no_value},
    {"ipv6", ArgType::Ipv6Ids, Layer::Ipv6cp, Support::Implemented, false, "ipv6",
     "negotiate IPv6 with these <local>,<remote> interface identifiers",
     [](O& o, const Arg& a) {
         o.ipv6 = true;
         if (a.has_local) o.ipv6_local = a.id_local;
         if (a.has_remote) o.ipv6_remote = a.id_remote;
     },
     show_ipv6},
    {"noipv6", ArgType::None, Layer::Ipv6cp, Support::Implemented, false, "ipv6", "do not negotiate IPv6",
     set_flag<&O::ipv6, false>, no_value},
    {"-ipv6", ArgType::None, Layer::Ipv6cp, Support::Implemented, false, "ipv6", "same as noipv6", set_flag<&O::ipv6, false>,
     no_value},
    {"ipv6cp-accept-local", ArgType::None, Layer::Ipv6cp, Support::Implemented, false, "",
     "accept the peer's idea of our interface identifier", set_flag<&O::ipv6cp_accept_local>, no_value},
    {"ipv6cp-use-ipaddr", ArgType::None, Layer::Ipv6cp, Support::Implemented, false, "",
     "use the IPv4 addresses as interface identifiers", set_flag<&O::ipv6cp_use_ipaddr>, no_value},
    {"ipv6cp-use-persistent", ArgType::None, Layer::Ipv6cp, Support::Recorded, false, "",
     "derive the interface identifier from a MAC address", set_flag<&O::ipv6cp_use_persistent>, no_value},
    {"ipv6cp-restart", ArgType::Int, Layer::Ipv6cp, Support::Implemented, false, "", "IPv6CP restart timer, seconds",
     set_int<&O::ipv6cp_restart>, show_int<&O::ipv6cp_restart>, 1, kHour},
    {"ipv6cp-max-configure", ArgType::Int, Layer::Ipv6cp, Support::Implemented, false, "",
     "IPv6CP Configure-Requests to send", set_int<&O::ipv6cp_max_configure>, show_int<&O::ipv6cp_max_configure>, 1,
     kCount},
    {"ipv6cp-max-terminate", ArgType::Int, Layer::Ipv6cp, Support::Implemented, false, "",
     "IPv6CP Terminate-Requests to send", set_int<&O::ipv6cp_max_terminate>, show_int<&O::ipv6cp_max_terminate>, 1,
     kCount},
    {"ipv6cp-max-failure", ArgType::Int, Layer::Ipv6cp, Support::Implemented, false, "",
     "IPv6CP Configure-Naks before rejecting instead", set_int<&O::ipv6cp_max_failure>,
     show_int<&O::ipv6cp_max_failure>, 1, kCount},

    // compression and encryption: never done; turning it off is a no-op,
    // turning it on is accepted and refused when the peer negotiates it
    {"novj", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no Van Jacobson TCP/IP header compression",
     set_flag<&O::novj>, no_value},
    {"-vj", ArgType::None, Layer::Ccp, Support::NoOp, false, "novj", "same as novj", set_flag<&O::novj>, no_value},
    {"novjccomp", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no VJ connection-ID compression", nothing,
     no_value},
    {"-vjccomp", ArgType::None, Layer::Ccp, Support::NoOp, false, "novjccomp", "same as novjccomp", nothing, no_value},
    {"vj-max-slots", ArgType::Int, Layer::Ccp, Support::Refused, false, "", "VJ compression slots", refuse<kVjMaxSlots>,
     no_value, 2, 16, "Van Jacobson compression (IPCP answers it with a Configure-Reject)"},
    {"noccp", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no compression control protocol",
     set_flag<&O::noccp>, no_value},
    {"-ccp", ArgType::None, Layer::Ccp, Support::NoOp, false, "noccp", "same as noccp", set_flag<&O::noccp>, no_value},
    {"nobsdcomp", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no BSD-Compress", set_flag<&O::nobsdcomp>,
     no_value},
    {"-bsdcomp", ArgType::None, Layer::Ccp, Support::NoOp, false, "nobsdcomp", "same as nobsdcomp",
     set_flag<&O::nobsdcomp>, no_value},
    {"bsdcomp", ArgType::Compress, Layer::Ccp, Support::Refused, false, "", "BSD-Compress with these code sizes",
     refuse<kBsdcomp>, no_value, 9, 15, "BSD-Compress (CCP is answered with a Protocol-Reject)"},
    {"nodeflate", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no Deflate compression",
     set_flag<&O::nodeflate>, no_value},
    {"-deflate", ArgType::None, Layer::Ccp, Support::NoOp, false, "nodeflate", "same as nodeflate",
     set_flag<&O::nodeflate>, no_value},
    {"nodeflatedraft", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no draft Deflate", nothing, no_value},
    {"deflate", ArgType::Compress, Layer::Ccp, Support::Refused, false, "", "Deflate with these window sizes",
     refuse<kDeflate>, no_value, 8, 15, "Deflate (CCP is answered with a Protocol-Reject)"},
    {"nopredictor1", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no Predictor-1 compression", nothing,
     no_value},
    {"predictor1", ArgType::None, Layer::Ccp, Support::Refused, false, "", "Predictor-1 compression",
     refuse<kPredictor1>, no_value, 0, 0,
     "Predictor-1 (CCP is answered with a Protocol-Reject)"},
    {"nomppe", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no MPPE encryption", nothing, no_value},
    {"refuse-mppe", ArgType::None, Layer::Ccp, Support::NoOp, false, "nomppe", "same as nomppe", nothing, no_value},
    {"nomppe-40", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no 40-bit MPPE", nothing, no_value},
    {"nomppe-128", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no 128-bit MPPE", nothing, no_value},
    {"nomppe-stateful", ArgType::None, Layer::Ccp, Support::NoOp, false, "", "no stateful MPPE", nothing, no_value},
    {"require-mppe", ArgType::None, Layer::Ccp, Support::Unsupported, false, "", "require MPPE encryption", nothing,
     no_value, 0, 0, "MPPE encryption is not implemented; 'require-mppe' cannot be honoured"},
    {"require-mppe-40", ArgType::None, Layer::Ccp, Support::Unsupported, false, "", "require 40-bit MPPE", nothing,
     no_value, 0, 0, "MPPE encryption is not implemented; 'require-mppe-40' cannot be honoured"},
    {"require-mppe-128", ArgType::None, Layer::Ccp, Support::Unsupported, false, "", "require 128-bit MPPE", nothing,
     no_value, 0, 0, "MPPE encryption is not implemented; 'require-mppe-128' cannot be honoured"},
    {"mppe-stateful", ArgType::None, Layer::Ccp, Support::Unsupported, false, "", "allow stateful MPPE", nothing,
     no_value, 0, 0, "MPPE encryption is not implemented"},

    // the link's life
    {"persist", ArgType::None, Layer::Lifecycle, Support::Implemented, false, "persist",
     "redial after the link goes down", set_flag<&O::persist>, no_value},
    {"nopersist", ArgType::None, Layer::Lifecycle, Support::Implemented, false, "persist", "do not redial",
     set_flag<&O::persist, false>, no_value},
    {"maxfail", ArgType::Int, Layer::Lifecycle, Support::Implemented, false, "",
     "give up after this many failed attempts (0: never)", set_int<&O::maxfail>, show_int<&O::maxfail>, 0, kCount},
    {"holdoff", ArgType::Int, Layer::Lifecycle, Support::Implemented, false, "", "seconds to wait before redialling",
     set_int<&O::holdoff>, show_int<&O::holdoff>, 0, kYear},
    {"idle", ArgType::Int, Layer::Lifecycle, Support::Implemented, false, "",
     "hang up after this many idle seconds (0: never)", set_int<&O::idle>, show_int<&O::idle>, 0, kYear},
    {"maxconnect", ArgType::Int, Layer::Lifecycle, Support::Implemented, false, "",
     "hang up after this many seconds (0: no limit)", set_int<&O::maxconnect>, show_int<&O::maxconnect>, 0, kYear},
    {"demand", ArgType::None, Layer::Lifecycle, Support::Unsupported, false, "", "dial on demand", nothing, no_value,
     0, 0, "dial-on-demand ('demand') is not supported; use 'persist' to keep the link up"},

    // the interface and scripts
    {"ipparam", ArgType::Text, Layer::Interface, Support::Implemented, false, "",
     "extra parameter for the ip-up/ip-down scripts", set_text<&O::ipparam>, show_text<&O::ipparam>},
    {"ifname", ArgType::Name, Layer::Interface, Support::Implemented, true, "", "the interface name to use",
     set_text<&O::ifname>, show_text<&O::ifname>, 0, 15},
    {"unit", ArgType::Int, Layer::Interface, Support::Implemented, false, "", "the pppN unit number to use",
     [](O& o, const Arg& a) { o.unit = static_cast<int>(a.number); },
     [](const O& o) { return o.unit ? std::to_string(*o.unit) : std::string(); }, 0, 65535},
    {"linkname", ArgType::Name, Layer::Interface, Support::Implemented, true, "",
     "the link's name for /run/ppp-NAME.pid and scripts", set_text<&O::linkname>, show_text<&O::linkname>},

    // logging and diagnostics
    {"debug", ArgType::None, Layer::Logging, Support::Implemented, false, "", "log more (packets decoded)",
     [](O& o, const Arg&) { o.debug = true; ++o.debug_level; }, no_value},
    {"-d", ArgType::None, Layer::Logging, Support::Implemented, false, "debug", "same as debug",
     [](O& o, const Arg&) { o.debug = true; ++o.debug_level; }, no_value},
    {"kdebug", ArgType::Int, Layer::Logging, Support::Implemented, false, "",
     "data-path debug lines (1 events, 2 received, 4 sent packets)",
     set_int<&O::kdebug>, show_int<&O::kdebug>, 0, 7},
    {"logfile", ArgType::Path, Layer::Logging, Support::Implemented, false, "",
     "also append the log lines to this file (created 0600)", set_text<&O::logfile>,
     show_text<&O::logfile>},
    {"nodetach", ArgType::None, Layer::Logging, Support::NoOp, false, "detach",
     "stay in the foreground (pppkitd runs every link itself)", set_flag<&O::nodetach>, no_value},
    {"-detach", ArgType::None, Layer::Logging, Support::NoOp, false, "detach", "same as nodetach",
     set_flag<&O::nodetach>, no_value},
    {"updetach", ArgType::None, Layer::Logging, Support::NoOp, false, "detach",
     "detach once the link is up (`pppctl connect --wait` does that)",
     [](O& o, const Arg&) { o.updetach = true; o.nodetach = false; }, no_value},
    {"record", ArgType::Path, Layer::Logging, Support::Implemented, false, "",
     "record the line's bytes to a file for pppdump",
     set_text<&O::record>, show_text<&O::record>},
    {"dump", ArgType::None, Layer::Logging, Support::Implemented, false, "",
     "log the effective options, and where each was set, when the link connects", set_flag<&O::dump>, no_value},
    {"dryrun", ArgType::None, Layer::Logging, Support::Deprecated, false, "", "print the options and exit",
     set_flag<&O::dryrun>, no_value, 0, 0,
     "'dryrun' is ignored by pppkitd (the link is dialled); `pppctl check NAME` shows the options"},
    {"show-options", ArgType::None, Layer::Logging, Support::Deprecated, false, "", "list the options pppd knows",
     set_flag<&O::show_options>, no_value, 0, 0, "'show-options' prints nothing in pppkitd; see `pppctl check --help`"},
};

}  // namespace

std::span<const OptionDef> option_table() { return kTable; }

const OptionDef* find_option(std::string_view name) {
    for (const OptionDef& d : kTable)
        if (d.arg != ArgType::Positional && d.name == name) return &d;
    return nullptr;
}

const OptionDef& positional(std::string_view name) {
    for (const OptionDef& d : kTable)
        if (d.arg == ArgType::Positional && d.name == name) return d;
    return kTable[0];
}

std::string suggestion(std::string_view word) {
    if (word.size() > 40) return "";
    std::string_view best;
    std::size_t best_distance = word.size() <= 4 ? 2 : 3;  // closer than this
    for (const OptionDef& d : kTable) {
        // Aliases and options that would only fail are no help.
        if (d.arg == ArgType::Positional || d.support == Support::Unsupported || d.name.front() == '-' ||
            d.name.front() == '+')
            continue;
        const std::size_t dist = edit_distance(word, d.name);
        if (dist < best_distance) {
            best_distance = dist;
            best = d.name;
        }
    }
    return best.empty() ? "" : " (did you mean '" + std::string(best) + "'?)";
}

}  // namespace ppp::config
