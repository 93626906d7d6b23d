#include "dbus/authorization.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

#include "dbus/errors.hpp"
#include "dbus/message_flags.hpp"

namespace ppp::dbus {
namespace {

constexpr const char* kBusDriver = "org.freedesktop.DBus";
constexpr const char* kBusDriverPath = "/org/freedesktop/DBus";
constexpr const char* kPolkitName = "org.freedesktop.PolicyKit1";
constexpr const char* kPolkitPath = "/org/freedesktop/PolicyKit1/Authority";
constexpr const char* kPolkitAuthority = "org.freedesktop.PolicyKit1.Authority";
// CheckAuthorization flags (polkit's PolkitCheckAuthorizationFlags).
constexpr std::uint32_t kAllowUserInteraction = 1;

using PolkitSubject = sdbus::Struct<std::string, std::map<std::string, sdbus::Variant>>;
using PolkitResult = sdbus::Struct<bool, bool, std::map<std::string, std::string>>;

// org.freedesktop.ppp1.Error.NotAuthorized with one sentence saying what happened and what to do.
sdbus::Error not_authorized(const std::string& sentence) {
    return sdbus::Error(error_name(ErrorCode::NotAuthorized), sentence);
}

std::string describe(Action action, const std::string& peer) {
    switch (action) {
        case Action::Connect: return "connect " + peer;
        case Action::Disconnect: return "disconnect " + peer;
        case Action::Manage: return "change pppkitd's configuration";
    }
    return "do this";
}

}  // namespace

std::string_view polkit_action_id(Action action) {
    switch (action) {
        case Action::Connect: return "org.freedesktop.ppp1.connect";
        case Action::Disconnect: return "org.freedesktop.ppp1.disconnect";
        case Action::Manage: return "org.freedesktop.ppp1.manage";
    }
    return "org.freedesktop.ppp1.manage";
}

Caller caller_of(const sdbus::MethodCall& call) {
    return Caller{call.getSender(), allows_interactive_authorization(call)};
}

const sdbus::MethodCall& current_call(const sdbus::IObject& object) {
    const sdbus::Message* message = object.getCurrentlyProcessedMessage();
    if (message == nullptr) throw std::logic_error("current_call() outside a D-Bus method handler");
    // sdbus-c++ dispatches method handlers with a MethodCall; the IObject API
    // only exposes it as its base class.
    return static_cast<const sdbus::MethodCall&>(*message);
}

Authorizer::Authorizer(sdbus::IConnection& connection)
    : connection_(connection),
      bus_(sdbus::createProxy(connection, kBusDriver, kBusDriverPath)),
      polkit_(sdbus::createProxy(connection, kPolkitName, kPolkitPath)) {
    // A unique name that loses its owner is a caller that left the bus; the
    // match covers every name (arg2 = new owner = "") so no per-call match
    // has to be added synchronously.
    name_lost_match_ = connection_.addMatch(
        "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
        "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg2=''",
        [this](sdbus::Message& message) {
            std::string name, old_owner, new_owner;
            try {
                message >> name >> old_owner >> new_owner;
            } catch (const sdbus::Error&) {
                return;
            }
            if (new_owner.empty() && !name.empty() && name.front() == ':') name_lost(name);
        });
}

Authorizer::~Authorizer() {
    for (auto& [id, check] : pending_) check.call.cancel();
}

void Authorizer::check(const Caller& caller, Action action, const std::string& peer, Done done) {
    std::size_t from_caller = 0;
    for (const auto& [other, pending] : pending_) from_caller += pending.caller.name == caller.name;
    if (from_caller >= kMaxPendingPerCaller || pending_.size() >= kMaxPending) {
        done(sdbus::Error("org.freedesktop.DBus.Error.LimitsExceeded",
                          "Too many calls are waiting for authorization already; wait for their answers first."),
             0);
        return;
    }
    const std::uint64_t id = next_id_++;
    auto& check = pending_[id];
    check.caller = caller;
    check.action = action;
    check.peer = peer;
    check.done = std::move(done);
    if (caller.name.empty() || caller.name.front() != ':') {
        // Only a peer-to-peer connection has no unique name; there is no bus
        // to ask who it is.
        finish(id, not_authorized("The caller has no unique bus name, so it cannot be identified and is refused; "
                                  "call over the system bus."));
        return;
    }
    try {
        check.call = bus_->callMethodAsync("GetConnectionUnixUser")
                         .onInterface(kBusDriver)
                         .withArguments(caller.name)
                         .uponReplyInvoke([this, id](const sdbus::Error* error, std::uint32_t uid) {
                             got_uid(id, error, uid);
                         });
    } catch (const sdbus::Error& e) {
        finish(id, not_authorized("The caller cannot be identified (" + e.getMessage() +
                                  "), so it is refused; try again."));
    }
}

void Authorizer::got_uid(std::uint64_t id, const sdbus::Error* error, std::uint32_t uid) {
    if (pending_.count(id) == 0) return;
    if (error != nullptr) {
        finish(id, not_authorized("The caller cannot be identified (" + error->getMessage() +
                                  "), so it is refused; try again."));
        return;
    }
    pending_.at(id).uid = uid;
    if (uid == 0) {
        finish(id, std::nullopt);
        return;
    }
    ask_polkit(id);
}

void Authorizer::ask_polkit(std::uint64_t id) {
    auto& check = pending_.at(id);
    const PolkitSubject subject{"system-bus-name", {{"name", sdbus::Variant(check.caller.name)}}};
    std::map<std::string, std::string> details;
    if (!check.peer.empty()) details.emplace("peer", check.peer);
    const std::uint32_t flags = check.caller.interactive ? kAllowUserInteraction : 0;
    // polkit wants the id unique among this connection's checks.
    check.cancellation_id = "pppkitd-" + std::to_string(id);
    try {
        check.call = polkit_->callMethodAsync("CheckAuthorization")
                         .onInterface(kPolkitAuthority)
                         .withTimeout(check.caller.interactive ? kInteractiveCheckTimeout : kCheckTimeout)
                         .withArguments(subject, std::string(polkit_action_id(check.action)), details, flags,
                                        check.cancellation_id)
                         .uponReplyInvoke([this, id](const sdbus::Error* error, const PolkitResult& result) {
                             got_answer(id, error, error == nullptr && result.get<0>(),
                                        error == nullptr && result.get<1>());
                         });
    } catch (const sdbus::Error& e) {
        finish(id, not_authorized("Whether you may " + describe(check.action, check.peer) +
                                  " cannot be checked: polkit cannot be asked (" + e.getMessage() +
                                  "); make sure polkitd is installed and running."));
    }
}

void Authorizer::got_answer(std::uint64_t id, const sdbus::Error* error, bool authorized, bool challenge) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    const auto& check = it->second;
    if (error != nullptr) {
        std::fprintf(stderr, "pppkitd: polkit check for %s failed (%s: %s); refusing\n", check.caller.name.c_str(),
                     error->getName().c_str(), error->getMessage().c_str());
        finish(id, not_authorized("Whether you may " + describe(check.action, check.peer) +
                                  " cannot be checked: polkit did not answer (" + error->getMessage() +
                                  "); make sure polkitd is installed and running."));
        return;
    }
    if (authorized) {
        finish(id, std::nullopt);
        return;
    }
    std::string sentence;
    if (check.action == Action::Manage) {
        sentence =
            "Only an administrator may " + describe(check.action, check.peer) + "; run this as root (e.g. with sudo)";
    } else if (challenge) {
        sentence = "You may " + describe(check.action, check.peer) +
                   " only with an administrator's password, and nothing could ask you for it; ask an administrator "
                   "to add you to group dip, or use a desktop session with a polkit agent";
    } else {
        sentence = "You may not " + describe(check.action, check.peer) +
                   "; ask an administrator to add you to group dip";
    }
    if (challenge && check.action == Action::Manage) sentence += " or from a desktop session with a polkit agent";
    finish(id, not_authorized(sentence + "."));
}

