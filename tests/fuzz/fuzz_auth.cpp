// The authentication packet parsers, and every method's protocol object in
// both roles, fed hostile packets with time moving on.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/auth/auth.hpp"
#include "core/auth/mschap.hpp"
#include "core/auth/packets.hpp"
#include "core/packet.hpp"

namespace {
class NullEvents : public ppp::auth::Events {
public:
    void auth_send(std::uint16_t, ppp::Bytes) override {}
    void auth_log(ppp::LogLevel, std::string_view) override {}
    void auth_done(ppp::auth::Role, const ppp::auth::Outcome&) override {}
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::auth;
    const ppp::Bytes all{data, size};
    (void)pap::parse_request(all);
    (void)pap::parse_reply(all);
    (void)chap::parse(all);
    if (auto e = eap::parse(all)) (void)eap::parse_md5(e->data);
    (void)mschap::describe_failure(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)describe_option_value(all);
    (void)method_of_option(all);
    // MS-CHAP's hash of any password (not valid UTF-8 included), any challenge length.
    (void)mschap::v1_nt_response(all.subspan(0, std::min<std::size_t>(size, 9)),
                                 std::string_view(reinterpret_cast<const char*>(data), size));

    Config config;
    config.user = "bob";
    config.name = "isp";
    config.pap_timeout = std::chrono::seconds(5);
    config.secrets = [](Method, std::string_view, std::string_view) -> std::optional<Secret> {
        return Secret{"secret", {"10.0.0.1"}};
    };
    for (Method m : {Method::Pap, Method::ChapMd5, Method::MsChap, Method::MsChapV2, Method::EapMd5}) {
        for (Role role : {Role::Authenticatee, Role::Authenticator}) {
            NullEvents events;
            auto p = make_protocol(role, m, config, events);
            ppp::Time now{};
            p->lower_up(now);
            // The first byte of each packet is its length; odd lengths get a
            // consistent header (code 1..4, the right Length) so the parsers
            // reach the fields, even ones go in raw.
            std::vector<std::uint8_t> packet;
            for (std::size_t i = 0; i < size;) {
                const std::size_t n = std::min<std::size_t>(data[i], size - i - 1);
                const ppp::Bytes chunk{data + i + 1, n};
                if ((data[i] & 1) && n >= 2) {
                    packet.assign(chunk.begin() + 2, chunk.end());
                    std::vector<std::uint8_t> framed;
                    ppp::put_packet(static_cast<std::uint8_t>(1 + chunk[0] % 4), chunk[1], packet, framed);
                    p->input(now, framed);
                } else {
                    p->input(now, chunk);
                }
                i += n + 1;
                now += std::chrono::milliseconds(900);
                p->tick(now);
            }
            p->lower_down();
        }
    }
    return 0;
}
