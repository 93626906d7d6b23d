// Authorization of the mutating methods (Manager.Connect, .Disconnect,
// .Reload, Link.Connect, .Disconnect) through polkit:
// org.freedesktop.PolicyKit1.Authority.CheckAuthorization with the caller's
// system-bus-name as the subject (never a pid: a pid can be reused by another
// process before polkit looks it up), the peer as detail `peer`, and
// AllowUserInteraction when the caller set ALLOW_INTERACTIVE_AUTHORIZATION on
// its call. Everything is asynchronous: the service keeps serving other calls
// while polkit (or an authentication agent asking for a password) decides.
//
// Fail closed: when the caller's uid cannot be looked up, polkit is not on the
// bus, or polkit answers with an error, the answer is no. Callers with uid 0
// need no check. A caller that leaves the bus before the answer gets nothing:
// the check is cancelled (CancelCheckAuthorization) and the method does nothing.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace ppp::dbus {

enum class Action { Connect, Disconnect, Manage };

// "org.freedesktop.ppp1.connect", ".disconnect", ".manage"
std::string_view polkit_action_id(Action);

// What a method handler must take from its call before it returns.
struct Caller {
    std::string name;          // unique bus name, ":1.42"
    bool interactive = false;  // the call allows interactive authorization
};
Caller caller_of(const sdbus::MethodCall& call);

// The method call `object` is handling right now.
const sdbus::MethodCall& current_call(const sdbus::IObject& object);

class Authorizer {
public:
    // nullopt: authorized; otherwise the error to answer with (NotAuthorized).
    // `uid`: the caller's, as the bus daemon told it (meaningful when authorized).
    using Done = std::function<void(std::optional<sdbus::Error>, std::uint32_t uid)>;

    // How long polkit may take to answer: without interaction it answers at
    // once; with it, a person may be typing a password.
    static constexpr std::chrono::seconds kCheckTimeout{25};
    static constexpr std::chrono::seconds kInteractiveCheckTimeout{300};

    // Most checks one caller, and all callers together, may have pending: a
    // client must not make the service (and polkit, and agents) hold an
    // unbounded number of them.
    static constexpr std::size_t kMaxPendingPerCaller = 16;
    static constexpr std::size_t kMaxPending = 1024;

    explicit Authorizer(sdbus::IConnection& connection);
    ~Authorizer();
    Authorizer(const Authorizer&) = delete;
    Authorizer& operator=(const Authorizer&) = delete;

    // Decides whether `caller` may perform `action` on `peer` ("" when the
    // action is not about one peer). `done` runs once, later, from the
    // connection's dispatch — unless the caller leaves the bus first: then
    // the check is cancelled and `done` never runs.
    void check(const Caller& caller, Action action, const std::string& peer, Done done);

    // Checks not decided yet.
    std::size_t pending() const { return pending_.size(); }

private:
    struct Pending {
        Caller caller;
        Action action;
        std::string peer;
        Done done;
        std::uint32_t uid = 0;        // from GetConnectionUnixUser
        std::string cancellation_id;  // set once CheckAuthorization is sent
        sdbus::PendingAsyncCall call;
    };

    void got_uid(std::uint64_t id, const sdbus::Error* error, std::uint32_t uid);
    void ask_polkit(std::uint64_t id);
    void got_answer(std::uint64_t id, const sdbus::Error* error, bool authorized, bool challenge);
    void name_lost(const std::string& name);
    // Removes the check and answers it.
    void finish(std::uint64_t id, std::optional<sdbus::Error> verdict);

    sdbus::IConnection& connection_;
    std::unique_ptr<sdbus::IProxy> bus_;
    std::unique_ptr<sdbus::IProxy> polkit_;
    sdbus::Slot name_lost_match_;
    std::map<std::uint64_t, Pending> pending_;
    std::uint64_t next_id_ = 1;
};

// Runs `body(result)` once the caller of `call` is authorized, from the
// connection's dispatch; answers `result` with the verdict's error otherwise.
// Errors `body` throws become the reply. When `alive` has expired by then
// (the object was removed meanwhile) the reply is `gone` instead. A body that
// takes a second argument gets the caller's uid (pppd's real user, for the
// scripts of a connection).
template <class... Results, class Body>
void authorize_then(Authorizer& authorizer, const sdbus::MethodCall& call, Action action, const std::string& peer,
                    sdbus::Result<Results...>&& result, std::weak_ptr<void> alive, sdbus::Error gone, Body body) {
    auto reply = std::make_shared<sdbus::Result<Results...>>(std::move(result));
    authorizer.check(caller_of(call), action, peer,
                     [reply, alive = std::move(alive), gone = std::move(gone),
                      body = std::move(body)](std::optional<sdbus::Error> verdict, std::uint32_t uid) mutable {
                         try {
                             if (verdict) {
                                 reply->returnError(*verdict);
                             } else if (alive.expired()) {
                                 reply->returnError(gone);
                             } else {
                                 try {
                                     if constexpr (std::is_invocable_v<Body&, sdbus::Result<Results...>&,
                                                                       std::uint32_t>) {
                                         body(*reply, uid);
                                     } else {
                                         (void)uid;
                                         body(*reply);
                                     }
                                 } catch (const sdbus::Error& e) {
                                     reply->returnError(e);
                                 } catch (const std::exception& e) {
                                     reply->returnError(sdbus::Error("org.freedesktop.DBus.Error.Failed", e.what()));
                                 }
                             }
                         } catch (const std::exception&) {
                             // The reply cannot be sent (the bus went away): nobody to tell.
                         }
                     });
}

}  // namespace ppp::dbus
