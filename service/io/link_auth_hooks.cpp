// Link: pppd's auth-up and auth-down scripts. auth-up runs when the Network
// phase begins after the peer authenticated itself to us, auth-down when
// that link goes down; auth-down waits for a still running auth-up, as in
// pppd. Arguments: interface-name peer-name user-name tty-device speed.
#include <net/if.h>

#include "io/link_impl.hpp"

namespace ppp::io {
namespace {

// The interface the data path will create (the first free pppN, as
// open_tun chooses): it exists only once IPCP is up, after auth-up started,
// where pppd's unit exists from the start of the link.
std::string expected_interface(const config::PeerOptions& o) {
    if (!o.ifname.empty()) return o.ifname;
    if (o.unit) return "ppp" + std::to_string(*o.unit);
    for (int unit = 0; unit < 256; ++unit) {
        const std::string name = "ppp" + std::to_string(unit);
        if (::if_nametoindex(name.c_str()) == 0) return name;
    }
    return "ppp0";
}

}  // namespace

void Link::Impl::run_auth_up() {
    if (peer_authname.empty() || auth_up_info) return;  // once per connection
    NetworkInfo none;
    ScriptInfo info = script_info(none, status.interface.empty() ? expected_interface(options) : status.interface);
    info.local.clear();
    info.remote.clear();
    auth_up_info = info;
    if (auth_down_pending) {
        // The last connection's auth-up still runs: its auth-down is not lost.
        scripts.start(HookScript::AuthDown, *auth_down_pending);
        auth_down_pending.reset();
    }
    // The callback runs from the loop while this Impl (which owns `scripts`) exists.
    auth_up_running = scripts.start(HookScript::AuthUp, info, [this](HookScript, int, int) {
        auth_up_running = false;
        if (auth_down_pending) {
            const ScriptInfo down = std::move(*auth_down_pending);
            auth_down_pending.reset();
            scripts.start(HookScript::AuthDown, down);
        }
    });
}

void Link::Impl::run_auth_down() {
    if (!auth_up_info) return;
    ScriptInfo info = std::move(*auth_up_info);
    auth_up_info.reset();
    if (auth_up_running) {
        auth_down_pending = std::move(info);
        return;
    }
    scripts.start(HookScript::AuthDown, info);
}

}  // namespace ppp::io
