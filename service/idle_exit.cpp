#include "idle_exit.hpp"

#include <cstdio>
#include <utility>

namespace ppp {

IdleExit::IdleExit(io::EventLoop& loop, sdbus::IConnection& connection, std::chrono::seconds timeout,
                   std::function<bool()> links_idle, std::function<void()> exit)
    : timeout_(timeout), links_idle_(std::move(links_idle)), exit_(std::move(exit)), timer_(loop, [this] { expired(); }) {
    if (timeout_.count() <= 0) {
        std::fprintf(stderr, "pppkitd: no idle timeout, staying until stopped\n");
        return;
    }
    own_name_ = connection.getUniqueName();
    // Matches run on every incoming message before it is dispatched (and
    // return without consuming it), so this sees each call to any object.
    calls_ = connection.addMatch("type='method_call'", [this](sdbus::Message& message) {
        const auto sender = message.getSender();
        if (sender.empty() || sender == own_name_) return;
        clients_.insert(sender);
        restart();
    });
    owners_ = connection.addMatch(
        "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged'",
        [this](sdbus::Message& message) {
            std::string name, old_owner, new_owner;
            message >> name >> old_owner >> new_owner;
            if (!new_owner.empty() || clients_.erase(name) == 0) return;
            if (clients_.empty()) restart();
        });
    std::fprintf(stderr, "pppkitd: leaving after %lld s idle (no link up, no client)\n",
                 static_cast<long long>(timeout_.count()));
    restart();
}

void IdleExit::restart() {
    timer_.arm(io::EventLoop::now() + timeout_);
}

void IdleExit::expired() {
    std::string reason;
    if (!links_idle_())
        reason = "a link is not Disconnected";
    else if (!clients_.empty())
        reason = std::to_string(clients_.size()) + " client(s) still connected";
    if (reason.empty()) {
        std::fprintf(stderr, "pppkitd: idle for %lld s, exiting (the next call starts pppkitd again)\n",
                     static_cast<long long>(timeout_.count()));
        exit_();
        return;
    }
    if (reason != last_reason_)
        std::fprintf(stderr, "pppkitd: staying: %s; checking again every %lld s\n", reason.c_str(),
                     static_cast<long long>(timeout_.count()));
    last_reason_ = reason;
    restart();
}

}  // namespace ppp
