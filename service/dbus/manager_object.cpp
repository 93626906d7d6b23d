#include "dbus/manager_object.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <set>
#include <utility>

#include "dbus/authorization.hpp"
#include "dbus/errors.hpp"
#include "dbus/names.hpp"
#include "dbus/peer_directory.hpp"

namespace ppp::dbus {

ManagerObject::ManagerObject(sdbus::IConnection& connection, io::EventLoop& loop, io::LinkPaths paths)
    : AdaptorInterfaces(connection, kManagerPath),
      connection_(connection),
      loop_(loop),
      paths_(std::move(paths)),
      authorizer_(connection) {
    registerAdaptor();
    reload();
}

ManagerObject::~ManagerObject() {
    links_.clear();
    unregisterAdaptor();
}

void ManagerObject::add_link(const std::string& name) {
    auto link = std::make_unique<LinkObject>(connection_, loop_, authorizer_, name, paths_);
    link->on_disconnected([this] { check_shutdown_done(); });
    auto& added = *link;
    links_.emplace(name, std::move(link));
    added.emitInterfacesAddedSignal();
    std::fprintf(stderr, "pppkitd: peer %s at %s\n", name.c_str(), added.path().c_str());
}

void ManagerObject::reload() {
    const auto names = scan_peers(paths_.config_dir);
    const std::set<std::string> present(names.begin(), names.end());
    for (auto it = links_.begin(); it != links_.end();) {
        if (present.count(it->first) == 0 && it->second->state() == io::LinkState::Disconnected) {
            std::fprintf(stderr, "pppkitd: peer %s removed\n", it->first.c_str());
            it->second->emitInterfacesRemovedSignal();
            it = links_.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto& name : names) {
        if (auto it = links_.find(name); it != links_.end())
            it->second->reload_config();
        else
            add_link(name);
    }
}

std::string ManagerObject::Version() { return PPPKIT_VERSION; }

void ManagerObject::shutdown(std::function<void()> done) {
    shutdown_done_ = std::move(done);
    for (auto& [name, link] : links_) {
        if (link->state() == io::LinkState::Disconnected) continue;
        try {
            link->start_disconnect("pppkitd is stopping");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: cannot disconnect: %s\n", name.c_str(), e.what());
        }
    }
    check_shutdown_done();
}

bool ManagerObject::all_disconnected() const {
    return std::all_of(links_.begin(), links_.end(), [](const auto& entry) {
        return entry.second->state() == io::LinkState::Disconnected;
    });
}

void ManagerObject::check_shutdown_done() {
    if (!shutdown_done_) return;
    if (!all_disconnected()) return;
    auto done = std::move(shutdown_done_);
    shutdown_done_ = nullptr;
    done();
}

LinkObject& ManagerObject::find(const std::string& name) {
    auto it = links_.find(name);
    if (it == links_.end()) throw make_error(ErrorCode::NoSuchLink, "no peer named '" + name + "'");
    return *it->second;
}

std::vector<sdbus::Struct<std::string, sdbus::ObjectPath, std::string>> ManagerObject::ListLinks() {
    return translate_exceptions([&] {
        std::vector<sdbus::Struct<std::string, sdbus::ObjectPath, std::string>> out;
        out.reserve(links_.size());
        for (const auto& [name, link] : links_) {
            out.emplace_back(name, sdbus::ObjectPath(link->path()), std::string(io::to_string(link->state())));
        }
        return out;
    });
}

sdbus::ObjectPath ManagerObject::GetLink(const std::string& name) {
    return translate_exceptions([&] { return sdbus::ObjectPath(find(name).path()); });
}

void ManagerObject::Connect(sdbus::Result<sdbus::ObjectPath>&& result, std::string name) {
    // An unknown peer is answered at once; the link is looked up again once
    // the caller is authorized (a Reload may have removed it meanwhile).
    if (links_.count(name) == 0)
        return result.returnError(make_error(ErrorCode::NoSuchLink, "no peer named '" + name + "'"));
    authorize_then(authorizer_, current_call(getObject()), Action::Connect, name, std::move(result), alive_,
                   make_error(ErrorCode::NoSuchLink, "pppkitd is stopping"),
                   [this, name](sdbus::Result<sdbus::ObjectPath>& reply, std::uint32_t caller_uid) {
                       auto& link = find(name);
                       link.start_connect(caller_uid);
                       reply.returnResults(sdbus::ObjectPath(link.path()));
                   });
}

void ManagerObject::Disconnect(sdbus::Result<>&& result, std::string name) {
    if (links_.count(name) == 0)
        return result.returnError(make_error(ErrorCode::NoSuchLink, "no peer named '" + name + "'"));
    const auto& call = current_call(getObject());
    authorize_then(authorizer_, call, Action::Disconnect, name, std::move(result), alive_,
                   make_error(ErrorCode::NoSuchLink, "pppkitd is stopping"),
                   [this, name, sender = call.getSender()](sdbus::Result<>& reply) {
                       find(name).start_disconnect("disconnect requested by " + sender);
                       reply.returnResults();
                   });
}

void ManagerObject::Reload(sdbus::Result<>&& result) {
    authorize_then(authorizer_, current_call(getObject()), Action::Manage, "", std::move(result), alive_,
                   make_error(ErrorCode::NotAuthorized, "pppkitd is stopping"), [this](sdbus::Result<>& reply) {
                       reload();
                       reply.returnResults();
                   });
}

}  // namespace ppp::dbus
