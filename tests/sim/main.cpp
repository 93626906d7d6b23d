// pppkit-sim: a Hayes modem plus a PPP ISP on a pty, for tests and demos.
//
//   pppkit-sim --link PATH [--busy | --no-carrier | --no-dialtone] [--mute]
//              [--login] [--auth pap|chap|mschap|mschapv2|eap [--name NAME]] [--user U] [--password P]
//              [--local-ip A] [--remote-ip A]
//              [--dns A[,B]] [--ipv6] [--noip] [--tun NAME] [--once] [--pidfile FILE] [-v]
//   SIGUSR1 drops the carrier of the call in progress; SIGUSR2 makes the ISP
//   stop answering (a dead peer on a live line) until the call ends.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "io/event_loop.hpp"
#include "io/pidfile.hpp"
#include "log.hpp"
#include "simulator.hpp"

namespace {

using ppp::Ipv4;
using ppp::sim::DialOutcome;
using ppp::sim::SimConfig;

constexpr std::string_view kUsage =
    "usage: pppkit-sim --link PATH [options]\n"
    "A Hayes modem plus a PPP ISP on a pseudo-terminal; PATH becomes a symlink to its line.\n"
    "The modem answers AT, ATZ, AT&F, ATE0/1, ATV0/1, ATQ0/1, ATI, ATSn=v, ATSn?, ATD..., ATH, ATO,\n"
    "and '+++' with S12 guard times; after CONNECT it runs PPP in the server role.\n"
    "  --busy | --no-carrier | --no-dialtone   answer ATD with BUSY / NO CARRIER / NO DIALTONE\n"
    "  --mute                 answer nothing at all (for chat timeout tests)\n"
    "  --login                Username:/Password: prompts after CONNECT, then '>'\n"
    "  --auth PROTO           require PPP authentication: pap, chap (CHAP-MD5), mschap (MS-CHAPv1),\n"
    "                         mschapv2 or eap (EAP-MD5)\n"
    "  --name NAME            our name as authenticator, sent in CHAP/EAP challenges (default pppkit-sim)\n"
    "  --user U --password P  the only accepted login and/or PPP authentication (default: any name;\n"
    "                         with --auth the password is required)\n"
    "  --local-ip A           the ISP's address (default 10.64.0.1)\n"
    "  --remote-ip A          the address assigned to the client (default 10.64.0.2)\n"
    "  --dns A[,B]            DNS servers offered to the client\n"
    "  --ipv6                 negotiate IPv6CP too and answer ICMPv6 echo to the ISP's link-local address\n"
    "  --noip                 no IPCP: Protocol-Reject the client's (an IPv6-only ISP, with --ipv6)\n"
    "  --tun NAME             route the client's IP into TUN device NAME\n"
    "                         (default: answer ICMP echo to the ISP's address, drop the rest)\n"
    "  --once                 exit 0 after the first connected call ends\n"
    "  --pidfile FILE         write our pid to FILE (removed on exit)\n"
    "  -v, --verbose          log every PPP packet\n"
    "Signals: SIGUSR1 drops the carrier of the call in progress; SIGUSR2 makes the ISP\n"
    "stop answering (LCP echo requests included) until that call ends.\n";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    SimConfig sim;
    std::string pidfile;
};

Ipv4 parse_ip(std::string_view option, std::string_view text) {
    auto ip = Ipv4::parse(text);
    if (!ip || ip->is_zero()) throw UsageError(std::string(option) + ": not an IPv4 address: '" + std::string(text) + "'");
    return *ip;
}