void Authorizer::name_lost(const std::string& name) {
    for (auto it = pending_.begin(); it != pending_.end();) {
        auto& check = it->second;
        if (check.caller.name != name) {
            ++it;
            continue;
        }
        check.call.cancel();
        if (!check.cancellation_id.empty()) {
            try {
                polkit_->callMethodAsync("CancelCheckAuthorization")
                    .onInterface(kPolkitAuthority)
                    .withArguments(check.cancellation_id)
                    .uponReplyInvoke([](const sdbus::Error*) {});
            } catch (const sdbus::Error& e) {
                std::fprintf(stderr, "pppkitd: cannot cancel a polkit check: %s\n", e.getMessage().c_str());
            }
        }
        std::fprintf(stderr, "pppkitd: %s left the bus before it was authorized to %s; doing nothing\n",
                     name.c_str(), describe(check.action, check.peer).c_str());
        it = pending_.erase(it);
    }
}

void Authorizer::finish(std::uint64_t id, std::optional<sdbus::Error> verdict) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    Done done = std::move(it->second.done);
    const std::uint32_t uid = it->second.uid;
    if (verdict) {
        // Refusals go to the journal: an administrator wants to see them.
        std::fprintf(stderr, "pppkitd: refused to let %s %s: %s\n", it->second.caller.name.c_str(),
                     describe(it->second.action, it->second.peer).c_str(), verdict->getMessage().c_str());
    }
    pending_.erase(it);
    if (done) done(std::move(verdict), uid);
}

}  // namespace ppp::dbus
