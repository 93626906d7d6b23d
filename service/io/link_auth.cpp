// Link: what the session needs to authenticate, from the peer's options and
// pppd's secrets files (pppd(8) AUTHENTICATION).
#include <sys/random.h>
#include <unistd.h>

#include <cstring>

#include "io/link_impl.hpp"
#include "io/secrets_file.hpp"

namespace ppp::io {
namespace {

// pppd's default for `name`: the host name.
std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

void random_fill(std::span<std::uint8_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            // Cannot happen on Linux >= 3.17 once booted; never send a predictable challenge silently.
            throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

void Link::Impl::load_secrets() {
    auto load = [&](const std::string& file) {
        auto result = std::make_shared<secrets::ParseResult>(
            load_secrets_file(paths.config_dir + "/" + file, paths.private_secrets));
        // Bad lines are skipped, as pppd does; say where they are (the
        // messages never contain a secret).
        for (const auto& e : result->errors) log_line(std::string("warning: ") + e.what());
        return result;
    };
    pap_secrets = load("pap-secrets");
    chap_secrets = load("chap-secrets");
}

auth::Config Link::Impl::auth_config() const {
    using auth::Method;
    auth::Config a;
    const std::string our_name = options.name.empty() ? host_name() : options.name;
    a.name = our_name;
    a.user = options.user.empty() ? our_name : options.user;
    a.remote_name = options.remotename;
    a.password = options.password;
    a.refuse_pap = options.refuse_pap;
    a.refuse_chap = options.refuse_chap;
    a.refuse_mschap = options.refuse_mschap;
    a.refuse_mschap_v2 = options.refuse_mschap_v2;
    a.refuse_eap = options.refuse_eap;

    // require-*: those; `auth` alone: whatever we have secrets for. Both in
    // pppd's order of preference (EAP; CHAP-MD5, MS-CHAPv2, MS-CHAP; PAP).
    const bool any_require = options.require_eap || options.require_chap || options.require_mschap_v2 ||
                             options.require_mschap || options.require_pap;
    const bool have_chap = chap_secrets && !chap_secrets->entries.empty();
    const bool have_pap = pap_secrets && !pap_secrets->entries.empty();
    if (any_require) {
        if (options.require_eap) a.require.push_back(Method::EapMd5);
        if (options.require_chap) a.require.push_back(Method::ChapMd5);
        if (options.require_mschap_v2) a.require.push_back(Method::MsChapV2);
        if (options.require_mschap) a.require.push_back(Method::MsChap);
        if (options.require_pap) a.require.push_back(Method::Pap);
    } else if (options.auth && !options.noauth) {
        if (have_chap) a.require = {Method::EapMd5, Method::ChapMd5, Method::MsChapV2, Method::MsChap};
        if (have_pap) a.require.push_back(Method::Pap);
        // Nothing to check the peer against: ask for CHAP anyway, so the
        // failure says that no secret was found instead of letting it in.
        if (a.require.empty()) a.require.push_back(Method::ChapMd5);
    }

    a.pap_restart = std::chrono::seconds(options.pap_restart);
    a.pap_max_authreq = options.pap_max_authreq;
    a.pap_timeout = std::chrono::seconds(options.pap_timeout);
    a.chap_restart = std::chrono::seconds(options.chap_restart);
    a.chap_max_challenge = options.chap_max_challenge;
    a.chap_interval = std::chrono::seconds(options.chap_interval);
    a.eap_restart = std::chrono::seconds(options.eap_restart);
    a.eap_max_sreq = options.eap_max_sreq;
    a.eap_timeout = std::chrono::seconds(options.eap_timeout);
    a.eap_max_rreq = options.eap_max_rreq;
    a.eap_interval = std::chrono::seconds(options.eap_interval);

    auto pap = pap_secrets ? pap_secrets : std::make_shared<const secrets::ParseResult>();
    auto chap = chap_secrets ? chap_secrets : std::make_shared<const secrets::ParseResult>();
    a.secrets = [pap, chap](Method m, std::string_view client, std::string_view server) -> std::optional<auth::Secret> {
        const auto& entries = (m == Method::Pap ? pap : chap)->entries;
        // No server name known yet (PAP without `remotename`): any line for
        // this client, as pppd does.
        const secrets::Entry* e = server.empty() ? secrets::lookup_partial(entries, client, std::nullopt)
                                                 : secrets::lookup(entries, client, server);
        if (!e) return std::nullopt;
        auth::Secret s{e->secret, e->addresses, {}, secrets::suggested_address(*e)};
        // pppd checks the peer's address against the line it authenticated with.
        s.allows = [entry = *e](Ipv4 address) { return secrets::address_allowed(entry, address); };
        return s;
    };
    a.random = random_fill;
    return a;
}

}  // namespace ppp::io
