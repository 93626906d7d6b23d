// The org.freedesktop.ppp1.Manager object at /org/freedesktop/ppp1: owns one
// LinkObject per peer file and is their ObjectManager.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "dbus/authorization.hpp"
#include "dbus/link_object.hpp"
#include "io/event_loop.hpp"
#include "io/link.hpp"
#include "ppp1/manager_adaptor.h"

namespace ppp::dbus {

class ManagerObject final
    : public sdbus::AdaptorInterfaces<org::freedesktop::ppp1::Manager_adaptor, sdbus::ObjectManager_adaptor> {
public:
    // Registers the Manager and one Link per peer file found now.
    ManagerObject(sdbus::IConnection& connection, io::EventLoop& loop, io::LinkPaths paths);
    ~ManagerObject();

    // Rescans CONFIG_DIR/peers: adds new peers, removes those whose file is
    // gone (a link that is not Disconnected stays until a later rescan).
    void reload();

    // Hangs up every link that is not Disconnected; `done` runs (once) when
    // every link is Disconnected, possibly right away.
    void shutdown(std::function<void()> done);

    std::size_t link_count() const { return links_.size(); }
    // True when no link is connecting, up or waiting to redial.
    bool all_disconnected() const;

private:
    // org.freedesktop.ppp1.Manager
    std::vector<sdbus::Struct<std::string, sdbus::ObjectPath, std::string>> ListLinks() override;
    sdbus::ObjectPath GetLink(const std::string& name) override;
    void Connect(sdbus::Result<sdbus::ObjectPath>&& result, std::string name) override;
    void Disconnect(sdbus::Result<>&& result, std::string name) override;
    void Reload(sdbus::Result<>&& result) override;
    std::string Version() override;

    LinkObject& find(const std::string& name);
    void add_link(const std::string& name);
    void check_shutdown_done();

    sdbus::IConnection& connection_;
    io::EventLoop& loop_;
    io::LinkPaths paths_;
    Authorizer authorizer_;
    // Expires with the object: authorization answers that arrive later do nothing.
    std::shared_ptr<void> alive_ = std::make_shared<int>(0);
    std::map<std::string, std::unique_ptr<LinkObject>> links_;
    std::function<void()> shutdown_done_;
};

}  // namespace ppp::dbus
