// Arbitrary line bytes into a session in each role, with time moving on, so
// every protocol's packet parser and the automaton see hostile input.
#include <chrono>
#include <cstdint>

#include "core/session.hpp"

namespace {
class NullObserver : public ppp::SessionObserver {
public:
    void send_line(ppp::Bytes) override {}
    void deliver_ipv4(ppp::Bytes) override {}
    void phase_changed(ppp::Phase, ppp::Phase) override {}
    void network_up(const ppp::NetworkInfo&) override {}
    void network_down() override {}
    void finished(ppp::ExitStatus, std::string_view) override {}
    void log(ppp::LogLevel, std::string_view) override {}
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    for (auto role : {ppp::Role::Client, ppp::Role::Server}) {
        NullObserver observer;
        ppp::SessionConfig config;
        config.role = role;
        // IPv6CP runs beside IPCP, so hostile IPv6CP packets reach its option parser.
        config.ipv6 = true;
        if (role == ppp::Role::Server) {
            config.local_ip = ppp::Ipv4{0x0a400001};
            config.remote_ip = ppp::Ipv4{0x0a400002};
            // The server asks for authentication, so hostile input reaches
            // the Authenticate phase too.
            config.auth.require = {ppp::auth::Method::ChapMd5, ppp::auth::Method::Pap};
        }
        // Both can authenticate, so the client Acks the peer's Auth-Protocol.
        config.auth.user = "bob";
        config.auth.name = "isp";
        config.auth.secrets = [](ppp::auth::Method, std::string_view, std::string_view)
            -> std::optional<ppp::auth::Secret> { return ppp::auth::Secret{"secret"}; };
        ppp::Session session(config, observer);
        ppp::Time now{};
        session.open(now);
        for (std::size_t i = 0; i < size; i += 64) {
            const std::size_t n = size - i < 64 ? size - i : 64;
            session.input(now, ppp::Bytes{data + i, n});
            now += std::chrono::milliseconds(700);
            session.tick(now);
        }
        session.close(now, "done");
    }
    return 0;
}