Options parse_args(int argc, char** argv) {
    Options o;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    int outcomes = 0;
    bool have_login_names = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        std::optional<std::string_view> inline_value;
        if (arg.starts_with("--")) {
            if (auto eq = arg.find('='); eq != std::string_view::npos) {
                inline_value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
            }
        }
        auto value = [&]() -> std::string_view {
            if (inline_value) return *inline_value;
            if (i + 1 >= args.size()) throw UsageError(std::string(arg) + " needs a value");
            return args[++i];
        };
        auto flag = [&] {
            if (inline_value) throw UsageError(std::string(arg) + " takes no value");
        };
        if (arg == "--link") {
            o.sim.link = value();
        } else if (arg == "--busy" || arg == "--no-carrier" || arg == "--no-dialtone") {
            flag();
            ++outcomes;
            o.sim.modem.dial = arg == "--busy"         ? DialOutcome::Busy
                               : arg == "--no-carrier" ? DialOutcome::NoCarrier
                                                       : DialOutcome::NoDialtone;
        } else if (arg == "--mute") {
            flag();
            o.sim.modem.mute = true;
        } else if (arg == "--login") {
            flag();
            o.sim.modem.login = true;
        } else if (arg == "--user") {
            o.sim.modem.user = std::string(value());
            have_login_names = true;
        } else if (arg == "--password") {
            o.sim.modem.password = std::string(value());
            have_login_names = true;
        } else if (arg == "--auth") {
            const std::string_view v = value();
            using ppp::auth::Method;
            if (v == "pap") o.sim.isp.auth = Method::Pap;
            else if (v == "chap") o.sim.isp.auth = Method::ChapMd5;
            else if (v == "mschap") o.sim.isp.auth = Method::MsChap;
            else if (v == "mschapv2") o.sim.isp.auth = Method::MsChapV2;
            else if (v == "eap") o.sim.isp.auth = Method::EapMd5;
            else throw UsageError("--auth: unknown protocol '" + std::string(v) + "' (pap, chap, mschap, mschapv2 or eap)");
        } else if (arg == "--name") {
            o.sim.isp.auth_name = std::string(value());
            if (o.sim.isp.auth_name.empty()) throw UsageError("--name needs a name");
        } else if (arg == "--local-ip") {
            o.sim.isp.local_ip = parse_ip(arg, value());
        } else if (arg == "--remote-ip") {
            o.sim.isp.remote_ip = parse_ip(arg, value());
        } else if (arg == "--ipv6") {
            flag();
            o.sim.isp.ipv6 = true;
        } else if (arg == "--noip") {
            flag();
            o.sim.isp.noip = true;
        } else if (arg == "--dns") {
            const std::string_view v = value();
            const auto comma = v.find(',');
            o.sim.isp.dns1 = parse_ip(arg, v.substr(0, comma));
            if (comma != std::string_view::npos) o.sim.isp.dns2 = parse_ip(arg, v.substr(comma + 1));
        } else if (arg == "--tun") {
            o.sim.isp.tun_name = value();
            if (o.sim.isp.tun_name.empty()) throw UsageError("--tun needs an interface name");
        } else if (arg == "--once") {
            flag();
            o.sim.once = true;
        } else if (arg == "--pidfile") {
            o.pidfile = value();
        } else if (arg == "-v" || arg == "--verbose") {
            flag();
            o.sim.isp.verbose = true;
        } else {
            throw UsageError("unknown argument '" + std::string(arg) + "'");
        }
    }
    if (o.sim.link.empty()) throw UsageError("--link PATH is required");
    if (outcomes > 1) throw UsageError("--busy, --no-carrier and --no-dialtone exclude each other");
    if (have_login_names && !o.sim.modem.login && !o.sim.isp.auth)
        throw UsageError("--user and --password need --login or --auth");
    if (o.sim.isp.auth) {
        o.sim.isp.auth_user = o.sim.modem.user.value_or("");
        if (!o.sim.modem.password) throw UsageError("--auth needs --password");
        o.sim.isp.auth_password = *o.sim.modem.password;
        // Without --login the names are only PPP's: the modem asks nothing.
        if (!o.sim.modem.login) o.sim.modem.user.reset(), o.sim.modem.password.reset();
    }
    if (o.sim.isp.local_ip == o.sim.isp.remote_ip) throw UsageError("--local-ip and --remote-ip must differ");
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
            return 0;
        }
    }
    Options options;
    try {
        options = parse_args(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "pppkit-sim: %s\n%.*s", e.what(), static_cast<int>(kUsage.size()), kUsage.data());
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);
    try {
        ppp::io::EventLoop loop;
        auto on_signal = [&loop] {
            ppp::sim::log_line("terminating on signal");
            loop.exit(0);
        };
        auto term = loop.add_signal(SIGTERM, on_signal);
        auto intr = loop.add_signal(SIGINT, on_signal);
        ppp::sim::Simulator sim(loop, options.sim);
        auto usr1 = loop.add_signal(SIGUSR1, [&sim] { sim.drop_carrier_now(); });
        auto usr2 = loop.add_signal(SIGUSR2, [&sim] { sim.freeze_isp(); });
        ppp::io::PidFile pidfile;
        if (!options.pidfile.empty())
            pidfile = ppp::io::PidFile(options.pidfile, std::to_string(::getpid()) + "\n");
        sim.start();
        return loop.run();
    } catch (const std::system_error& e) {
        ppp::sim::log_line(std::string("error: ") + e.what());
        return 1;
    }
}
