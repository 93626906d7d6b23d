// Client-side objects of org.freedesktop.ppp1 over the generated proxies; all
// share one connection that the caller drives (no sdbus-c++ thread).
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "dbus/message_flags.hpp"
#include "dbus/names.hpp"
#include "ppp1/link_proxy.h"
#include "ppp1/manager_proxy.h"

namespace pppctl {

class ManagerProxy final : public sdbus::ProxyInterfaces<org::freedesktop::ppp1::Manager_proxy> {
public:
    // How long a call may wait for a person to answer polkit's password prompt.
    static constexpr auto kInteractiveTimeout = std::chrono::seconds(310);

    explicit ManagerProxy(sdbus::IConnection& connection)
        : ProxyInterfaces(connection, ppp::dbus::kBusName, ppp::dbus::kManagerPath) {
        registerProxy();
    }
    ~ManagerProxy() { unregisterProxy(); }

    // Connect, Disconnect and Reload; with `interactive`, the call allows
    // polkit to ask for a password (ALLOW_INTERACTIVE_AUTHORIZATION) and
    // waits long enough for someone to type it.
    sdbus::ObjectPath connect(const std::string& name, bool interactive) {
        sdbus::ObjectPath path;
        call("Connect", interactive, [&](sdbus::MethodCall& m) { m << name; }) >> path;
        return path;
    }
    void disconnect(const std::string& name, bool interactive) {
        call("Disconnect", interactive, [&](sdbus::MethodCall& m) { m << name; });
    }
    void reload(bool interactive) {
        call("Reload", interactive, [](sdbus::MethodCall&) {});
    }

private:
    template <class Fill>
    sdbus::MethodReply call(const char* method, bool interactive, Fill fill) {
        auto message = getProxy().createMethodCall(ppp::dbus::kManagerInterface, method);
        fill(message);
        if (!interactive) return getProxy().callMethod(message);
        ppp::dbus::allow_interactive_authorization(message);
        const auto timeout = std::chrono::microseconds(kInteractiveTimeout).count();
        return getProxy().callMethod(message, static_cast<std::uint64_t>(timeout));
    }
};

class ObjectManagerProxy final : public sdbus::ProxyInterfaces<sdbus::ObjectManager_proxy> {
public:
    explicit ObjectManagerProxy(sdbus::IConnection& connection)
        : ProxyInterfaces(connection, ppp::dbus::kBusName, ppp::dbus::kManagerPath) {
        registerProxy();
    }
    ~ObjectManagerProxy() { unregisterProxy(); }

private:
    void onInterfacesAdded(const sdbus::ObjectPath&,
                           const std::map<std::string, std::map<std::string, sdbus::Variant>>&) override {}
    void onInterfacesRemoved(const sdbus::ObjectPath&, const std::vector<std::string>&) override {}
};

class LinkProxy final
    : public sdbus::ProxyInterfaces<org::freedesktop::ppp1::Link_proxy, sdbus::Properties_proxy> {
public:
    using StateCallback = std::function<void(const std::string& from, const std::string& to, const std::string& reason)>;

    LinkProxy(sdbus::IConnection& connection, const std::string& path, StateCallback on_state = {})
        : ProxyInterfaces(connection, ppp::dbus::kBusName, path), on_state_(std::move(on_state)) {
        registerProxy();
    }
    ~LinkProxy() { unregisterProxy(); }

    // Link.Wait(timeout) without blocking: `done` gets nullptr on success.
    // The D-Bus call itself times out a little after the service's deadline.
    void wait_async(std::uint32_t timeout_seconds, std::function<void(const sdbus::Error*)> done) {
        getProxy()
            .callMethodAsync("Wait")
            .onInterface(ppp::dbus::kLinkInterface)
            .withTimeout(std::chrono::seconds(timeout_seconds) + std::chrono::seconds(5))
            .withArguments(timeout_seconds)
            .uponReplyInvoke(std::move(done));
    }

private:
    void onStateChanged(const std::string& from, const std::string& to, const std::string& reason) override {
        if (on_state_) on_state_(from, to, reason);
    }
    void onLogLine(const std::string&) override {}
    void onPropertiesChanged(const std::string&, const std::map<std::string, sdbus::Variant>&,
                             const std::vector<std::string>&) override {}

    StateCallback on_state_;
};

}  // namespace pppctl
