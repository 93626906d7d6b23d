#include "core/auth/auth.hpp"

#include <cstdio>

#include "core/auth/base.hpp"
#include "core/auth/chap.hpp"
#include "core/auth/eap.hpp"
#include "core/auth/packets.hpp"
#include "core/auth/pap.hpp"
#include "core/frame.hpp"
#include "core/packet.hpp"

namespace ppp::auth {

std::string_view to_string(Method m) {
    switch (m) {
        case Method::None: return "";
        case Method::Pap: return "PAP";
        case Method::ChapMd5: return "CHAP-MD5";
        case Method::MsChap: return "MS-CHAP";
        case Method::MsChapV2: return "MS-CHAPv2";
        case Method::EapMd5: return "EAP-MD5";
    }
    return "";
}

std::uint16_t protocol_of(Method m) {
    switch (m) {
        case Method::Pap: return proto::kPap;
        case Method::ChapMd5:
        case Method::MsChap:
        case Method::MsChapV2: return proto::kChap;
        case Method::EapMd5: return proto::kEap;
        case Method::None: break;
    }
    return 0;
}

std::vector<std::uint8_t> option_value(Method m) {
    const std::uint16_t p = protocol_of(m);
    std::vector<std::uint8_t> v{static_cast<std::uint8_t>(p >> 8), static_cast<std::uint8_t>(p)};
    if (m == Method::ChapMd5) v.push_back(chap::kMd5);
    if (m == Method::MsChap) v.push_back(chap::kMsChap);
    if (m == Method::MsChapV2) v.push_back(chap::kMsChapV2);
    return v;
}

std::optional<Method> method_of_option(Bytes v) {
    if (v.size() < 2) return std::nullopt;
    const std::uint16_t p = get_u16(v);
    if (p == proto::kPap && v.size() == 2) return Method::Pap;
    if (p == proto::kEap && v.size() == 2) return Method::EapMd5;
    if (p == proto::kChap && v.size() == 3) {
        if (v[2] == chap::kMd5) return Method::ChapMd5;
        if (v[2] == chap::kMsChap) return Method::MsChap;
        if (v[2] == chap::kMsChapV2) return Method::MsChapV2;
    }
    return std::nullopt;
}

std::string describe_option_value(Bytes v) {
    if (auto m = method_of_option(v)) return std::string(to_string(*m));
    if (v.size() < 2) return "malformed authentication protocol";
    const std::uint16_t p = get_u16(v);
    if (p == proto::kChap && v.size() == 3) {
        if (v[2] == 6) return "CHAP-SHA1";
        char b[32];
        std::snprintf(b, sizeof b, "CHAP algorithm 0x%02x", v[2]);
        return b;
    }
    char b[32];
    std::snprintf(b, sizeof b, "protocol 0x%04x", p);
    return b;
}

bool Config::refuses(Method m) const {
    switch (m) {
        case Method::Pap: return refuse_pap;
        case Method::ChapMd5: return refuse_chap;
        case Method::MsChap: return refuse_mschap;
        case Method::MsChapV2: return refuse_mschap_v2;
        case Method::EapMd5: return refuse_eap;
        case Method::None: break;
    }
    return true;
}

std::optional<std::string> our_secret(const Config& config, Method method, std::string_view server) {
    if (!config.password.empty()) return config.password;
    if (!config.secrets) return std::nullopt;
    auto s = config.secrets(method, config.user, server);
    if (!s) return std::nullopt;
    return s->secret;
}

bool can_authenticate(const Config& config, Method method, std::string_view server) {
    return method != Method::None && !config.refuses(method) && our_secret(config, method, server).has_value();
}

std::string id_text(std::uint8_t id) {
    char b[16];
    std::snprintf(b, sizeof b, "id=0x%x", id);
    return b;
}

std::string seconds(Duration d) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}

std::unique_ptr<Protocol> make_protocol(Role role, Method method, const Config& config, Events& events) {
    const bool client = role == Role::Authenticatee;
    switch (method) {
        case Method::Pap:
            if (client) return std::make_unique<PapClient>(config, events);
            return std::make_unique<PapServer>(config, events);
        case Method::ChapMd5:
        case Method::MsChap:
        case Method::MsChapV2:
            if (client) return std::make_unique<ChapClient>(method, config, events);
            return std::make_unique<ChapServer>(method, config, events);
        case Method::EapMd5:
            if (client) return std::make_unique<EapClient>(config, events);
            return std::make_unique<EapServer>(config, events);
        case Method::None: break;
    }
    return nullptr;
}

}  // namespace ppp::auth
